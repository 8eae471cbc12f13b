/**
 * NcbiRateLimiter — ONE global Durable Object (`idFromName("ncbi")`) that paces NCBI
 * E-utilities calls from every isolate. NCBI counts requests per IP / API key (3/s without
 * a key, 10/s with one) and answers 429 beyond that, so pacing must be global, not per isolate.
 *
 * Responsibilities:
 * - a slot schedule: `reserve(rate)` hands out send times spaced `1000 / rate` ms apart and
 *   returns how long the caller must wait before sending (0 when the line is idle);
 * - the next free slot lives in memory and in storage, so an evicted instance resumes the
 *   schedule instead of letting a burst through;
 * - an idle limiter resets by itself: a slot in the past is never handed out.
 */
import { DurableObject } from "cloudflare:workers";

const NEXT_SLOT_KEY = "nextSlotAt";
/** Sanity bounds on the requested rate (requests per second). */
const MIN_RATE = 0.1;
const MAX_RATE = 100;

export class NcbiRateLimiter extends DurableObject<Env> {
  private nextSlotAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const stored = ctx.storage.kv.get<number>(NEXT_SLOT_KEY);
    this.nextSlotAt = typeof stored === "number" && Number.isFinite(stored) ? stored : 0;
  }

  /**
   * Claims the next send slot at `ratePerSecond` and returns the wait in ms (>= 0).
   * With `maxWaitMs`, a slot further away than that is NOT claimed and -1 is returned, so
   * callers that give up never push the schedule into the future for everyone else.
   * `now` is for tests; callers in production let the object use its own clock.
   */
  reserve(
    ratePerSecond: number,
    now: number = Date.now(),
    maxWaitMs: number = Number.POSITIVE_INFINITY,
  ): number {
    const rate = Number.isFinite(ratePerSecond) ? Math.min(MAX_RATE, Math.max(MIN_RATE, ratePerSecond)) : 1;
    const interval = 1000 / rate;
    const slot = Math.max(now, this.nextSlotAt);
    if (slot - now > maxWaitMs) return -1;
    this.nextSlotAt = slot + interval;
    this.ctx.storage.kv.put(NEXT_SLOT_KEY, this.nextSlotAt);
    return Math.ceil(slot - now);
  }
}
