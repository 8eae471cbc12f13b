/**
 * Dead letters are kept, listed and replayable: an index job the dead-letter consumer
 * cannot settle is stored with its payload instead of being deleted; a generation it
 * settles (the draft fails with a reason) is stored too. The admin API lists them and
 * replays one onto the queue it came from, once unless forced.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { queuedDraft } from "../generation-helpers";
import { ADMIN_HEADERS, seedPhysician, silenceLogs } from "../helpers";
import { recordingQueue } from "../publish-helpers";

async function deadLetter(body: unknown, sinks: { generate?: unknown[]; index?: unknown[] } = {}) {
  const batch = createMessageBatch("serotonin-dlq", [
    { id: "dl-1", timestamp: new Date(), attempts: 5, body },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, {
    ...env,
    GENERATE_QUEUE: recordingQueue(sinks.generate ?? []),
    INDEX_QUEUE: recordingQueue(sinks.index ?? []),
  });
  return getQueueResult(batch, ctx);
}

async function admin(
  path: string,
  init: RequestInit = {},
  sinks: { index?: unknown[]; generate?: unknown[] } = {},
) {
  const { app } = await import("../../src/app");
  const ctx = createExecutionContext();
  return app.request(
    `/admin${path}`,
    { ...init, headers: ADMIN_HEADERS },
    {
      ...env,
      GENERATE_QUEUE: recordingQueue(sinks.generate ?? []),
      INDEX_QUEUE: recordingQueue(sinks.index ?? []),
    },
    ctx,
  );
}

const INDEX_JOB = {
  type: "index",
  requestId: "req-index-1",
  document: { collection: "guidelines", namespace: "shared", source: "g.md", title: "G", text: "Sleep." },
};

describe("the dead-letter store", () => {
  it("keeps an index job it cannot settle, lists it and replays it once onto the index queue", async () => {
    silenceLogs();
    const result = await deadLetter(INDEX_JOB);
    expect(result.explicitAcks).toEqual(["dl-1"]);

    const listed = (await (await admin("/dead-letters")).json()) as {
      deadLetters: { id: number; jobType: string; outcome: string; attempts: number }[];
    };
    const [row] = listed.deadLetters;
    expect(row).toMatchObject({ jobType: "index", outcome: "stored", attempts: 5 });
    const inspected = (await (await admin(`/dead-letters/${row?.id}`)).json()) as {
      deadLetter: { payload: unknown };
    };
    expect(inspected.deadLetter.payload).toEqual(INDEX_JOB);

    const sent: unknown[] = [];
    const replay = await admin(`/dead-letters/${row?.id}/replay`, { method: "POST" }, { index: sent });
    expect(replay.status).toBe(200);
    expect(sent).toEqual([INDEX_JOB]);
    const again = await admin(`/dead-letters/${row?.id}/replay`, { method: "POST" }, { index: sent });
    expect(again.status).toBe(409);
    const forced = await admin(
      `/dead-letters/${row?.id}/replay?force=1`,
      { method: "POST" },
      { index: sent },
    );
    expect(forced.status).toBe(200);
    expect(sent).toHaveLength(2);
    expect((await admin("/dead-letters/999999/replay", { method: "POST" })).status).toBe(404);
  });

  it("stores a generation it settled, and its replay goes to the generate queue", async () => {
    silenceLogs();
    const draft = await queuedDraft(await seedPhysician());
    const job = { type: "generate", draftId: draft.id, requestId: "req-gen-dl", reason: "new" };
    await deadLetter(job);
    const row = await env.DB.prepare(
      "SELECT id, outcome FROM dead_letters WHERE request_id = 'req-gen-dl'",
    ).first<{
      id: number;
      outcome: string;
    }>();
    expect(row?.outcome).toBe("settled");
    const sent: unknown[] = [];
    await admin(`/dead-letters/${row?.id}/replay`, { method: "POST" }, { generate: sent });
    expect(sent).toEqual([job]);
  });
});
