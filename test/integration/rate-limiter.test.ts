import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config";
import { checkLimit, physicianLimiter } from "../../src/durable/limits";
import type { PhysicianRateLimiter } from "../../src/durable/physician-rate-limiter";

const limiter = (name: string) => physicianLimiter(env, { slackTeamId: "T1", slackUserId: name });

const draftHit = (key: string, now: number) => ({
  bucket: "draft",
  limit: 10,
  windowMs: 60_000,
  requestKey: key,
  now,
});

describe("PhysicianRateLimiter", () => {
  it("allows ten drafts a minute and refuses the eleventh with a retry time", async () => {
    const stub = limiter("doc-a");
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 10; i++) {
      const result = await stub.hit(draftHit(`req-${i}`, t0 + i * 1000));
      expect(result.allowed).toBe(true);
    }
    const eleventh = await stub.hit(draftHit("req-10", t0 + 10_000));
    expect(eleventh).toEqual({ allowed: false, duplicate: false, remaining: 0, retryAfterMs: 50_000 });
    // The window slides: once the first hit is a minute old, one slot is free again.
    expect((await stub.hit(draftHit("req-11", t0 + 60_001))).allowed).toBe(true);
  });

  it("does not count a retried delivery of the same request", async () => {
    const stub = limiter("doc-b");
    const t0 = 1_700_000_000_000;
    const first = await stub.hit(draftHit("same", t0));
    const retry = await stub.hit(draftHit("same", t0 + 60));
    expect(first).toMatchObject({ allowed: true, duplicate: false, remaining: 9 });
    expect(retry).toMatchObject({ allowed: true, duplicate: true, remaining: 9 });
  });

  it("keeps physicians and buckets independent", async () => {
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 10; i++) await limiter("doc-c").hit(draftHit(`c-${i}`, t0));
    expect((await limiter("doc-c").hit(draftHit("c-x", t0))).allowed).toBe(false);
    expect((await limiter("doc-d").hit(draftHit("d-1", t0))).allowed).toBe(true);
    const publish = await limiter("doc-c").hit({
      bucket: "publish",
      limit: 5,
      windowMs: 60_000,
      requestKey: "p",
      now: t0,
    });
    expect(publish.allowed).toBe(true);
  });

  it("prunes hits older than an hour from storage", async () => {
    const stub = limiter("doc-e");
    await stub.hit(draftHit("old", 1_000));
    await stub.hit(draftHit("new", 1_000 + 2 * 60 * 60 * 1000));
    const rows = await runInDurableObject(stub, (instance: PhysicianRateLimiter, state) => {
      expect(instance).toBeDefined();
      return state.storage.sql.exec<{ request_key: string }>("SELECT request_key FROM hits").toArray();
    });
    expect(rows.map((r) => r.request_key)).toEqual(["new"]);
  });

  it("applies the configured per-minute limits from the Worker side", async () => {
    const config = parseConfig({ ...env, PUBLISHES_PER_MINUTE: "2" });
    const results = [];
    for (const key of ["p1", "p2", "p3"])
      results.push(
        await checkLimit(env, config, { slackTeamId: "T1", slackUserId: "doc-f" }, "publish", key),
      );
    expect(results.map((r) => r.allowed)).toEqual([true, true, false]);
  });
});
