/**
 * Quotas: delay, never drop. X's daily per-user cap (429 with `x-user-limit-24hour-
 * remaining: 0`) and Threads' 24-hour publishing quota delay the post to the reset: the
 * job is acked and sent again with a delay (so no retry is spent and nothing reaches the
 * dead-letter queue), the account is held so other posts wait too, and the card says when.
 * A wait longer than Queues' 12-hour maximum is re-delayed when the message arrives.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import { MAX_QUEUE_DELAY_S } from "../../src/queues/publish-delay";
import { db, draftIn, silenceLogs } from "../helpers";
import { dueNow, lastCard, publication, publishJob, runPublish, threadText, X } from "../publish-helpers";
import { fakes } from "../slack-helpers";

const THREADS = { THREADS_USER_ID: "27000000000000001", THREADS_ACCESS_TOKEN: "th-token" };

describe("X's daily cap", () => {
  it("delays the post to the daily reset, holds the account, and publishes after", async () => {
    silenceLogs();
    await fakes().setPlatformLimits({ x: { dailyRemaining: 0, dailyResetInSeconds: 3 * 3600 } });
    const draft = await draftIn("publishing", { platform: "x", text: "Caffeine lingers for hours." });
    const result = await runPublish(publishJob(draft), { env: X });
    expect(result.explicitAcks).toEqual(["pub-1"]);
    expect(result.retryMessages).toEqual([]);
    expect(result.sent).toHaveLength(1);
    expect(result.sent[0]?.delaySeconds).toBeGreaterThan(3 * 3600 - 60);
    expect(result.sent[0]?.delaySeconds).toBeLessThanOrEqual(3 * 3600);
    const row = await publication(draft.id);
    expect(row).toMatchObject({ status: "pending", last_error: "reason:publish_delayed|x_daily" });
    expect(Number(row?.not_before)).toBeGreaterThan(Date.now() + 3 * 3600_000 - 60_000);
    expect((await getDraft(db(), draft.id))?.status).toBe("publishing");
    expect(await lastCard()).toContain("Waiting for X's daily posting limit to reset");
    const hold = await env.DB.prepare("SELECT reason FROM publish_holds WHERE key = 'x'").first();
    expect(hold).toEqual({ reason: "x_daily" });

    // Another X post meanwhile waits without spending a request on a certain 429.
    const other = await draftIn("publishing", { platform: "x", text: "Another post." });
    const calls = (await fakes().requests("x", "/2/tweets")).length;
    const waited = await runPublish(publishJob(other), { env: X });
    expect(waited.sent[0]?.delaySeconds).toBeGreaterThan(3 * 3600 - 60);
    expect(await fakes().requests("x", "/2/tweets")).toHaveLength(calls);
    expect(await publication(other.id)).toMatchObject({ last_error: "reason:publish_delayed|x_daily" });

    await fakes().setPlatformLimits({ x: { dailyRemaining: 10 } });
    await dueNow(draft.id);
    await runPublish(publishJob(draft), { env: X });
    expect(await publication(draft.id)).toMatchObject({ status: "published", not_before: null });
  });

  it("re-delays on arrival when the reset is further away than Queues can delay", async () => {
    silenceLogs();
    await fakes().setPlatformLimits({ x: { dailyRemaining: 0, dailyResetInSeconds: 20 * 3600 } });
    const draft = await draftIn("publishing", { platform: "x", text: "Caffeine lingers for hours." });
    const first = await runPublish(publishJob(draft), { env: X });
    expect(first.sent[0]?.delaySeconds).toBe(MAX_QUEUE_DELAY_S);
    // The message arrives 12 h early: it goes back to sleep for the rest, without calling X.
    const calls = (await fakes().requests("x", "/2/tweets")).length;
    const early = await runPublish(publishJob(draft), { env: X });
    expect(early.explicitAcks).toEqual(["pub-1"]);
    expect(early.sent).toHaveLength(1);
    expect(await fakes().requests("x", "/2/tweets")).toHaveLength(calls);
  });
});

describe("Threads' publishing quota", () => {
  it("waits instead of starting a thread that would run out of quota half way", async () => {
    silenceLogs();
    await fakes().setPlatformLimits({ threads: { quotaUsage: 249 } });
    const draft = await draftIn("publishing", { platform: "threads", text: threadText(20) });
    const result = await runPublish(publishJob(draft), { env: THREADS });
    expect(result.explicitAcks).toEqual(["pub-1"]);
    expect(result.sent[0]?.delaySeconds).toBe(3600);
    const creates = (await fakes().requests("threads")).filter((r) => r.method === "POST");
    expect(creates).toEqual([]);
    expect(await publication(draft.id)).toMatchObject({
      status: "pending",
      last_error: "reason:publish_delayed|threads_quota",
    });
  });

  it("recognises the quota refusal of threads_publish itself when the check could not run", async () => {
    silenceLogs();
    await fakes().setPlatformLimits({ threads: { quotaUsage: 250 } });
    await fakes().fail({ service: "threads", path: "threads_publishing_limit", status: 500 });
    const draft = await draftIn("publishing", { platform: "threads", text: "Caffeine lingers for hours." });
    const result = await runPublish(publishJob(draft), { env: THREADS });
    expect(result.retryMessages).toEqual([]);
    expect(result.sent[0]?.delaySeconds).toBe(3600);
    expect(await publication(draft.id)).toMatchObject({ last_error: "reason:publish_delayed|threads_quota" });
  });
});
