/**
 * Behaviours that `npm run mutate -- --sample 20` found unchecked in the queues (each test
 * fails on the planted bug named in its title).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import { db, draftIn, failingD1, silenceLogs } from "../helpers";
import { publishJob, runPublish, setPublication, TELEGRAM, X } from "../publish-helpers";
import { fakes } from "../slack-helpers";

describe("a publish job re-delivered after the post went live", () => {
  it("finishes a draft left publishing (the Worker died right after posting) without posting again", async () => {
    silenceLogs();
    const draft = await draftIn("publishing");
    await setPublication(draft.id, { status: "published", externalId: "42" });
    await runPublish(
      { type: "publish", draftId: draft.id, requestId: "r", platform: "telegram" },
      { env: TELEGRAM },
    );
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
    expect(await fakes().requests("telegram")).toEqual([]);
  });
});

describe("an account hold that cannot be recorded", () => {
  it("retries the job instead of deferring it as if the hold were set", async () => {
    silenceLogs();
    await fakes().setPlatformLimits({ x: { dailyRemaining: 0, dailyResetInSeconds: 3 * 3600 } });
    const draft = await draftIn("publishing", { platform: "x", text: "Caffeine lingers for hours." });
    const result = await runPublish(publishJob(draft), {
      env: { ...X, DB: failingD1(env.DB, /^insert into "publish_holds"/i) },
    });
    // Deferring without the hold would let every other X post spend a request on a certain 429.
    expect(result.sent).toEqual([]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["pub-1"]);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM publish_holds").first()).toEqual({ n: 0 });
  });
});

describe("a publish job that meets an account on hold", () => {
  it("tells the physician on the card, within the job, that the post waits for the platform's limit", async () => {
    silenceLogs();
    const draft = await draftIn("publishing");
    await setPublication(draft.id, { status: "pending" });
    const until = Date.now() + 2 * 3600_000;
    await env.DB.prepare("INSERT INTO publish_holds (key, until, reason) VALUES (?, ?, 'telegram_chat')")
      .bind(`telegram:${TELEGRAM.TELEGRAM_CHAT_ID}`, until)
      .run();
    const result = await runPublish(publishJob(draft), { env: TELEGRAM });
    expect(result.sent).toHaveLength(1); // deferred to the hold's end
    const row = await env.DB.prepare("SELECT not_before FROM publications WHERE draft_id = ?")
      .bind(draft.id)
      .first();
    expect(row).toEqual({ not_before: until });
    // The card was refreshed before the job ended (not some time after).
    const updates = await fakes().requests("slack", "chat.update");
    expect(updates.length).toBeGreaterThan(0);
    expect(await fakes().requests("telegram")).toEqual([]);

    // The job delivered again before the hold ends: deferred again, but the hold is already
    // on the row and the card, so neither is written a second time.
    const before = await env.DB.prepare("SELECT updated_at FROM publications WHERE draft_id = ?")
      .bind(draft.id)
      .first();
    const again = await runPublish(publishJob(draft), { env: TELEGRAM });
    expect(again.sent).toHaveLength(1);
    expect(await fakes().requests("slack", "chat.update")).toHaveLength(updates.length);
    expect(
      await env.DB.prepare("SELECT updated_at FROM publications WHERE draft_id = ?").bind(draft.id).first(),
    ).toEqual(before);
  });
});

describe("a published post's card", () => {
  it("is updated before the job ends, not after it", async () => {
    silenceLogs();
    const draft = await draftIn("publishing");
    await setPublication(draft.id, { status: "pending" });
    // Slack answers each card update 300 ms after it arrives: a job that ends without waiting
    // for the answer may have its last update cut off in production.
    await fakes().fail({ service: "slack", path: "chat.update", status: 200, delayMs: 300, times: -1 });
    await runPublish(publishJob(draft), { env: TELEGRAM });
    const finishedAt = Date.now();
    expect(await fakes().requests("telegram", "sendMessage")).toHaveLength(1);
    const last = (await fakes().requests("slack", "chat.update")).at(-1);
    expect(JSON.stringify(last?.body)).toMatch(/[Pp]ublished/);
    expect(finishedAt - (last?.at ?? finishedAt)).toBeGreaterThanOrEqual(200);
  });
});

describe("an account hold that ends now", () => {
  it("is over: a post due at the very millisecond the hold ends goes out", async () => {
    const { activeHold } = await import("../../src/queues/publish-delay");
    const now = Date.now();
    await env.DB.prepare("INSERT INTO publish_holds (key, until, reason) VALUES ('x', ?, 'x_window')")
      .bind(now)
      .run();
    expect(await activeHold(db(), "x", now)).toBeUndefined();
    expect(await activeHold(db(), "x", now - 1)).toEqual({ until: now, limit: "x_window" });
  });
});

describe("a publication whose account cannot be pinned", () => {
  it("posts nothing and retries: a thread never starts on an account it is not pinned to", async () => {
    silenceLogs();
    const draft = await draftIn("publishing");
    await setPublication(draft.id, { status: "pending" });
    const result = await runPublish(publishJob(draft), {
      env: { ...TELEGRAM, DB: failingD1(env.DB, /^update "publications" set "account_ref"/) },
    });
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["pub-1"]);
    expect(await fakes().requests("telegram", "sendMessage")).toEqual([]);
    const row = await env.DB.prepare("SELECT account_ref FROM publications WHERE draft_id = ?")
      .bind(draft.id)
      .first();
    expect(row).toEqual({ account_ref: null });
  });
});
