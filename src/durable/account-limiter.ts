/**
 * AccountLimiter — one Durable Object per publishing account (a physician's X or Threads
 * account, a Telegram channel, the clinic's accounts), so posts are counted per account,
 * exactly, whichever physician, draft or isolate sends them. Each part a publish attempt is
 * about to send takes a slot; the slot is keyed by draft, platform and part, so a retried
 * attempt never counts a part twice. Over the account's pace the part waits (the publish
 * consumer holds the account and delays the post), instead of spending a request on a
 * certain 429.
 */
import { DurableObject } from "cloudflare:workers";
import { createHitsTable, type HitResult, slidingWindowHit } from "./sliding-window";

/** The longest pace window (Threads: a day). */
const KEEP_MS = 24 * 60 * 60 * 1000;

export interface TakeRequest {
  /** Idempotency key of the part (`draft:platform:index:hash`). */
  partKey: string;
  limit: number;
  windowMs: number;
  now?: number;
}

export class AccountLimiter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => createHitsTable(ctx.storage.sql));
  }

  /** Takes a slot for one part, unless the account's window is full. */
  take(request: TakeRequest): HitResult {
    return slidingWindowHit(
      this.ctx.storage.sql,
      {
        bucket: "posts",
        limit: request.limit,
        windowMs: request.windowMs,
        requestKey: request.partKey,
        ...(request.now !== undefined ? { now: request.now } : {}),
      },
      KEEP_MS,
    );
  }
}
