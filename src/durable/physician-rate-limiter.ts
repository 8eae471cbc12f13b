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

export interface HitRequest {
  bucket: string;
  limit: number;
  windowMs: number;
  /** Idempotency key of the Slack request that caused this hit. */
  requestKey: string;
  now?: number;
}

export interface HitResult {
  allowed: boolean;
  /** True when this request key was already counted (a retry). */
  duplicate: boolean;
  remaining: number;
  /** When the oldest hit in the window expires; 0 if allowed. */
  retryAfterMs: number;
}

const MAX_WINDOW_MS = 60 * 60 * 1000;

export class PhysicianRateLimiter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS hits (
        bucket TEXT NOT NULL,
        request_key TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (bucket, request_key)
      )`);
      ctx.storage.sql.exec("CREATE INDEX IF NOT EXISTS hits_bucket_at ON hits (bucket, at)");
    });
  }

  /** Records a hit unless it would exceed the limit. */
  hit(request: HitRequest): HitResult {
    const now = request.now ?? Date.now();
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM hits WHERE at <= ?", now - MAX_WINDOW_MS);

    const seen = sql
      .exec("SELECT 1 FROM hits WHERE bucket = ? AND request_key = ?", request.bucket, request.requestKey)
      .toArray();
    const windowStart = now - request.windowMs;
    const inWindow = sql
      .exec<{ at: number }>(
        "SELECT at FROM hits WHERE bucket = ? AND at > ? ORDER BY at ASC",
        request.bucket,
        windowStart,
      )
      .toArray();
    if (seen.length > 0) {
      return {
        allowed: true,
        duplicate: true,
        remaining: Math.max(0, request.limit - inWindow.length),
        retryAfterMs: 0,
      };
    }
    if (inWindow.length >= request.limit) {
      // The window frees a slot when the oldest counted hit ages out.
      const oldest = inWindow[inWindow.length - request.limit]?.at ?? now;
      return {
        allowed: false,
        duplicate: false,
        remaining: 0,
        retryAfterMs: Math.max(1, oldest + request.windowMs - now),
      };
    }
    sql.exec(
      "INSERT INTO hits (bucket, request_key, at) VALUES (?, ?, ?)",
      request.bucket,
      request.requestKey,
      now,
    );
    return {
      allowed: true,
      duplicate: false,
      remaining: request.limit - inWindow.length - 1,
      retryAfterMs: 0,
    };
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
