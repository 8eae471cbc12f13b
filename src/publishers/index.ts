/**
 * Publisher factory: the adapter for a platform, built from config. `configured` tells
 * whether its credentials are set; publishing with an unconfigured one fails with
 * `not_configured` and a message naming the settings (never their values) — except outside
 * production, where an unconfigured platform publishes to the local outbox (`outbox`).
 */
import type { Config } from "../config";
import type { Db } from "../db/client";
import type { Platform } from "../db/schema";
import { createOutboxPublisher } from "./outbox";
import { createTelegramPublisher } from "./telegram";
import { createThreadsPublisher } from "./threads";
import { DEFAULT_DEPS, type Publisher, type PublisherDeps } from "./types";
import { createXPublisher } from "./x";

/** A physician's own account, with what its platform needs to post (opened just now). */
export type OwnTarget =
  | { platform: "telegram"; chatId: string }
  | { platform: "x"; bearer: string }
  | { platform: "threads"; userId: string; accessToken: string };

/** The platform's adapter for the clinic's account (config), or for `target`. */
export function createPublisher(
  platform: Platform,
  config: Config,
  deps: Partial<PublisherDeps> = {},
  target?: OwnTarget,
): Publisher {
  const resolved: PublisherDeps = { ...DEFAULT_DEPS, ...deps };
  switch (platform) {
    case "telegram":
      return createTelegramPublisher(config, resolved, target?.platform === "telegram" ? target : undefined);
    case "x":
      return createXPublisher(config, resolved, target?.platform === "x" ? target : undefined);
    case "threads":
      return createThreadsPublisher(config, resolved, target?.platform === "threads" ? target : undefined);
  }
}

/**
 * Where the physician can see the account's latest posts, to check a post we could not
 * confirm: X by user id (the OAuth 1.0a access token starts with it), a Telegram channel by
 * username or private id, Threads' profile when the user id is known (by id it cannot be
 * linked, so the generic app). Null when nothing useful can be linked.
 */
export function accountUrl(platform: Platform, config: Config): string | null {
  if (platform === "x") {
    const userId = /^(\d+)-/.exec(config.X_ACCESS_TOKEN ?? "")?.[1];
    return userId ? `https://x.com/intent/user?user_id=${userId}` : null;
  }
  if (platform === "telegram") {
    const chat = config.TELEGRAM_CHAT_ID ?? "";
    if (chat.startsWith("@")) return `https://t.me/${chat.slice(1)}`;
    return chat.startsWith("-100") ? `https://t.me/c/${chat.slice(4)}` : null;
  }
  return config.THREADS_USER_ID ? "https://www.threads.net/" : null;
}

/**
 * The publisher a draft's post goes through: the physician's own account (`target`), the
 * clinic's, or the local outbox in development (`outbox`).
 */
export function publisherFor(
  platform: Platform,
  config: Config,
  local: { db: Db; draftId: string },
  target?: OwnTarget | "outbox",
): Publisher {
  if (target === "outbox") return createOutboxPublisher(platform, local.db, local.draftId);
  const real = createPublisher(platform, config, {}, target);
  if (target || real.configured || config.ENVIRONMENT === "production" || config.LOCAL_OUTBOX === "off")
    return real;
  return createOutboxPublisher(platform, local.db, local.draftId);
}

export { PublishError, type Publisher, type PublishResult } from "./types";
