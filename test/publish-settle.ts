/**
 * Publishing as Cloudflare delivers it, for the fault-injection suites: a job is delivered,
 * retried, dead-lettered, delayed or re-sent by the minute cron until the publication
 * settles, and the invariants every run must keep are checked.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { getDraft } from "../src/db/drafts";
import worker from "../src/index";
import { createServices } from "../src/services";
import { publication, recordingQueue, runCron, TELEGRAM, UNPACED } from "./publish-helpers";
import { bodyOf, fakes, slackCalls } from "./slack-helpers";

/** A post long enough for a Telegram thread of two parts. */
export const TEXT = Array.from(
  { length: 110 },
  (_, i) => `Point ${i + 1}: move the last coffee of the day earlier.`,
).join(" ");

const PUBLISH_MAX_RETRIES = 3; // wrangler.toml: the publish queue's max_retries

/**
 * Delivers the publish job as Cloudflare would until the publication settles: a retried
 * message comes back (after max_retries, to the dead-letter queue); a delayed message the
 * consumer sent itself is delivered once its time has come; a message acked while the draft
 * is still publishing must be picked up by the minute cron once the lease has run out —
 * otherwise the job was lost.
 */
export async function settlePublish(draftId: string, job: unknown, first: Env, label: string): Promise<void> {
  const world = { ...env, ...TELEGRAM, ...UNPACED } as Env;
  let body = job;
  let queue = "serotonin-publish";
  let attempts = 1;
  let current = first;
  for (let step = 0; step < 12; step++) {
    const sent: unknown[] = [];
    const batch = createMessageBatch(queue, [{ id: `p-${step}`, timestamp: new Date(), attempts, body }]);
    const ctx = createExecutionContext();
    let retried = true;
    try {
      await worker.queue(batch, { ...current, PUBLISH_QUEUE: recordingQueue(sent) });
      const result = await getQueueResult(batch, ctx);
      retried = result.retryBatch.retry || result.retryMessages.length > 0;
    } catch {
      // A throwing consumer: the whole batch is retried.
    }
    current = world;
    const draft = await getDraft(createServices(env).db, draftId);
    const row = await publication(draftId);
    // Settled: the draft left "publishing", or the card asks the physician a question.
    if (draft?.status !== "publishing" || ["uncertain", "waiting"].includes(String(row?.status))) return;
    // Time passes: a lease, a delay or an account hold runs out.
    await env.DB.prepare("UPDATE publications SET updated_at = 0, not_before = NULL WHERE draft_id = ?")
      .bind(draftId)
      .run();
    await env.DB.prepare("UPDATE drafts SET updated_at = 0 WHERE id = ?").bind(draftId).run();
    await env.DB.prepare("UPDATE publish_holds SET until = 0").run();
    if (retried) {
      if (queue === "serotonin-publish" && attempts > PUBLISH_MAX_RETRIES) {
        queue = "serotonin-dlq";
        attempts = 1;
      } else attempts += 1;
      continue;
    }
    [queue, attempts] = ["serotonin-publish", 1];
    if (sent.length > 0) {
      [body] = sent;
      continue;
    }
    const jobs: unknown[] = [];
    await runCron({ ...TELEGRAM, ...UNPACED, PUBLISH_QUEUE: recordingQueue(jobs) });
    if ((await getDraft(createServices(env).db, draftId))?.status !== "publishing") return; // the sweep settled it
    expect(jobs.length, `${label}: job lost (acked, still publishing, not re-sent by the cron)`).toBe(1);
    [body] = jobs;
  }
}

/** `refused`: the 1-based request the fake answered with the injected failure (it posted nothing). */
export async function assertPublishInvariants(
  draftId: string,
  label: string,
  refused?: number,
): Promise<void> {
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
  if (draft?.status !== "published") {
    // Handed back with a reason, or a question: either way the physician is told in Slack.
    if (draft?.status !== "publishing") expect(draft?.statusReason, `${label}: no reason`).toBeTruthy();
    const cards = [...(await slackCalls("chat.update")), ...(await slackCalls("chat.postMessage"))]
      .map((r) => JSON.stringify(bodyOf(r).blocks ?? ""))
      .filter((b) => b.includes(draftId));
    expect(cards.length, `${label}: ${draft?.status} / ${row?.status} with no Slack message`).toBeGreaterThan(
      0,
    );
  }
}
