/**
 * Worker-side access to the global NCBI pacer: a `(rate) => Promise<waitMs>` function backed
 * by the single `NcbiRateLimiter` Durable Object, as the PubMed client expects.
 */
/** Resolves to the wait in ms, or -1 when the next slot is further away than `maxWaitMs`. */
export type NcbiLimiter = (ratePerSecond: number, maxWaitMs?: number) => Promise<number>;

/** Every isolate talks to the same instance, so the schedule is global. */
export const NCBI_LIMITER_NAME = "ncbi";

export function createNcbiLimiter(env: Env): NcbiLimiter {
  const limiter = env.NCBI_LIMITER.get(env.NCBI_LIMITER.idFromName(NCBI_LIMITER_NAME));
  return (ratePerSecond, maxWaitMs) => limiter.reserve(ratePerSecond, undefined, maxWaitMs);
}
