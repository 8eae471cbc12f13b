/**
 * A sliding-window counter in a Durable Object's SQLite storage, shared by the per-physician
 * and the per-account limiters: one thread sees every hit, so counts are exact; a hit
 * carries an idempotency key and a retried request is never counted twice.
 */

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

export function createHitsTable(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS hits (
    bucket TEXT NOT NULL,
    request_key TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (bucket, request_key)
  )`);
  sql.exec("CREATE INDEX IF NOT EXISTS hits_bucket_at ON hits (bucket, at)");
}

/**
 * Records a hit unless it would exceed the limit. Hits older than `keepMs` are pruned first
 * (at least the request's own window, so a bucket never loses hits it still counts).
 */
export function slidingWindowHit(sql: SqlStorage, request: HitRequest, keepMs: number): HitResult {
  const now = request.now ?? Date.now();
  sql.exec("DELETE FROM hits WHERE at <= ?", now - Math.max(keepMs, request.windowMs));

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
