/**
 * Worker-side access to the per-physician limiter. Limits come from configuration;
 * the key of the Slack request makes a retried delivery free.
 */
import type { Config } from "../config";
import { createMetrics } from "../observability/metrics";
import type { HitResult } from "./physician-rate-limiter";

export type LimitBucket = "draft" | "publish";

const WINDOW_MS = 60_000;

/**
 * Whose limiter: a physician is one Slack user in one workspace. Keyed by that identity
 * rather than the physician row's id, so the /draft ack can ask the limiter before (and
 * beside) any D1 read: the order is then recorded in one D1 batch (npm run bench).
 */
export interface LimiterOwner {
  slackTeamId: string;
  slackUserId: string;
  /** The physician row's id when known (metrics only). */
  id?: string;
}

export function limiterName(owner: LimiterOwner): string {
  return `slack:${owner.slackTeamId}:${owner.slackUserId}`;
}

export function physicianLimiter(env: Env, owner: LimiterOwner) {
  return env.PHYSICIAN_LIMITER.get(env.PHYSICIAN_LIMITER.idFromName(limiterName(owner)));
}

/** Counts one action for a physician, unless `requestKey` was already counted. */
export async function checkLimit(
  env: Env,
  config: Config,
  owner: LimiterOwner,
  bucket: LimitBucket,
  requestKey: string,
): Promise<HitResult> {
  const limit = bucket === "draft" ? config.DRAFTS_PER_MINUTE : config.PUBLISHES_PER_MINUTE;
  const result = await physicianLimiter(env, owner).hit({
    bucket,
    limit,
    windowMs: WINDOW_MS,
    requestKey,
  });
  // Without the row's id (the /draft ack asks before reading it) the caller records it.
  if (!result.allowed && owner.id) noteRefusal(env, owner.id, bucket, result);
  return result;
}

/** One `rate_limited` data point for a physician's refused action. */
export function noteRefusal(env: Env, physicianId: string, bucket: LimitBucket, result: HitResult): void {
  createMetrics(env.ANALYTICS, { physician: physicianId }).write("rate_limited", {
    bucket,
    retry_after_s: Math.ceil(result.retryAfterMs / 1000),
  });
}
