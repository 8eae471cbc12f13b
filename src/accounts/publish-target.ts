/**
 * What the publisher needs for a chosen destination, opened at the last moment: a channel id,
 * or a current access token. X tokens are refreshed when they expire within five minutes
 * (and once more when X answers 401); a refresh X refuses, an expired Threads token or an
 * account already marked `reconnect` stops with the `reconnect` refusal, naming the account,
 * instead of retrying.
 */
import type { Account, Platform } from "../db/schema";
import { TokenCryptoError } from "../lib/token-crypto";
import type { OwnTarget } from "../publishers";
import { PublishError } from "../publishers/types";
import type { Services } from "../services";
import type { Choice } from "./destination";
import { OAuthError } from "./oauth-http";
import { getAccount, markReconnect, openTokens, replaceTokens } from "./store";
import { refreshXToken } from "./x-oauth";

/** Refresh an X token this close to its expiry rather than post with it. */
export const X_REFRESH_MARGIN_MS = 5 * 60_000;

const PLATFORM_NAMES: Record<Platform, string> = { telegram: "Telegram", x: "X", threads: "Threads" };

export function reconnectError(account: Pick<Account, "platform" | "handle">, why: string): PublishError {
  return new PublishError(
    "rejected",
    `${PLATFORM_NAMES[account.platform]} account ${account.handle} must be reconnected: ${why}`,
    undefined,
    { cause: "reconnect" },
  );
}

/** The settings of each platform's clinic account, named (never their values) for admins. */
const CLINIC_SETTINGS: Record<Platform, string> = {
  telegram: "TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID",
  x: "X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_SECRET",
  threads: "THREADS_USER_ID and THREADS_ACCESS_TOKEN",
};

function noneMessage(why: Extract<Choice, { kind: "none" }>["why"], platform: Platform): string {
  const name = PLATFORM_NAMES[platform];
  if (why === "gone") return `Not published: the ${name} account this post was going to was disconnected.`;
  if (why === "clinic_withdrawn")
    return `Not published: the clinic's ${name} account is no longer available to this physician.`;
  return `Not published: no ${name} account is connected, and no clinic account is available (${CLINIC_SETTINGS[platform]}; CLINIC_ACCOUNTS).`;
}

export async function openTarget(
  services: Services,
  choice: Choice,
  platform: Platform,
  opts: { forceRefresh?: boolean } = {},
): Promise<OwnTarget | "outbox" | undefined> {
  switch (choice.kind) {
    case "clinic":
      return undefined;
    case "outbox":
      return "outbox";
    case "none":
      throw new PublishError("not_configured", noneMessage(choice.why, platform));
    case "own":
      try {
        return await ownTarget(services, choice.account, opts.forceRefresh === true);
      } catch (err) {
        if (!(err instanceof TokenCryptoError)) throw err;
        // Our fault, not the physician's: a key was dropped before its tokens were re-sealed.
        services.log.error("account_token_unreadable", { platform, error: err.message });
        throw new PublishError(
          "rejected",
          `The account's token could not be opened: ${err.message}`,
          undefined,
          {
            cause: "other",
          },
        );
      }
  }
}

async function ownTarget(services: Services, account: Account, forceRefresh: boolean): Promise<OwnTarget> {
  if (account.status === "reconnect")
    throw reconnectError(account, account.lastError ?? "the sign-in expired");
  if (account.platform === "telegram") return { platform: "telegram", chatId: account.externalId };
  const tokens = await openTokens(services.config, account);
  if (!tokens) throw reconnectError(account, "no token is stored");
  if (account.platform === "threads") {
    if ((tokens.accessExpiresAt ?? Number.POSITIVE_INFINITY) <= Date.now()) {
      await markReconnect(services.db, account, "the token expired");
      throw reconnectError(account, "the token expired");
    }
    return { platform: "threads", userId: account.externalId, accessToken: tokens.accessToken };
  }
  const expiring = (tokens.accessExpiresAt ?? Number.POSITIVE_INFINITY) <= Date.now() + X_REFRESH_MARGIN_MS;
  if (!forceRefresh && !expiring) return { platform: "x", bearer: tokens.accessToken };
  return { platform: "x", bearer: await refreshedXToken(services, account, tokens.refreshToken) };
}

/** How long a losing refresh waits for the winner's token to be stored. */
const RACE_GRACE_MS = 1500;

/** The access token of a newer version of the account (a refresh or reconnect elsewhere). */
async function renewedMeanwhile(services: Services, account: Account): Promise<string | undefined> {
  for (const wait of [0, RACE_GRACE_MS]) {
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const newer = await getAccount(services.db, account.id);
    if (newer && newer.tokenVersion !== account.tokenVersion && newer.status === "active") {
      return (await openTokens(services.config, newer))?.accessToken;
    }
  }
  return undefined;
}

/**
 * Refreshes an X account's token. X's refresh tokens are single use: if another attempt
 * refreshed first, its stored token is the one to use (our own refresh then fails).
 */
async function refreshedXToken(
  services: Services,
  account: Account,
  refreshToken: string | undefined,
): Promise<string> {
  const { db, config, log } = services;
  if (!refreshToken) {
    await markReconnect(db, account, "X gave no refresh token");
    throw reconnectError(account, "X gave no refresh token");
  }
  try {
    const tokens = await refreshXToken(config, refreshToken);
    if (
      await replaceTokens(db, config, account, {
        ...tokens,
        refreshToken: tokens.refreshToken ?? refreshToken,
      })
    ) {
      log.info("account_token_refreshed", { platform: "x" });
      return tokens.accessToken;
    }
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err;
    // Another attempt may have used the same single-use refresh token a moment earlier:
    // its new token is (or is about to be) stored. Only if none appears is it X refusing.
    const newer = await renewedMeanwhile(services, account);
    if (newer) return newer;
    if (err.kind === "unavailable") throw new PublishError("transient", "X did not answer a token refresh.");
    log.warn("account_refresh_refused", { platform: "x" });
    await markReconnect(db, account, "X refused to renew the sign-in (revoked or expired)");
    throw reconnectError(account, "X refused to renew the sign-in (revoked or expired)");
  }
  // Lost the race after X answered: the winner's token is stored (ours is dropped).
  const newer = await renewedMeanwhile(services, account);
  if (!newer) throw new PublishError("transient", "The account changed while its token was renewed.");
  return newer;
}
