/**
 * Publish jobs end to end in the Workers runtime: the Publish button queues a job, the
 * consumer posts to the platform fake, and only then is the draft published — with the
 * link on the card and the post in the physician's style index. Re-deliveries and
 * concurrent deliveries post once; 429s retry with the server's delay (resuming a thread
 * where it stopped); refusals and missing credentials return the draft to ready with a
 * reason; the dead-letter queue fails the publication and hands the draft back.
 */

import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { addDraftVersion, getDraft } from "../../src/db/drafts";
import type { Draft, Physician, Platform } from "../../src/db/schema";
import worker from "../../src/index";
import type { PublishJob } from "../../src/queues/messages";
import { reasonText } from "../../src/slack/card-model";
import { ADMIN_HEADERS, db, seedDraft, seedPhysician } from "../helpers";
import { blockAction, bodyOf, fakes, slackCalls, slackPost } from "../slack-helpers";

const TELEGRAM = { TELEGRAM_BOT_TOKEN: "123:abc", TELEGRAM_CHAT_ID: "@chan" };
const X = { X_API_KEY: "ck", X_API_SECRET: "cs", X_ACCESS_TOKEN: "at", X_ACCESS_SECRET: "as" };
/** No local outbox: a platform without credentials is refused, as in production. */
const NO_OUTBOX = { LOCAL_OUTBOX: "off" };
const TEXT = "Caffeine six hours before bed still costs sleep. Try a 2 pm cut-off this week & tell me.";

afterEach(() => vi.restoreAllMocks());

function quiet() {
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
}

/** A ready draft with text whose card lives at C_GENERAL / 1700000000.000100. */
async function readyDraft(
  platform: Platform = "telegram",
  text = TEXT,
  source: "generated" | "manual" = "generated",
): Promise<{ draft: Draft; physician: Physician }> {
  const physician = await seedPhysician();
  const draft = await seedDraft(physician, platform);
  await addDraftVersion(db(), draft.id, text, source);
  await env.DB.prepare(
    "UPDATE drafts SET status = 'ready', slack_channel_id = 'C_GENERAL', slack_message_ts = '1700000000.000100' WHERE id = ?",
  )
    .bind(draft.id)
    .run();
  return { draft: (await getDraft(db(), draft.id)) as Draft, physician };
}

/** Clicks Publish on the card and returns the job it queued. */
async function clickPublish(draftId: string): Promise<PublishJob> {
  const { res, queued } = await slackPost("/slack/interactions", blockAction("draft_publish", draftId));
  expect(res.status).toBe(200);
  expect(queued.publish).toHaveLength(1);
  return queued.publish[0] as PublishJob;
}

async function runPublish(
  body: unknown,
  options: { env?: Record<string, string>; attempts?: number; queue?: string; id?: string } = {},
) {
  const id = options.id ?? "pub-1";
  const batch = createMessageBatch(options.queue ?? "serotonin-publish", [
    { id, timestamp: new Date(), attempts: options.attempts ?? 1, body },
  ]);
  const delays: Record<string, number | undefined> = {};
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (opts) => {
      delays[message.id] = opts?.delaySeconds;
      retry(opts);
    };
  }
  // Jobs the consumer sends itself (a post delayed to a platform's reset time).
  const sent: { body: unknown; delaySeconds: number | undefined }[] = [];
  const queue = {
    send: async (message: unknown, opts?: QueueSendOptions) => {
      sent.push({ body: message, delaySeconds: opts?.delaySeconds });
    },
  } as unknown as Queue;
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, PUBLISH_QUEUE: queue, ...options.env });
  return { ...(await getQueueResult(batch, ctx)), delays, sent };
}

/** Lets a delayed post run now: its account hold and due time moved into the past. */
async function dueNow(draftId: string): Promise<void> {
  await env.DB.prepare("UPDATE publish_holds SET until = 0").run();
  await env.DB.prepare("UPDATE publications SET not_before = NULL WHERE draft_id = ?").bind(draftId).run();
}

async function publication(draftId: string) {
  return env.DB.prepare("SELECT * FROM publications WHERE draft_id = ?")
    .bind(draftId)
    .first<Record<string, unknown>>();
}

async function lastCard(): Promise<string> {
  return JSON.stringify(bodyOf((await slackCalls("chat.update")).at(-1)).blocks);
}

describe("publish job", () => {
  it("publishes after the platform confirms: link on the card, post in the style index, job audited", async () => {
    quiet();
    // The physician's own words (a manual post): only those teach the voice.
    const { draft, physician } = await readyDraft("telegram", TEXT, "manual");
    const job = await clickPublish(draft.id);
    expect(job).toMatchObject({ type: "publish", draftId: draft.id, platform: "telegram" });
    // Nothing is "published" before delivery.
    expect((await getDraft(db(), draft.id))?.status).toBe("publishing");
    expect(await publication(draft.id)).toMatchObject({ status: "pending", url: null });

    const result = await runPublish(job, { env: TELEGRAM });
    expect(result.explicitAcks).toEqual(["pub-1"]);

    const [sent] = await fakes().requests("telegram", "sendMessage");
    expect(bodyOf(sent)).toMatchObject({ chat_id: "@chan", parse_mode: "HTML" });
    expect(bodyOf(sent).text).toBe(TEXT.replace("&", "&amp;"));
    const row = await publication(draft.id);
    expect(row).toMatchObject({ status: "published", attempts: 1, last_error: null });
    expect(row?.url).toBe(`https://t.me/chan/${row?.external_id}`);
    expect(Number(row?.published_at)).toBeGreaterThan(0);
    expect((await getDraft(db(), draft.id))?.status).toBe("published");

    expect(await lastCard()).toContain(String(row?.url));

    const doc = await env.DB.prepare(
      "SELECT id, chunk_count FROM knowledge_documents WHERE collection = 'style' AND namespace = ? AND source = ?",
    )
      .bind(physician.id, `published:${draft.id}`)
      .first<{ id: string; chunk_count: number }>();
    expect(doc?.chunk_count).toBe(1);
    const chunk = await env.DB.prepare("SELECT text, metadata FROM knowledge_chunks WHERE document_id = ?")
      .bind(doc?.id)
      .first<{ text: string; metadata: string }>();
    expect(chunk?.text).toBe(TEXT);
    expect(JSON.parse(chunk?.metadata ?? "{}")).toMatchObject({
      platform: "telegram",
      language: "en",
      origin: "manual",
      weight: 1,
    });

    const run = await env.DB.prepare("SELECT kind, status FROM job_runs WHERE draft_id = ?")
      .bind(draft.id)
      .first();
    expect(run).toEqual({ kind: "publish", status: "succeeded" });
  });

  it("indexes the post where style retrieval looks for a physician linked to another namespace", async () => {
    quiet();
    const { draft, physician } = await readyDraft("telegram", TEXT, "manual");
    await env.DB.prepare("UPDATE physicians SET style_namespace = 'sample-doc' WHERE id = ?")
      .bind(physician.id)
      .run();
    await runPublish(await clickPublish(draft.id), { env: TELEGRAM });
    const doc = await env.DB.prepare("SELECT namespace FROM knowledge_documents WHERE source = ?")
      .bind(`published:${draft.id}`)
      .first();
    expect(doc).toEqual({ namespace: "sample-doc" });
  });

  it("a failing style index does not fail a post that is already live", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { draft } = await readyDraft("telegram", TEXT, "manual");
    const job = await clickPublish(draft.id);
    await env.DB.prepare("DROP TABLE knowledge_chunks").run();
    const result = await runPublish(job, { env: TELEGRAM });
    expect(result.explicitAcks).toEqual(["pub-1"]);
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
    const warnings = warn.mock.calls.map((c) => String(c[0])).join("\n");
    expect(warnings).toContain('"event":"published_post_index_failed"');
  });

  it("posts nothing twice when the job is delivered again", async () => {
    quiet();
    const { draft } = await readyDraft();
    const job = await clickPublish(draft.id);
    await runPublish(job, { env: TELEGRAM });
    const again = await runPublish(job, { env: TELEGRAM, id: "pub-2" });
    expect(again.explicitAcks).toEqual(["pub-2"]);
    expect(await fakes().requests("telegram", "sendMessage")).toHaveLength(1);
    expect(await publication(draft.id)).toMatchObject({ status: "published", attempts: 1 });
  });

  it("posts once when two deliveries run at the same time; the loser retries after the claim expires", async () => {
    quiet();
    const { draft } = await readyDraft();
    const job = await clickPublish(draft.id);
    const [a, b] = await Promise.all([
      runPublish(job, { env: TELEGRAM, id: "a" }),
      runPublish(job, { env: TELEGRAM, id: "b" }),
    ]);
    expect(await fakes().requests("telegram", "sendMessage")).toHaveLength(1);
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
    // The loser either saw the claim (and retries after it expires) or saw the post done.
    const retried = [...a.retryMessages, ...b.retryMessages].map((m) => m.msgId);
    expect([...a.explicitAcks, ...b.explicitAcks].length + retried.length).toBe(2);
    expect(retried.length).toBeLessThanOrEqual(1);
    for (const id of retried) expect({ ...a.delays, ...b.delays }[id]).toBeGreaterThan(60);
  });

  it("waits out a live claim, and takes over one left by a crashed attempt", async () => {
    quiet();
    const { draft } = await readyDraft();
    const job = await clickPublish(draft.id);
    const claim = (ageMs: number) =>
      env.DB.prepare(
        "UPDATE publications SET status = 'publishing', attempts = 1, external_id = NULL, updated_at = ? WHERE draft_id = ?",
      )
        .bind(Date.now() - ageMs, draft.id)
        .run();
    // Claimed 5 minutes ago: check again when its 15-minute lease runs out, in ~10 minutes.
    await claim(5 * 60_000);
    const held = await runPublish(job, { env: TELEGRAM });
    expect(held.retryMessages.map((m) => m.msgId)).toEqual(["pub-1"]);
    expect(held.delays["pub-1"]).toBeGreaterThan(9 * 60);
    expect(held.delays["pub-1"]).toBeLessThanOrEqual(10 * 60);
    expect(await fakes().requests("telegram")).toEqual([]);

    await claim(20 * 60_000);
    const takeover = await runPublish(job, { env: TELEGRAM, attempts: 2 });
    expect(takeover.explicitAcks).toEqual(["pub-1"]);
    expect(await publication(draft.id)).toMatchObject({ status: "published", attempts: 2 });
    expect(await fakes().requests("telegram", "sendMessage")).toHaveLength(1);
  });

  it("delays the post to the chat's retry_after on a 429 instead of retrying into the limit, then publishes", async () => {
    quiet();
    const { draft } = await readyDraft();
    const job = await clickPublish(draft.id);
    await fakes().fail({ service: "telegram", status: 429, retryAfter: 7 });
    const first = await runPublish(job, { env: TELEGRAM });
    // Acked, not retried: the delay is a fresh message, so it spends none of the retries.
    expect(first.explicitAcks).toEqual(["pub-1"]);
    expect(first.retryMessages).toEqual([]);
    expect(first.sent).toEqual([{ body: job, delaySeconds: 7 }]);
    expect((await getDraft(db(), draft.id))?.status).toBe("publishing");
    const pending = await publication(draft.id);
    expect(pending).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: "reason:publish_delayed|telegram_chat",
    });
    expect(Number(pending?.not_before)).toBeGreaterThan(Date.now() + 5000);
    expect(await lastCard()).toContain("Waiting for Telegram's rate limit for the channel to reset");

    // Another job for the same chat meanwhile waits for the hold without calling Telegram.
    const early = await runPublish(job, { env: TELEGRAM });
    expect(early.explicitAcks).toEqual(["pub-1"]);
    expect(early.sent[0]?.delaySeconds).toBeGreaterThanOrEqual(5);
    expect(await fakes().requests("telegram", "sendMessage")).toHaveLength(1);

    await dueNow(draft.id);
    const second = await runPublish(job, { env: TELEGRAM });
    expect(second.explicitAcks).toEqual(["pub-1"]);
    expect(await publication(draft.id)).toMatchObject({ status: "published", attempts: 2, not_before: null });
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
    const runs = await env.DB.prepare("SELECT status FROM job_runs WHERE draft_id = ? ORDER BY id")
      .bind(draft.id)
      .all<{ status: string }>();
    expect(runs.results.map((r) => r.status)).toEqual(["retrying", "succeeded"]);
  });

  it("retries a 5xx through the queue with backoff and records when the retry is due", async () => {
    quiet();
    const { draft } = await readyDraft();
    const job = await clickPublish(draft.id);
    await fakes().fail({ service: "telegram", status: 502 });
    const first = await runPublish(job, { env: TELEGRAM });
    expect(first.retryMessages.map((m) => m.msgId)).toEqual(["pub-1"]);
    expect(first.delays["pub-1"]).toBe(1); // RETRY_BASE_DELAY_S is 1 in tests
    const pending = await publication(draft.id);
    expect(pending).toMatchObject({ status: "pending" });
    expect(Number(pending?.not_before)).toBeGreaterThan(Date.now());
  });

  it("resumes an X thread after a mid-thread 429 without re-posting live parts", async () => {
    quiet();
    const long = Array.from(
      { length: 14 },
      (_, i) => `Point ${i + 1}: caffeine lingers for hours, so move the last cup earlier.`,
    ).join(" ");
    const { draft } = await readyDraft("x", long);
    const job = await clickPublish(draft.id);
    const realFetch = globalThis.fetch;
    let tweets = 0;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith("/x/2/tweets") && ++tweets === 2) {
        await fakes().fail({ service: "x", path: "/2/tweets", status: 429, retryAfter: 20 });
      }
      return realFetch(input, init);
    });
    const first = await runPublish(job, { env: X });
    expect(first.sent[0]?.delaySeconds).toBeGreaterThanOrEqual(18);
    const partial = await publication(draft.id);
    expect(partial).toMatchObject({ status: "pending", last_error: "reason:publish_delayed|x_window" });
    const live = (JSON.parse(String(partial?.parts)) as { id: string }[]).map((p) => p.id);
    expect(live).toHaveLength(1);

    await dueNow(draft.id);
    await runPublish(job, { env: X, attempts: 2 });
    const sent = await fakes().requests("x", "/2/tweets");
    const texts = sent.map((r) => String(bodyOf(r).text));
    // Part 2 was attempted twice (429, then OK); every other part exactly once.
    expect(texts[1]).toBe(texts[2]);
    const delivered = [texts[0], ...texts.slice(2)];
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(bodyOf(sent[2]).reply).toEqual({ in_reply_to_tweet_id: live[0] });
    const done = await publication(draft.id);
    expect(done).toMatchObject({ status: "published", external_id: live[0] });
    expect(done?.url).toBe(`https://x.com/i/web/status/${live[0]}`);
  });

  it("a refusal returns the draft to ready with the reason, and it can be published again", async () => {
    quiet();
    const { draft } = await readyDraft();
    const job = await clickPublish(draft.id);
    await fakes().fail({ service: "telegram", status: 403 });
    const result = await runPublish(job, { env: TELEGRAM });
    expect(result.explicitAcks).toEqual(["pub-1"]);
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("ready");
    expect(reasonText(after?.statusReason ?? null, "en")).toMatch(
      /^Not published to Telegram:.*administrator/,
    );
    expect(reasonText(after?.statusReason ?? null, "uk")).toMatch(
      /^Не опубліковано в Telegram:.*адміністратором каналу/,
    );
    const failed = await publication(draft.id);
    expect(failed).toMatchObject({ status: "failed" });
    // The platform's own words stay on the row (admin API, logs), not on the card.
    expect(String(failed?.last_error)).toMatch(/Telegram refused/);
    const card = await lastCard();
    expect(card).toContain("Not published to Telegram");
    expect(card).not.toContain("Telegram refused");
    expect(card).not.toContain("Ready to publish");
    // Operators read the platform's own words in the admin API (and the publish_failed log).
    const { app } = await import("../../src/app");
    const res = await app.request("/admin/publications/refused", { headers: ADMIN_HEADERS }, env);
    const { refused } = (await res.json()) as { refused: { draftId: string; lastError: string }[] };
    expect(refused).toContainEqual(
      expect.objectContaining({
        draftId: draft.id,
        lastError: expect.stringMatching(/^\[destination\] Telegram refused/),
      }),
    );
    const run = await env.DB.prepare("SELECT status FROM job_runs WHERE draft_id = ?").bind(draft.id).first();
    expect(run).toEqual({ status: "failed" });

    const again = await clickPublish(draft.id);
    await runPublish(again, { env: TELEGRAM });
    expect(await publication(draft.id)).toMatchObject({ status: "published", attempts: 2 });
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
  });

  it("without a local outbox (as in production), explains a platform that is not configured", async () => {
    quiet();
    const { draft } = await readyDraft();
    const job = await clickPublish(draft.id);
    const result = await runPublish(job, { env: NO_OUTBOX });
    expect(result.explicitAcks).toEqual(["pub-1"]);
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("ready");
    expect(reasonText(after?.statusReason ?? null, "en")).toBe(
      "Not published to Telegram: Telegram is not connected yet. Nothing went out. Connect your account in App Home (Your accounts), or ask your admin for the clinic's, then press Publish again.",
    );
    const row = await publication(draft.id);
    expect(String(row?.last_error)).toMatch(/TELEGRAM_BOT_TOKEN/);
    expect(await publication(draft.id)).toMatchObject({ status: "failed" });
    expect(await fakes().requests("telegram")).toEqual([]);
  });

  it("the dead-letter queue fails the publication and returns the draft, text kept, to be published again", async () => {
    quiet();
    const { draft } = await readyDraft();
    const job = await clickPublish(draft.id);
    await runPublish(job, { queue: "serotonin-dlq", attempts: 4 });
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("ready");
    expect(reasonText(after?.statusReason ?? null, "en")).toMatch(/several attempts/);
    expect(after?.currentVersion).toBe(1);
    expect(await publication(draft.id)).toMatchObject({ status: "failed" });
    const card = await lastCard();
    expect(card).toContain("draft_publish");
    expect(card).not.toContain("draft_retry");
  });

  it("ignores a job for a draft that is no longer publishing", async () => {
    quiet();
    const { draft } = await readyDraft();
    const result = await runPublish(
      { type: "publish", draftId: draft.id, requestId: "stale", platform: "telegram" },
      { env: TELEGRAM },
    );
    expect(result.explicitAcks).toEqual(["pub-1"]);
    expect(await fakes().requests("telegram")).toEqual([]);
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
  });
});
