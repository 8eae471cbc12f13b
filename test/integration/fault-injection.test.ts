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
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import worker from "../../src/index";
import { handleGenerateJob } from "../../src/queues/generate-consumer";
import { createServices } from "../../src/services";
import { ACTIONS } from "../../src/slack/ids";
import { faultyWrites } from "../d1-faults";
import { LLM_KEYS, physicianWithKnowledge, queuedDraft } from "../generation-helpers";
import { draftIn, silenceLogs } from "../helpers";
import {
  failNth,
  TELEGRAM as PACED,
  publishJob,
  recordingQueue,
  runCron,
  runPublish,
  UNPACED,
} from "../publish-helpers";

/** Dozens of posts to one channel within a minute: the per-account pace is not under test here. */
const TELEGRAM = { ...PACED, ...UNPACED };

import { assertPublishInvariants, settlePublish, TEXT } from "../publish-settle";
import { bodyOf, fakes, slackCalls } from "../slack-helpers";

const covered = { publishWrites: 0, publishCalls: 0, generateWrites: 0, generateCalls: 0 };

afterAll(() => {
  const total = Object.values(covered).reduce((a, b) => a + b, 0);
  console.info(`fault injection: ${total} points covered ${JSON.stringify(covered)}`);
});

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
      const faulty = { ...env, ...TELEGRAM, DB: faultyWrites(env.DB, k, { writes: 0 }) } as Env;
      await settlePublish(draft.id, publishJob(draft), faulty, `write ${k}`);
      await assertPublishInvariants(draft.id, `write ${k}`);
    }
  });

  it("every external call on the publish path: 503, 429, dropped connection, answer lost", async () => {
    silenceLogs();
    await fakes().reset();
    const probe = await draftIn("publishing", { text: TEXT });
    await runPublish(publishJob(probe), { env: TELEGRAM });
    const calls = (await fakes().requests("telegram", "sendMessage")).length;
    expect(calls).toBeGreaterThan(1);
    const faults: { status: number; lose?: boolean }[] = [
      { status: 503 },
      { status: 429 },
      { status: 0 },
      { status: 200, lose: true },
    ];
    for (const fault of faults) {
      for (let k = 1; k <= calls; k++) {
        await fakes().reset();
        const draft = await draftIn("publishing", { text: TEXT });
        const label = `call ${k} → ${fault.lose ? "answer lost" : fault.status}`;
        const restore = failNth("/sendMessage", k, { service: "telegram", ...fault });
        try {
          await settlePublish(draft.id, publishJob(draft), { ...env, ...TELEGRAM } as Env, label);
        } finally {
          restore();
        }
        // A lost answer was posted for real: only a refused request posted nothing.
        await assertPublishInvariants(draft.id, label, fault.lose ? undefined : k);
        covered.publishCalls += 1;
      }
    }
  });
});

async function runPublishWith(job: unknown, d1: D1Database) {
  const batch = createMessageBatch("serotonin-publish", [
    { id: "f-1", timestamp: new Date(), attempts: 1, body: job },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...TELEGRAM, DB: d1, PUBLISH_QUEUE: recordingQueue([]) });
  return getQueueResult(batch, ctx);
}

/** Runs one delivery of `body` on `queue` through the Worker; whether the queue retries it. */
async function deliver(queue: string, body: unknown, attempts: number, world: Env): Promise<"ack" | "retry"> {
  const batch = createMessageBatch(queue, [{ id: `g-${attempts}`, timestamp: new Date(), attempts, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, world);
  const result = await getQueueResult(batch, ctx);
  return result.retryBatch.retry || result.retryMessages.length > 0 ? "retry" : "ack";
}

async function cronJobs(): Promise<unknown[]> {
  const jobs: unknown[] = [];
  await runCron({ GENERATE_QUEUE: recordingQueue(jobs) });
  return jobs;
}

describe("fault injection: generate", () => {
  const MAX_RETRIES = 3; // wrangler.toml: the generate queue's max_retries

  /**
   * Delivers the job as Cloudflare would until the draft settles: a retried message comes
   * back (after max_retries it goes to the dead-letter queue); a message acked while the
   * draft is still unsettled must be found by the minute cron once its lease or retry time
   * has passed — otherwise the job was lost.
   */
  async function settleGenerate(draftId: string, world: Env, label: string, first = world): Promise<void> {
    let body: unknown = { type: "generate", draftId, requestId: "f", reason: "new" };
    let queue = "serotonin-generate";
    let attempts = 1;
    let current = first;
    for (let step = 0; step < 12; step++) {
      const outcome = await deliver(queue, body, attempts, current).catch(() => "retry" as const);
      current = world;
      const draft = await getDraft(createServices(env).db, draftId);
      if (!["queued", "generating"].includes(String(draft?.status))) return;
      if (outcome === "retry") {
        if (queue === "serotonin-generate" && attempts > MAX_RETRIES) {
          queue = "serotonin-dlq";
          attempts = 1;
        } else attempts += 1;
        continue;
      }
      // Acked but unsettled: time passes (lease and retry time run out); the cron must re-send it.
      await env.DB.prepare(
        `UPDATE drafts SET updated_at = 0, lease_until = CASE WHEN lease_until IS NULL THEN NULL ELSE 1 END,
           retry_at = CASE WHEN retry_at IS NULL THEN NULL ELSE 1 END WHERE id = ?`,
      )
        .bind(draftId)
        .run();
      const jobs = await cronJobs();
      expect(jobs.length, `${label}: job lost (${draft?.status}, acked, not re-sent by the cron)`).toBe(1);
      [body] = jobs;
      queue = "serotonin-generate";
      attempts = 1;
    }
  }

  /** `slackDown`: Slack refused everything, so no message could reach the physician. */
  async function assertGenerateInvariants(draftId: string, label: string, slackDown = false): Promise<void> {
    const draft = await getDraft(createServices(env).db, draftId);
    expect(["ready", "needs_review", "failed"], `${label}: left ${draft?.status}`).toContain(draft?.status);
    const versions = await env.DB.prepare("SELECT count(*) AS n FROM draft_versions WHERE draft_id = ?")
      .bind(draftId)
      .first<{ n: number }>();
    if (draft?.status !== "failed") expect(versions?.n, `${label}: versions`).toBe(1);
    if (draft?.status === "failed" && !slackDown) {
      // Every terminal failure reaches the physician: a failure card with its Retry button.
      const shown = [...(await slackCalls("chat.update")), ...(await slackCalls("chat.postMessage"))]
        .map((r) => JSON.stringify(bodyOf(r).blocks ?? ""))
        .filter((b) => b.includes(draftId));
      expect(
        shown.some((b) => b.includes(ACTIONS.retry)),
        `${label}: failed with no Slack message`,
      ).toBe(true);
      expect(draft.statusReason, `${label}: failed with no reason`).toBeTruthy();
    }
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
      await fakes().reset();
      const draft = await queuedDraft(physician);
      const faulty = { ...env, DB: faultyWrites(env.DB, k, { writes: 0 }) } as Env;
      await settleGenerate(draft.id, env, `write ${k}`, faulty);
      await assertGenerateInvariants(draft.id, `write ${k}`);
    }
  });

  it("every D1 write on the failure path (the LLM rejects the request: a permanent failure)", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const keyed = { ...env, ...LLM_KEYS } as Env;
    const reject = async () => {
      await fakes().reset();
      await fakes().fail({ service: "anthropic", status: 400, times: -1 });
      await fakes().fail({ service: "openai", status: 400, times: -1 });
    };
    await reject();
    const counter = { writes: 0 };
    const probe = await queuedDraft(physician);
    await settleGenerate(probe.id, keyed, "probe", {
      ...keyed,
      DB: faultyWrites(env.DB, -1, counter),
    } as Env);
    expect((await getDraft(createServices(env).db, probe.id))?.status).toBe("failed");
    const points = counter.writes;
    expect(points).toBeGreaterThan(2);
    covered.generateWrites += points;
    for (let k = 0; k < points; k++) {
      await reject();
      const draft = await queuedDraft(physician);
      const faulty = { ...keyed, DB: faultyWrites(env.DB, k, { writes: 0 }) } as Env;
      await settleGenerate(draft.id, keyed, `failure-path write ${k}`, faulty);
      await assertGenerateInvariants(draft.id, `failure-path write ${k}`);
      expect((await getDraft(createServices(env).db, draft.id))?.status).toBe("failed");
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
        await settleGenerate(draft.id, env, `${service} ${status}`);
        await assertGenerateInvariants(draft.id, `${service} ${status}`, service === "slack");
        covered.generateCalls += 1;
      }
    }
  });

  it("every LLM call: 503, 429, 529 overloaded, dropped connection, timeout; then both providers down", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const keyed = { ...env, ...LLM_KEYS, LLM_TIMEOUT_S: "1" } as Env;
    await fakes().reset();
    const probe = await queuedDraft(physician);
    await settleGenerate(probe.id, keyed, "probe");
    const calls = (await fakes().requests("anthropic")).length;
    expect(calls).toBeGreaterThanOrEqual(2);
    const faults: { status: number; delayMs?: number }[] = [
      { status: 503 },
      { status: 429 },
      { status: 529 },
      { status: 0 },
      { status: 200, delayMs: 2500 },
    ];
    for (const fault of faults) {
      for (let k = 1; k <= calls; k++) {
        await fakes().reset();
        const draft = await queuedDraft(physician);
        const label = `anthropic call ${k} → ${fault.delayMs ? "timeout" : fault.status}`;
        const restore = failNth("/anthropic/v1/messages", k, { service: "anthropic", ...fault });
        try {
          await settleGenerate(draft.id, keyed, label);
        } finally {
          restore();
        }
        await assertGenerateInvariants(draft.id, label);
        covered.generateCalls += 1;
      }
    }
    // Both providers down on every attempt: a failure card, never a stuck draft.
    await fakes().reset();
    await fakes().fail({ service: "anthropic", status: 503, times: -1 });
    await fakes().fail({ service: "openai", status: 503, times: -1 });
    const draft = await queuedDraft(physician);
    await settleGenerate(draft.id, keyed, "both down");
    await assertGenerateInvariants(draft.id, "both down");
    expect((await getDraft(createServices(env).db, draft.id))?.status).toBe("failed");
    covered.generateCalls += 1;
  }, 180_000);
});
