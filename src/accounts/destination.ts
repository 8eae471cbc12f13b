/**
 * Where a physician's post goes, per platform:
 * 1. their own connected account;
 * 2. else the clinic's account (the global TELEGRAM_*, X_*, THREADS_* settings), if set and
 *    the physician may use it (CLINIC_ACCOUNTS=all, or an admin listed them);
 * 3. else, outside production, the local outbox;
 * 4. else nowhere: the card asks the physician to connect an account.
 *
 * A publication pins its destination (`account_ref`) on its first attempt, so a retry or the
 * rest of a thread goes to the same account even if the physician connects another meanwhile.
 */
import type { Config } from "../config";
import type { Db } from "../db/client";
import type { Account, Physician, Platform } from "../db/schema";
import { findAccount } from "./store";

export const CLINIC_REF = "clinic";
export const OUTBOX_REF = "outbox";
/**
 * A physician's own account is pinned by what it *is* on the platform (`own:<external id>`),
 * not by our row: reconnecting the same account keeps a thread going, and switching to
 * another account never continues a thread there.
 */
const OWN_PREFIX = "own:";

export function ownRef(account: Pick<Account, "externalId">): string {
  return `${OWN_PREFIX}${account.externalId}`;
}

export type Choice =
  | { kind: "own"; ref: string; account: Account }
  | { kind: "clinic"; ref: typeof CLINIC_REF }
  | { kind: "outbox"; ref: typeof OUTBOX_REF }
  | {
      kind: "none";
      /** `no_account`: nothing connected or allowed; `gone`: the pinned account was disconnected. */
      why: "no_account" | "gone" | "clinic_withdrawn";
    };

export function clinicConfigured(platform: Platform, config: Config): boolean {
  if (platform === "telegram") return Boolean(config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_CHAT_ID);
  if (platform === "x") return Boolean(config.X_API_KEY && config.X_ACCESS_TOKEN);
  return Boolean(config.THREADS_USER_ID && config.THREADS_ACCESS_TOKEN);
}

export function mayUseClinic(physician: Physician, config: Config): boolean {
  return config.CLINIC_ACCOUNTS === "all" || physician.clinicAccounts;
}

function outboxAllowed(config: Config): boolean {
  return config.ENVIRONMENT !== "production" && config.LOCAL_OUTBOX !== "off";
}

/** The destination of a new post (nothing pinned yet). */
export async function chooseDestination(
  db: Db,
  config: Config,
  physician: Physician,
  platform: Platform,
): Promise<Choice> {
  const own = await findAccount(db, physician.id, platform);
  if (own) return { kind: "own", ref: ownRef(own), account: own };
  if (clinicConfigured(platform, config) && mayUseClinic(physician, config)) {
    return { kind: "clinic", ref: CLINIC_REF };
  }
  if (outboxAllowed(config)) return { kind: "outbox", ref: OUTBOX_REF };
  return { kind: "none", why: "no_account" };
}

/** The destination a publication pinned, or a fresh choice when it pinned none. */
export async function pinnedDestination(
  db: Db,
  config: Config,
  physician: Physician,
  platform: Platform,
  pinned: string | null,
): Promise<Choice> {
  if (pinned === null) return chooseDestination(db, config, physician, platform);
  if (pinned === OUTBOX_REF)
    return outboxAllowed(config) ? { kind: "outbox", ref: OUTBOX_REF } : none("gone");
  if (pinned === CLINIC_REF) {
    return clinicConfigured(platform, config) && mayUseClinic(physician, config)
      ? { kind: "clinic", ref: CLINIC_REF }
      : none("clinic_withdrawn");
  }
  const account = pinned.startsWith(OWN_PREFIX) ? await findAccount(db, physician.id, platform) : undefined;
  return account && ownRef(account) === pinned ? { kind: "own", ref: pinned, account } : none("gone");
}

function none(why: "gone" | "clinic_withdrawn"): Choice {
  return { kind: "none", why };
}

/** The account's name for cards and App Home: `@handle`, a channel's title, or the clinic's. */
export function destinationLabel(choice: Choice, platform: Platform, config: Config): string | null {
  switch (choice.kind) {
    case "own":
      return choice.account.handle;
    case "clinic":
      return clinicLabel(platform, config);
    case "outbox":
      return "local outbox";
    case "none":
      return null;
  }
}

function clinicLabel(platform: Platform, config: Config): string {
  const chat = config.TELEGRAM_CHAT_ID ?? "";
  if (platform === "telegram" && chat.startsWith("@")) return `${chat} (clinic)`;
  return "clinic account";
}

/** The `publish_holds` key of the account: rate limits are counted per account. */
export function accountHoldKey(choice: Choice, platform: Platform, config: Config): string {
  if (platform === "telegram") {
    const chat = choice.kind === "own" ? choice.account.externalId : (config.TELEGRAM_CHAT_ID ?? "");
    return `telegram:${chat}`;
  }
  // The platform counts per user: two physicians who connected one X account share its count.
  return choice.kind === "own" ? `${platform}:${choice.account.externalId}` : platform;
}
