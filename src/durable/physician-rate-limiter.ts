/**
 * PhysicianRateLimiter — one Durable Object per physician, so limits are exact (a single
 * thread sees every hit) rather than per-location approximations.
 *
 * Responsibilities:
 * - sliding-window limits per bucket ("draft", "publish"), configured by the caller;
 * - idempotency: a hit carries the Slack request key, and a retried delivery of the same
 *   request is recognised and never counted twice;
 * - housekeeping: hits older than the longest window are pruned on every call.
 */
import { DurableObject } from "cloudflare:workers";
import { createHitsTable, type HitRequest, type HitResult, slidingWindowHit } from "./sliding-window";

export type { HitRequest, HitResult } from "./sliding-window";

const MAX_WINDOW_MS = 60 * 60 * 1000;

export class PhysicianRateLimiter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => createHitsTable(ctx.storage.sql));
  }

  /** Records a hit unless it would exceed the limit. */
  hit(request: HitRequest): HitResult {
    return slidingWindowHit(this.ctx.storage.sql, request, MAX_WINDOW_MS);
  }

  /** Current usage of a bucket (App Home, diagnostics). */
  usage(bucket: string, windowMs: number, now: number = Date.now()): number {
    const rows = this.ctx.storage.sql
      .exec<{ n: number }>(
        "SELECT count(*) AS n FROM hits WHERE bucket = ? AND at > ?",
        bucket,
        now - windowMs,
      )
      .toArray();
    return rows[0]?.n ?? 0;
  }
}
