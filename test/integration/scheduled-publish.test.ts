/**
 * Scheduled publishing through the cron trigger: due drafts are queued once and published
 * by the consumer, future ones are untouched, and overlapping cron runs never double-post.
 */
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { addDraftVersion, getDraft } from "../../src/db/drafts";
import type { Draft, Physician } from "../../src/db/schema";
import worker from "../../src/index";
import { db, seedDraft, seedPhysician } from "../helpers";
import { fakes } from "../slack-helpers";

const TELEGRAM = { TELEGRAM_BOT_TOKEN: "123:abc", TELEGRAM_CHAT_ID: "@chan" };
const NOW = Date.UTC(2026, 10, 29, 12, 0);

afterEach(() => vi.restoreAllMocks());

function quiet() {
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
}

async function scheduledDraft(physician: Physician, at: number, text: string): Promise<Draft> {
  const draft = await seedDraft(physician);
  await addDraftVersion(db(), draft.id, text, "generated");
  await env.DB.prepare(
    "UPDATE drafts SET status = 'scheduled', scheduled_at = ?, slack_channel_id = 'C_GENERAL', slack_message_ts = ? WHERE id = ?",
  )
    .bind(at, `1700000000.${draft.id.slice(0, 6)}`, draft.id)
    .run();
  return (await getDraft(db(), draft.id)) as Draft;
}

function recordingQueue(sink: unknown[], fail = false): Queue {
  return {
    send: async (body: unknown) => {
      if (fail) throw new Error("queue unavailable");
      sink.push(body);
    },
    sendBatch: async (messages: Iterable<MessageSendRequest>) => {
      for (const m of messages) sink.push(m.body);
    },
    metrics: async () => ({ backlogCount: 0, backlogBytes: 0 }),
  } as unknown as Queue;
}

async function cron(sink: unknown[], options: { fail?: boolean } = {}) {
  await worker.scheduled(createScheduledController({ scheduledTime: NOW, cron: "* * * * *" }), {
    ...env,
    PUBLISH_QUEUE: recordingQueue(sink, options.fail),
  });
}

async function consume(jobs: unknown[]) {
  const batch = createMessageBatch(
    "serotonin-publish",
    jobs.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...TELEGRAM });
  return getQueueResult(batch, ctx);
}

async function publicationCount(draftId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM publications WHERE draft_id = ?")
    .bind(draftId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe("scheduled publishing (cron)", () => {
  it("queues due drafts, leaves future ones alone, and the consumer publishes them", async () => {
    const logs = vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const physician = await seedPhysician();
    const due = await scheduledDraft(physician, NOW - 60_000, "Due post about sleep.");
    const onTheMinute = await scheduledDraft(physician, NOW, "Exactly on time.");
    const future = await scheduledDraft(physician, NOW + 3_600_000, "Tomorrow's post.");

    const jobs: unknown[] = [];
    await cron(jobs);
    expect(jobs).toHaveLength(2);
    expect(jobs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "publish", draftId: due.id, platform: "telegram" }),
        expect.objectContaining({ type: "publish", draftId: onTheMinute.id, platform: "telegram" }),
      ]),
    );
    expect((await getDraft(db(), due.id))?.status).toBe("publishing");
    expect((await getDraft(db(), future.id))?.status).toBe("scheduled");
    expect(await publicationCount(future.id)).toBe(0);
    const line = logs.mock.calls
      .map((c) => JSON.parse(String(c[0])))
      .find((l) => l.task === "publish_due_drafts");
    expect(line).toMatchObject({ event: "cron_task", due: 2, queued: 2, skipped: 0 });

    const result = await consume(jobs);
    expect(result.explicitAcks).toHaveLength(2);
    const sent = await fakes().requests("telegram", "sendMessage");
    expect(sent.map((r) => (r.body as { text: string }).text).sort()).toEqual([
      "Due post about sleep.",
      "Exactly on time.",
    ]);
    expect((await getDraft(db(), due.id))?.status).toBe("published");
    expect((await getDraft(db(), future.id))?.status).toBe("scheduled");

    // The next minute finds nothing new to do.
    const later: unknown[] = [];
    await cron(later);
    expect(later).toEqual([]);
  });

  it("publishes once when two cron runs overlap", async () => {
    quiet();
    const physician = await seedPhysician();
    const draft = await scheduledDraft(physician, NOW - 1000, "Only once, please.");
    const jobs: unknown[] = [];
    await Promise.all([cron(jobs), cron(jobs)]);
    expect(jobs).toHaveLength(1);
    expect(await publicationCount(draft.id)).toBe(1);
    // Even if the job were delivered twice, the publication row allows one post.
    await consume([...jobs, ...jobs]);
    expect(await fakes().requests("telegram", "sendMessage")).toHaveLength(1);
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
  });

  it("keeps a draft scheduled, time and all, when its job cannot be queued, and queues it next minute", async () => {
    quiet();
    const physician = await seedPhysician();
    const draft = await scheduledDraft(physician, NOW - 1000, "Queue is down.");
    await cron([], { fail: true });
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("scheduled");
    expect(after?.scheduledAt).toBe(NOW - 1000);
    const jobs: unknown[] = [];
    await cron(jobs);
    expect(jobs).toEqual([expect.objectContaining({ type: "publish", draftId: draft.id })]);
    expect((await getDraft(db(), draft.id))?.status).toBe("publishing");
  });
});
