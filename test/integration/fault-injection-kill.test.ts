/**
 * A Worker killed mid-draft, at every point of the generate path (each D1 write and each
 * call to Slack, PubMed and the LLM). After the kill the world goes on as it would: the
 * queue re-delivers the job (a live lease turns it away), the lease runs out, the minute
 * cron re-queues the draft and a new attempt makes the card. Then the killed attempt wakes
 * up — while the takeover holds the draft — and runs to its end. Invariants:
 * - the draft ends with its card (or a failure card) — the cron never loses it;
 * - the stale attempt writes nothing, to D1 or Slack (the request in flight at its death
 *   aside): one text version, the takeover's lease and status unchanged;
 * - the last thing Slack shows for the draft is its card, never a progress message.
 * The publish path is killed the same way: no part is ever posted twice, the publication
 * ends published, handed back with a reason, or asking the physician — never lost.
 * The number of kill points covered is printed.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import type { Draft, Physician } from "../../src/db/schema";
import worker from "../../src/index";
import { handleGenerateJob } from "../../src/queues/generate-consumer";
import type { GenerateJob } from "../../src/queues/messages";
import { createServices } from "../../src/services";
import { DRAFT_ACTIONS_BLOCK_ID } from "../../src/slack/blocks/draft-card";
import { PROGRESS_STAGES_BLOCK_ID } from "../../src/slack/blocks/progress";
import { LLM_KEYS, physicianWithKnowledge, queuedDraft } from "../generation-helpers";
import { db, draftIn, silenceLogs } from "../helpers";
import { type KillSwitch, killSwitch } from "../kill-switch";
import { publishJob, recordingQueue, runCron, TELEGRAM } from "../publish-helpers";
import { assertPublishInvariants, settlePublish, TEXT } from "../publish-settle";
import { bodyOf, fakes, slackCalls } from "../slack-helpers";

const covered = { offline: 0, llm: 0, publish: 0 };

afterAll(() => {
  const total = covered.offline + covered.llm + covered.publish;
  console.info(`fault injection (killed invocation): ${total} points covered ${JSON.stringify(covered)}`);
});

const TERMINAL = ["ready", "needs_review", "failed"];

function job(draftId: string): GenerateJob {
  return { type: "generate", draftId, requestId: "kill", reason: "new" };
}

async function cron(): Promise<GenerateJob[]> {
  const jobs: GenerateJob[] = [];
  await runCron({ GENERATE_QUEUE: recordingQueue(jobs) });
  return jobs;
}

async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!done()) throw new Error(`timed out waiting for ${what}`);
}

/** The last message Slack shows for the draft: the latest post or update of its ts. */
async function lastSlackMessage(draft: Draft): Promise<string> {
  const writes = [...(await slackCalls("chat.postMessage")), ...(await slackCalls("chat.update"))]
    .map(bodyOf)
    .filter(
      (b) => b.channel === draft.slackChannelId && (b.ts === undefined || b.ts === draft.slackMessageTs),
    );
  const updates = (await slackCalls("chat.update")).map(bodyOf).filter((b) => b.ts === draft.slackMessageTs);
  return JSON.stringify((updates.at(-1) ?? writes.at(-1))?.blocks ?? "");
}

/** Messages Slack received (posted or updated) so far. */
async function slackWrites(): Promise<number> {
  return (await slackCalls("chat.postMessage")).length + (await slackCalls("chat.update")).length;
}

async function versionCount(draftId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM draft_versions WHERE draft_id = ?")
    .bind(draftId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Runs `attempt` until it finishes or its switch kills it; true when it was killed. */
async function runUntilKilled(doomed: KillSwitch, attempt: Promise<unknown>, what: string): Promise<boolean> {
  let finished = false;
  void attempt.then(() => {
    finished = true;
  });
  await until(() => doomed.killed || finished, what);
  return !finished;
}

/**
 * Kills the attempt before operation `k` and lets the world recover. The takeover attempt
 * is itself paused right after its claim, and the killed attempt wakes up then — while
 * another attempt holds the draft — and runs to its end before the takeover finishes.
 */
async function killAndRecover(physician: Physician, k: number, extra: Partial<Env>, label: string) {
  await fakes().reset();
  const draft = await queuedDraft(physician);
  const world = { ...env, ...extra } as Env;
  const doomed = killSwitch(k, extra);
  const stale = handleGenerateJob(createServices(doomed.env), job(draft.id), 1).catch(() => undefined);
  let takeover: { switch: KillSwitch; attempt: Promise<unknown> } | undefined;
  try {
    if (!(await runUntilKilled(doomed, stale, "the kill"))) return false; // fewer operations than k

    // The queue re-delivers the job of the dead invocation: a live lease turns it away.
    await handleGenerateJob(createServices(world), job(draft.id), 2).catch(() => undefined);
    for (let round = 0; round < 4; round++) {
      const now = await getDraft(db(), draft.id);
      if (TERMINAL.includes(String(now?.status))) break;
      // Time passes: the lease (30 s) runs out, a queued draft ages past the sweep margin.
      await env.DB.prepare(
        "UPDATE drafts SET lease_until = CASE WHEN lease_until IS NULL THEN NULL ELSE 1 END, updated_at = 0, retry_at = NULL WHERE id = ?",
      )
        .bind(draft.id)
        .run();
      const jobs = await cron();
      expect(
        jobs.map((j) => j.draftId),
        `${label}: the cron lost the draft (${now?.status})`,
      ).toContain(draft.id);
      if (takeover) {
        await handleGenerateJob(createServices(world), job(draft.id), 1).catch(() => undefined);
        continue;
      }
      // The takeover claims the draft (operation 0) and pauses before anything else.
      const paused = killSwitch(1, extra);
      takeover = {
        switch: paused,
        attempt: handleGenerateJob(createServices(paused.env), job(draft.id), 1).catch(() => undefined),
      };
      if (!(await runUntilKilled(paused, takeover.attempt, "the takeover's claim"))) continue;
      const held = (await getDraft(db(), draft.id)) as Draft;
      expect(held.status, `${label}: the takeover did not claim`).toBe("generating");

      // The killed attempt wakes up now and runs to its end: it must change nothing.
      const shownBefore = await slackWrites();
      doomed.revive();
      await stale;
      const during = (await getDraft(db(), draft.id)) as Draft;
      expect(during, `${label}: the stale attempt wrote over the takeover`).toMatchObject({
        status: "generating",
        leaseOwner: held.leaseOwner,
        currentVersion: held.currentVersion,
      });
      expect(await versionCount(draft.id), `${label}: the stale attempt stored a version`).toBe(
        held.currentVersion,
      );
      // The one request in flight when it died may still land; nothing after it.
      expect(await slackWrites(), `${label}: the stale attempt wrote to Slack`).toBeLessThanOrEqual(
        shownBefore + 1,
      );
      paused.revive();
      await takeover.attempt;
    }
    const recovered = (await getDraft(db(), draft.id)) as Draft;
    expect(TERMINAL, `${label}: left ${recovered.status}`).toContain(recovered.status);

    // Woken up after the recovery instead (no takeover ran): still nothing changes.
    doomed.revive();
    await stale;
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after.status, `${label}: the stale attempt changed the status`).toBe(recovered.status);
    expect(after.currentVersion, `${label}: the stale attempt wrote a version`).toBe(
      recovered.currentVersion,
    );
    if (after.status !== "failed") expect(await versionCount(draft.id), `${label}: versions`).toBe(1);
    const shown = await lastSlackMessage(after);
    expect(shown, `${label}: Slack still shows progress`).not.toContain(PROGRESS_STAGES_BLOCK_ID);
    if (after.status !== "failed") expect(shown, `${label}: no card`).toContain(DRAFT_ACTIONS_BLOCK_ID);
    return true;
  } finally {
    takeover?.switch.revive();
    await takeover?.attempt;
    takeover?.switch.restore();
    doomed.revive();
    await stale;
    doomed.restore();
  }
}

async function killEverywhere(extra: Partial<Env>, label: string): Promise<number> {
  const physician = await physicianWithKnowledge();
  // A probe that never dies counts the operations of a clean attempt.
  await fakes().reset();
  const probeDraft = await queuedDraft(physician);
  const probe = killSwitch(-1, extra);
  try {
    await handleGenerateJob(createServices(probe.env), job(probeDraft.id), 1);
  } finally {
    probe.restore();
  }
  expect(TERMINAL).toContain((await getDraft(db(), probeDraft.id))?.status);
  const points = probe.ops;
  expect(points).toBeGreaterThan(8);
  let covered = 0;
  for (let k = 0; k < points; k++) {
    if (await killAndRecover(physician, k, extra, `${label} kill ${k}/${points}`)) covered += 1;
  }
  return covered;
}

describe("fault injection: a killed generate invocation", () => {
  it("offline drafting: killed before every D1 write and every Slack and PubMed call", async () => {
    silenceLogs();
    covered.offline = await killEverywhere({}, "offline");
  }, 60_000);

  it("with LLM keys: killed before every D1 write and every Slack, PubMed and LLM call", async () => {
    silenceLogs();
    covered.llm = await killEverywhere(LLM_KEYS, "llm");
  }, 60_000);
});

/** Runs one publish delivery on `world` (not awaited by the caller when it is to be killed). */
async function deliverPublish(job: unknown, world: Env): Promise<void> {
  const batch = createMessageBatch("serotonin-publish", [
    { id: "kill-pub", timestamp: new Date(), attempts: 1, body: job },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...world, PUBLISH_QUEUE: recordingQueue([]) });
  await getQueueResult(batch, ctx);
}

describe("fault injection: a killed publish invocation", () => {
  it("killed before every D1 write and every Telegram call: no part twice, nothing lost", async () => {
    silenceLogs();
    await fakes().reset();
    const probeDraft = await draftIn("publishing", { text: TEXT });
    const probe = killSwitch(-1, TELEGRAM);
    try {
      await deliverPublish(publishJob(probeDraft), probe.env);
    } finally {
      probe.restore();
    }
    expect((await getDraft(db(), probeDraft.id))?.status).toBe("published");
    const points = probe.ops;
    expect(points).toBeGreaterThan(5);
    for (let k = 0; k < points; k++) {
      await fakes().reset();
      const draft = await draftIn("publishing", { text: TEXT });
      const label = `publish kill ${k}/${points}`;
      const doomed = killSwitch(k, TELEGRAM);
      const attempt = deliverPublish(publishJob(draft), doomed.env).catch(() => undefined);
      try {
        if (!(await runUntilKilled(doomed, attempt, "the kill"))) continue;
        // The dead invocation's message comes back, the lease runs out, the cron steps in.
        await settlePublish(draft.id, publishJob(draft), { ...env, ...TELEGRAM } as Env, label);
        // The killed attempt wakes up and runs to its end: its one request in flight may
        // land, nothing after it may be sent again.
        doomed.revive();
        await attempt;
        await assertPublishInvariants(draft.id, label);
        covered.publish += 1;
      } finally {
        doomed.revive();
        await attempt;
        doomed.restore();
      }
    }
  }, 120_000);
});
