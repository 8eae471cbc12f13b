import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDraft } from "../../src/db/drafts";
import worker from "../../src/index";
import { LocalEmbedder } from "../../src/platform/embeddings/local";
import type { IndexJob } from "../../src/queues/messages";
import { reasonText } from "../../src/slack/card-model";
import { db, seedDraft, seedPhysician } from "../helpers";

const indexJob: IndexJob = {
  type: "index",
  requestId: "req-1",
  document: {
    collection: "guidelines",
    namespace: "global",
    source: "medical_guidelines/exercise.md",
    title: "Exercise and mood",
    text: "Regular aerobic exercise reduces depressive symptoms in adults.",
  },
};

async function runBatch(queue: string, messages: { id: string; body: unknown; attempts?: number }[]) {
  const batch = createMessageBatch(
    queue,
    messages.map((m) => ({ id: m.id, timestamp: new Date(), attempts: m.attempts ?? 1, body: m.body })),
  );
  // getQueueResult does not report retry delays; record them from the messages themselves.
  const delays: Record<string, number | undefined> = {};
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options) => {
      delays[message.id] = options?.delaySeconds;
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

afterEach(() => vi.restoreAllMocks());

describe("queue consumer", () => {
  it("acks an index job once its document is stored", async () => {
    const result = await runBatch("serotonin-index", [{ id: "m1", body: indexJob }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(result.retryMessages).toEqual([]);
    const row = await env.DB.prepare("SELECT count(*) AS n FROM knowledge_chunks").first<{ n: number }>();
    expect(row?.n).toBe(1);
  });

  it("acks and logs a malformed message instead of retrying it forever", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await runBatch("serotonin-index", [{ id: "bad", body: { type: "index", document: {} } }]);
    expect(result.explicitAcks).toEqual(["bad"]);
    expect(errors.mock.calls.map((c) => String(c[0])).join("\n")).toContain(
      '"event":"queue_message_invalid"',
    );
  });

  it("retries a transient failure with exponential backoff, per message", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(LocalEmbedder.prototype, "embed").mockRejectedValue(new Error("embedding backend unavailable"));
    const other = { ...indexJob, document: { ...indexJob.document, source: "other.md" } };
    const result = await runBatch("serotonin-index", [
      { id: "first-try", body: indexJob, attempts: 1 },
      { id: "third-try", body: other, attempts: 3 },
    ]);
    expect(result.explicitAcks).toEqual([]);
    // RETRY_BASE_DELAY_S is 1 in tests: 1 s after the first attempt, 4 s after the third.
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["first-try", "third-try"]);
    expect(result.delays).toEqual({ "first-try": 1, "third-try": 4 });
  });

  it("marks a dead-lettered generation job's draft as failed with a human reason", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const draft = await seedDraft(await seedPhysician());
    const job = { type: "generate", draftId: draft.id, requestId: "r", reason: "new" };
    const result = await runBatch("serotonin-dlq", [{ id: "dead", body: job, attempts: 4 }]);
    expect(result.explicitAcks).toEqual(["dead"]);
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("failed");
    expect(reasonText(after?.statusReason ?? null, "en")).toMatch(
      /^I could not write this draft: .* after several attempts\. Nothing was published\. Press Retry/,
    );
  });

  it("leaves a draft that finished meanwhile alone when its job is dead-lettered", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const draft = await seedDraft(await seedPhysician());
    await env.DB.prepare("UPDATE drafts SET status = 'ready' WHERE id = ?").bind(draft.id).run();
    await runBatch("serotonin-dlq", [
      { id: "late", body: { type: "generate", draftId: draft.id, requestId: "r" } },
    ]);
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
  });

  it("acks a /health ping on every queue, the dead-letter queue included, without work or errors", async () => {
    const logs = [vi.spyOn(console, "log"), vi.spyOn(console, "warn"), vi.spyOn(console, "error")].map(
      (spy) => spy.mockImplementation(() => {}),
    );
    const ping = { type: "ping", requestId: "health-1" };
    for (const queue of ["serotonin-generate", "serotonin-publish", "serotonin-index", "serotonin-dlq"]) {
      const result = await runBatch(queue, [{ id: `ping-${queue}`, body: ping }]);
      expect(result.explicitAcks).toEqual([`ping-${queue}`]);
      expect(result.retryMessages).toEqual([]);
    }
    expect(logs.flatMap((spy) => spy.mock.calls)).toEqual([]);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM dead_letters").first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it("acks a ping even when the configuration is broken, and puts the jobs beside it back", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const batch = createMessageBatch<unknown>("serotonin-index", [
      { id: "ping", timestamp: new Date(), attempts: 1, body: { type: "ping", requestId: "h" } },
      { id: "job", timestamp: new Date(), attempts: 1, body: indexJob },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, LOG_LEVEL: "shouting" });
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["ping"]);
    expect(result.retryBatch).toMatchObject({ retry: true });
  });

  it("delivers a real queued message to the consumer declared in wrangler.toml", async () => {
    await env.INDEX_QUEUE.send(indexJob);
    await vi.waitFor(
      async () => {
        const row = await env.DB.prepare("SELECT count(*) AS n FROM knowledge_chunks").first<{ n: number }>();
        expect(row?.n).toBe(1);
      },
      { timeout: 10_000, interval: 100 },
    );
  });
});
