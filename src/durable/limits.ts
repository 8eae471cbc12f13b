/**
 * Worker-side access to the per-physician limiter. Limits come from configuration;
 * the key of the Slack request makes a retried delivery free.
 */
import type { Config } from "../config";
import { createMetrics } from "../observability/metrics";
import type { HitResult } from "./physician-rate-limiter";

export type LimitBucket = "draft" | "publish";

const WINDOW_MS = 60_000;

export function physicianLimiter(env: Env, physicianId: string) {
  return env.PHYSICIAN_LIMITER.get(env.PHYSICIAN_LIMITER.idFromName(physicianId));
}

/** Counts one action for a physician, unless `requestKey` was already counted. */
export async function checkLimit(
  env: Env,
  config: Config,
  physicianId: string,
  bucket: LimitBucket,
  requestKey: string,
): Promise<HitResult> {
  const limit = bucket === "draft" ? config.DRAFTS_PER_MINUTE : config.PUBLISHES_PER_MINUTE;
  const result = await physicianLimiter(env, physicianId).hit({
    bucket,
    limit,
    windowMs: WINDOW_MS,
    requestKey,
  });
  if (!result.allowed) {
    createMetrics(env.ANALYTICS, { physician: physicianId }).write("rate_limited", {
      bucket,
      retry_after_s: Math.ceil(result.retryAfterMs / 1000),
    });
  }
  return result;
}
