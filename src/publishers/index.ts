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

export function createPublisher(
  platform: Platform,
  config: Config,
  deps: Partial<PublisherDeps> = {},
): Publisher {
  const resolved: PublisherDeps = { ...DEFAULT_DEPS, ...deps };
  switch (platform) {
    case "telegram":
      return createTelegramPublisher(config, resolved);
    case "x":
      return createXPublisher(config, resolved);
    case "threads":
      return createThreadsPublisher(config, resolved);
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

/** The publisher a draft's post goes through: the platform, or the local outbox in development. */
export function publisherFor(
  platform: Platform,
  config: Config,
  local: { db: Db; draftId: string },
): Publisher {
  const real = createPublisher(platform, config);
  if (real.configured || config.ENVIRONMENT === "production" || config.LOCAL_OUTBOX === "off") return real;
  return createOutboxPublisher(platform, local.db, local.draftId);
}

export { PublishError, type Publisher, type PublishResult } from "./types";
