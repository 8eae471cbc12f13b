import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { NcbiRateLimiter } from "../../src/durable/ncbi-rate-limiter";
import { createNcbiLimiter, NCBI_LIMITER_NAME } from "../../src/platform/pubmed/limiter";

const limiter = () => env.NCBI_LIMITER.get(env.NCBI_LIMITER.idFromName(NCBI_LIMITER_NAME));
const T0 = 1_700_000_000_000;

describe("NcbiRateLimiter", () => {
  it("spaces rapid reservations 1000/rate ms apart", async () => {
    const stub = limiter();
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push(await stub.reserve(10, T0));
    expect(waits).toEqual([0, 100, 200, 300]);
    // A caller arriving 50 ms later queues behind the slots already handed out.
    expect(await stub.reserve(10, T0 + 50)).toBe(350);
  });

  it("spaces by 1000/3 ms without an API key (rounded up)", async () => {
    const stub = limiter();
    const waits = [];
    for (let i = 0; i < 3; i++) waits.push(await stub.reserve(3, T0));
    expect(waits).toEqual([0, 334, 667]);
  });

  it("resets when idle: a slot in the past is never handed out", async () => {
    const stub = limiter();
    await stub.reserve(3, T0);
    await stub.reserve(3, T0);
    expect(await stub.reserve(3, T0 + 10_000)).toBe(0);
    expect(await stub.reserve(3, T0 + 10_000)).toBe(334);
  });

  it("keeps the next free slot in storage", async () => {
    const stub = limiter();
    await stub.reserve(10, T0);
    await stub.reserve(10, T0);
    const stored = await runInDurableObject(stub, (_instance: NcbiRateLimiter, state) =>
      state.storage.kv.get<number>("nextSlotAt"),
    );
    expect(stored).toBe(T0 + 200);
  });

  it("tolerates nonsense rates instead of handing out infinite waits", async () => {
    const stub = limiter();
    expect(await stub.reserve(0, T0)).toBe(0);
    expect(await stub.reserve(Number.NaN, T0)).toBe(10_000); // 0 was clamped to 0.1/s
    expect(await stub.reserve(1_000_000, T0 + 20_000)).toBe(0);
    expect(await stub.reserve(1_000_000, T0 + 20_000)).toBe(10); // capped at 100/s
  });

  it("is reachable from the Worker side through createNcbiLimiter", async () => {
    const reserve = createNcbiLimiter(env);
    const first = await reserve(10);
    const second = await reserve(10);
    expect(first).toBe(0);
    expect(second).toBeGreaterThan(0);
    expect(second).toBeLessThanOrEqual(100);
  });
});

describe("NcbiRateLimiter refusing long waits", () => {
  it("does not claim a slot for a caller that would wait too long", async () => {
    const limiter = env.NCBI_LIMITER.get(env.NCBI_LIMITER.idFromName("refusals"));
    const t0 = 1_000_000;
    expect(await limiter.reserve(3, t0, 1000)).toBe(0);
    expect(await limiter.reserve(3, t0, 1000)).toBe(334);
    expect(await limiter.reserve(3, t0, 500)).toBe(-1); // next slot is 667 ms away
    // The refusal did not move the schedule: the next caller still gets the 667 ms slot.
    expect(await limiter.reserve(3, t0, 1000)).toBe(667);
  });
});
