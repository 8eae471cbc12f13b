/**
 * Counts the parts sent to an account in its own Durable Object (one per account key:
 * `telegram:<chat>`, `x:<account>`, `threads:<account>`, or `x` / `threads` for the clinic's),
 * so the platform's per-account limits are kept across physicians, drafts and isolates.
 * A part over the pace is a `rate_limited` refusal scoped to that account: the consumer holds
 * the account until a slot frees and delays the post, as for a platform's own 429.
 */
import type { Config } from "../config";
import type { Platform } from "../db/schema";
import { PublishError, type RateScope } from "../publishers/types";

const PACE: Record<Platform, { limit: (c: Config) => number; windowMs: number; scope: RateScope["limit"] }> =
  {
    telegram: { limit: (c) => c.TELEGRAM_POSTS_PER_MINUTE, windowMs: 60_000, scope: "telegram_chat" },
    x: { limit: (c) => c.X_POSTS_PER_15_MIN, windowMs: 15 * 60_000, scope: "x_window" },
    threads: { limit: (c) => c.THREADS_POSTS_PER_DAY, windowMs: 24 * 60 * 60_000, scope: "threads_quota" },
  };

export function accountLimiter(env: Env, accountKey: string) {
  return env.ACCOUNT_LIMITER.get(env.ACCOUNT_LIMITER.idFromName(accountKey));
}

/** Takes the account's slot for one part, or throws a refusal that delays the post. */
export async function takeAccountSlot(
  env: Env,
  config: Config,
  platform: Platform,
  accountKey: string,
  partKey: string,
): Promise<void> {
  const pace = PACE[platform];
  const result = await accountLimiter(env, accountKey).take({
    partKey,
    limit: pace.limit(config),
    windowMs: pace.windowMs,
  });
  if (result.allowed) return;
  throw new PublishError(
    "rate_limited",
    `This account's pace is reached (${pace.limit(config)} posts per ${pace.windowMs / 60_000} minutes).`,
    Math.ceil(result.retryAfterMs / 1000),
    { scope: { key: accountKey, limit: pace.scope } },
  );
}
