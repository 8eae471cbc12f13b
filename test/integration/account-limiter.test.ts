/** The per-account Durable Object: one count per part, whichever attempt sends it. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { accountLimiter } from "../../src/accounts/pace";

describe("AccountLimiter", () => {
  it("counts a part once however often it is retried, and frees a slot as the window moves", async () => {
    const limiter = accountLimiter(env, "x:acc_1");
    const now = 1_000_000;
    const take = (partKey: string, at = now) =>
      limiter.take({ partKey, limit: 2, windowMs: 60_000, now: at });
    expect(await take("d1:x:0")).toMatchObject({ allowed: true, duplicate: false });
    expect(await take("d1:x:0")).toMatchObject({ allowed: true, duplicate: true });
    expect(await take("d1:x:1")).toMatchObject({ allowed: true, remaining: 0 });
    expect(await take("d2:x:0", now + 10_000)).toMatchObject({ allowed: false, retryAfterMs: 50_000 });
    expect(await take("d2:x:0", now + 60_001)).toMatchObject({ allowed: true });
    // Another account is another object, with its own count.
    const other = accountLimiter(env, "x:acc_2");
    expect(await other.take({ partKey: "d3:x:0", limit: 2, windowMs: 60_000, now })).toMatchObject({
      allowed: true,
    });
  });

  it("keeps a day's posts for Threads' daily quota", async () => {
    const limiter = accountLimiter(env, "threads:acc_1");
    const day = 24 * 60 * 60_000;
    const now = 5 * day;
    expect(await limiter.take({ partKey: "a", limit: 1, windowMs: day, now })).toMatchObject({
      allowed: true,
    });
    const later = await limiter.take({ partKey: "b", limit: 1, windowMs: day, now: now + 23 * 60 * 60_000 });
    expect(later).toMatchObject({ allowed: false, retryAfterMs: 60 * 60_000 });
  });
});
