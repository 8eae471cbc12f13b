/**
 * Fault injection on the publish and generate paths. A clean run counts the injection
 * points: every D1 write (a batch counts once) and every external call. Then, for each
 * point, the same job runs with that one point failing, and is re-delivered until it
 * settles (as the queue and the sweeper would). Invariants after every run:
 * - publish: no part is ever sent twice; the post ends published, or asks the physician
 *   (`uncertain`), or is handed back with a reason — never stuck in "publishing";
 * - generate: the draft ends with its card (ready / needs review) or a failure card, with
 *   exactly one text version when it succeeded — never stuck in "queued" or "generating".
 * The number of points covered is printed.
 */
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import { handleGenerateJob } from "../../src/queues/generate-consumer";
import { createServices } from "../../src/services";
import { physicianWithKnowledge, queuedDraft } from "../generation-helpers";
import { draftIn, silenceLogs } from "../helpers";
import { publication, publishJob, recordingQueue, runPublish, TELEGRAM } from "../publish-helpers";
import { bodyOf, fakes } from "../slack-helpers";

const WRITE = /^\s*(insert|update|delete)\b/i;

/** Counts D1 write executions and fails the `failAt`-th one (0-based; -1 fails none). */
function faultyWrites(d1: D1Database, failAt: number, counter: { writes: number }): D1Database {
  const hit = (): boolean => counter.writes++ === failAt;
  const statement = (stmt: D1PreparedStatement, write: boolean): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop);
        if (typeof value !== "function") return value;
        if (prop === "bind") return (...values: unknown[]) => statement(target.bind(...values), write);
        if (!write || !["run", "all", "first", "raw"].includes(String(prop))) return value.bind(target);
        return async (...args: unknown[]) => {
          if (hit()) throw new Error("D1_ERROR: injected write failure");
          return Reflect.apply(value, target, args);
        };
      },
    });
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => statement(target.prepare(query), WRITE.test(query));
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          if (hit()) throw new Error("D1_ERROR: injected batch failure");
          return target.batch(statements);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const covered = { publishWrites: 0, publishCalls: 0, generateWrites: 0, generateCalls: 0 };

afterAll(() => {
  const total = Object.values(covered).reduce((a, b) => a + b, 0);
  console.info(`fault injection: ${total} points covered ${JSON.stringify(covered)}`);
});

const TEXT = Array.from(
  { length: 110 },
  (_, i) => `Point ${i + 1}: move the last coffee of the day earlier.`,
).join(" ");

/** Re-delivers the publish job until the publication settles (the queue and sweeper's job). */
async function settlePublish(draftId: string, job: unknown): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const row = await publication(draftId);
    const draft = await getDraft(createServices(env).db, draftId);
    // Settled: the draft left "publishing", or the card asks the physician a question.
    if (draft?.status !== "publishing" || ["uncertain", "waiting"].includes(String(row?.status))) return;
    // A claim left by the failed attempt, or a delay: due now (the lease would have run out).
    await env.DB.prepare("UPDATE publications SET updated_at = 0, not_before = NULL WHERE draft_id = ?")
      .bind(draftId)
      .run();
    await env.DB.prepare("UPDATE publish_holds SET until = 0").run();
    await runPublish(job, { env: TELEGRAM, attempts: i + 2 }).catch(() => undefined);
  }
}

/** `refused`: the 1-based request the fake answered with the injected failure (it posted nothing). */
async function assertPublishInvariants(draftId: string, label: string, refused?: number): Promise<void> {
  const requests = await fakes().requests("telegram", "sendMessage");
  const sent = requests.filter((_r, i) => i + 1 !== refused).map((r) => String(bodyOf(r).text));
  expect(new Set(sent).size, `${label}: a part was sent twice`).toBe(sent.length);
  const draft = await getDraft(createServices(env).db, draftId);
  const row = await publication(draftId);
  const settled =
    draft?.status === "published" ||
    ["ready", "needs_review"].includes(String(draft?.status)) ||
    ["uncertain", "waiting"].includes(String(row?.status));
  expect(settled, `${label}: left ${draft?.status} / ${row?.status}`).toBe(true);
}

describe("fault injection: publish", () => {
  it("every D1 write on the publish path", async () => {
    silenceLogs();
    const counter = { writes: 0 };
    // A clean run through the counting proxy finds the injection points.
    const probe = await draftIn("publishing", { text: TEXT });
    await runPublishWith(publishJob(probe), faultyWrites(env.DB, -1, counter));
    const points = counter.writes;
    expect(points).toBeGreaterThan(5);
    covered.publishWrites = points;

    for (let k = 0; k < points; k++) {
      await fakes().reset();
      const draft = await draftIn("publishing", { text: TEXT });
      const job = publishJob(draft);
      await runPublishWith(job, faultyWrites(env.DB, k, { writes: 0 })).catch(() => undefined);
      await settlePublish(draft.id, job);
      await assertPublishInvariants(draft.id, `write ${k}`);
    }
  });

  it("every external call on the publish path: 503, 429, dropped connection", async () => {
    silenceLogs();
    await fakes().reset();
    const probe = await draftIn("publishing", { text: TEXT });
    await runPublish(publishJob(probe), { env: TELEGRAM });
    const calls = (await fakes().requests("telegram", "sendMessage")).length;
    expect(calls).toBeGreaterThan(1);
    for (const status of [503, 429, 0]) {
      for (let k = 1; k <= calls; k++) {
        await fakes().reset();
        const draft = await draftIn("publishing", { text: TEXT });
        const job = publishJob(draft);
        const realFetch = globalThis.fetch;
        let seen = 0;
        globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
          const url = input instanceof Request ? input.url : String(input);
          if (url.endsWith("/sendMessage") && ++seen === k)
            await fakes().fail({ service: "telegram", status });
          return realFetch(input, init);
        }) as typeof fetch;
        try {
          await runPublish(job, { env: TELEGRAM }).catch(() => undefined);
        } finally {
          globalThis.fetch = realFetch;
        }
        await settlePublish(draft.id, job);
        await assertPublishInvariants(draft.id, `call ${k} → ${status}`, k);
        covered.publishCalls += 1;
      }
    }
  });
});

async function runPublishWith(job: unknown, d1: D1Database) {
  const { createExecutionContext, createMessageBatch, getQueueResult } = await import("cloudflare:test");
  const worker = (await import("../../src/index")).default;
  const batch = createMessageBatch("serotonin-publish", [
    { id: "f-1", timestamp: new Date(), attempts: 1, body: job },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...TELEGRAM, DB: d1, PUBLISH_QUEUE: recordingQueue([]) });
  return getQueueResult(batch, ctx);
}

describe("fault injection: generate", () => {
  /** Runs the generation, then re-delivers it (lease run out, as the sweeper would) until it settles. */
  async function settleGenerate(draftId: string, first: D1Database): Promise<void> {
    const job = { type: "generate" as const, draftId, requestId: "f", reason: "new" as const };
    await handleGenerateJob(createServices({ ...env, DB: first } as Env), job, 1).catch(() => undefined);
    for (let attempt = 2; attempt <= 5; attempt++) {
      const draft = await getDraft(createServices(env).db, draftId);
      if (draft?.status !== "queued" && draft?.status !== "generating") return;
      // A write that failed may have left the claim in place: its lease runs out.
      await env.DB.prepare(
        "UPDATE drafts SET status = 'queued', lease_owner = NULL, lease_until = NULL WHERE id = ? AND status = 'generating'",
      )
        .bind(draftId)
        .run();
      await handleGenerateJob(createServices(env), job, attempt).catch(() => undefined);
    }
  }

  async function assertGenerateInvariants(draftId: string, label: string): Promise<void> {
    const draft = await getDraft(createServices(env).db, draftId);
    expect(["ready", "needs_review", "failed"], `${label}: left ${draft?.status}`).toContain(draft?.status);
    const versions = await env.DB.prepare("SELECT count(*) AS n FROM draft_versions WHERE draft_id = ?")
      .bind(draftId)
      .first<{ n: number }>();
    if (draft?.status !== "failed") expect(versions?.n, `${label}: versions`).toBe(1);
  }

  it("every D1 write on the generate path", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const counter = { writes: 0 };
    const probe = await queuedDraft(physician);
    await handleGenerateJob(
      createServices({ ...env, DB: faultyWrites(env.DB, -1, counter) } as Env),
      { type: "generate", draftId: probe.id, requestId: "p", reason: "new" },
      1,
    );
    const points = counter.writes;
    expect(points).toBeGreaterThan(3);
    covered.generateWrites = points;
    for (let k = 0; k < points; k++) {
      const draft = await queuedDraft(physician);
      await settleGenerate(draft.id, faultyWrites(env.DB, k, { writes: 0 }));
      await assertGenerateInvariants(draft.id, `write ${k}`);
    }
  });

  it("every external service on the generate path: Slack and PubMed failing", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    for (const service of ["slack", "pubmed"] as const) {
      for (const status of [503, 0]) {
        await fakes().reset();
        await fakes().fail({ service, status, times: -1 });
        const draft = await queuedDraft(physician);
        await settleGenerate(draft.id, env.DB);
        await fakes().reset();
        await assertGenerateInvariants(draft.id, `${service} ${status}`);
        covered.generateCalls += 1;
      }
    }
  });
});
