/**
 * Retry policy shared by every consumer: exponential backoff from RETRY_BASE_DELAY_S
 * (5 s, 10 s, 20 s by default) for transient faults; permanent faults are not retried.
 */

/** A failure that will not get better by retrying (bad input, a 400 from an API). */
export class PermanentError extends Error {
  override readonly name = "PermanentError";
}

/** A failure worth retrying; `retryAfterS` honours a server's Retry-After. */
export class TransientError extends Error {
  override readonly name = "TransientError";
  constructor(
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

/** Queues allow per-message delays up to 12 hours. */
const MAX_DELAY_S = 12 * 60 * 60;

/** Delay before retry number `attempts` (1-based: the attempt that just failed). */
export function backoffSeconds(baseS: number, attempts: number, retryAfterS?: number): number {
  const exponential = baseS * 2 ** Math.max(0, attempts - 1);
  return Math.min(MAX_DELAY_S, Math.max(exponential, retryAfterS ?? 0));
}

/**
 * Deliveries a generation job gets: the first plus `max_retries = 3` of the generate queue
 * in wrangler.toml (a test reads the file to keep the two equal).
 */
export const GENERATE_ATTEMPTS = 4;
