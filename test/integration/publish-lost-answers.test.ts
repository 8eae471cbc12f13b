/**
 * Lost answers are reconciled, not repeated. The fakes accept a post and drop the
 * connection before answering (`lose`), as a platform behind a flaky network does:
 * - X: the retry meets "duplicate content" → the part is `uncertain` (check the profile),
 *   never "edit and publish again"; no second post exists;
 * - Telegram: nothing can be read back, so the retry asks the physician before sending;
 * - Threads: the container's status tells — PUBLISHED is found on the profile and recorded,
 *   FINISHED is published (the same container, not a new post);
 * - a Worker killed after sending a part (its in-flight marker left behind) is treated the
 *   same way; the sweeper leaves an `uncertain` publication to the physician.
 * The physician answers on the card: "It's live" finishes without posting again; "Not
 * there, send it" sends it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import type { Draft } from "../../src/db/schema";
import { sweepStuckPublishing } from "../../src/queues/publish-sweeper";
import { createServices } from "../../src/services";
import { db, draftIn, silenceLogs } from "../helpers";
import { lastCard, publication, publishJob, runPublish, TELEGRAM, X } from "../publish-helpers";
import { blockAction, fakes, slackPost } from "../slack-helpers";

/** X credentials whose access token carries the account's user id, as X issues them. */
const X_USER = { ...X, X_ACCESS_TOKEN: "1700000000000000001-at" };
const THREADS = { THREADS_USER_ID: "27000000000000001", THREADS_ACCESS_TOKEN: "th-token" };

async function click(actionId: string, draftId: string) {
  const { res, queued } = await slackPost("/slack/interactions", blockAction(actionId, draftId));
  expect(res.status).toBe(200);
  return queued.publish;
}

const threadsPublishes = async () =>
  (await fakes().requests("threads", "threads_publish")).filter((r) => r.path.endsWith("/threads_publish"));

describe("X: a tweet created whose answer was lost", () => {
  async function lostTweet(): Promise<Draft> {
    silenceLogs();
    const draft = await draftIn("publishing", { platform: "x", text: "Caffeine lingers for hours." });
    await fakes().fail({ service: "x", path: "/2/tweets", status: 201, lose: true });
    const first = await runPublish(publishJob(draft), { env: X_USER });
    expect(first.retryMessages.map((m) => m.msgId)).toEqual(["pub-1"]);
    const second = await runPublish(publishJob(draft), { env: X_USER, attempts: 2 });
    expect(second.explicitAcks).toEqual(["pub-1"]);
    return draft;
  }

  it("is uncertain, not refused: no second post, and the card asks the physician", async () => {
    const draft = await lostTweet();
    const account = "https://x.com/intent/user?user_id=1700000000000000001";
    expect(await publication(draft.id)).toMatchObject({
      status: "uncertain",
      last_error: `reason:publish_uncertain|1/1 ${account}`,
    });
    expect((await getDraft(db(), draft.id))?.status).toBe("publishing");
    // Both attempts are closed in the audit by the time the job ends: retried, then failed.
    const runs = await env.DB.prepare("SELECT status FROM job_runs WHERE draft_id = ? ORDER BY id")
      .bind(draft.id)
      .all();
    expect(runs.results).toEqual([{ status: "retrying" }, { status: "failed" }]);
    const card = await lastCard();
    expect(card).toContain("I could not confirm that part 1 of 1 went out");
    expect(card).toContain(`<${account}|Check the account>`);
    expect(card).not.toMatch(/edit the draft/i);
    for (const action of ["publish_confirm_live", "publish_send_again"]) expect(card).toContain(action);
  });

  it("'It's live' finishes the publication without posting again", async () => {
    const draft = await lostTweet();
    const tweets = (await fakes().requests("x", "/2/tweets")).length;
    const [job] = await click("publish_confirm_live", draft.id);
    await runPublish(job, { env: X_USER });
    expect(await fakes().requests("x", "/2/tweets")).toHaveLength(tweets);
    expect(await publication(draft.id)).toMatchObject({ status: "published" });
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
  });

  it("the sweeper leaves an uncertain publication to the physician", async () => {
    const draft = await lostTweet();
    await env.DB.prepare("UPDATE drafts SET updated_at = 0 WHERE id = ?").bind(draft.id).run();
    await env.DB.prepare("UPDATE publications SET updated_at = 0 WHERE draft_id = ?").bind(draft.id).run();
    const jobs: unknown[] = [];
    const services = createServices({
      ...env,
      PUBLISH_QUEUE: { send: async (b: unknown) => void jobs.push(b) } as unknown as Queue,
    });
    const counts = await sweepStuckPublishing(services, Date.now());
    expect(counts).toMatchObject({ waiting: 1, resent: 0 });
    expect(jobs).toEqual([]);
  });
});

describe("Telegram: a message sent whose answer was lost", () => {
  it("asks the physician instead of sending again; 'Not there, send it' sends it", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { text: "Caffeine lingers for hours." });
    await fakes().fail({ service: "telegram", status: 200, lose: true });
    const first = await runPublish(publishJob(draft), { env: TELEGRAM });
    expect(first.retryMessages).toHaveLength(1);
    await runPublish(publishJob(draft), { env: TELEGRAM, attempts: 2 });
    expect(await fakes().requests("telegram", "sendMessage")).toHaveLength(1);
    expect(await publication(draft.id)).toMatchObject({ status: "uncertain" });
    expect(await lastCard()).toContain("publish_send_again");

    const [job] = await click("publish_send_again", draft.id);
    await runPublish(job, { env: TELEGRAM });
    expect(await fakes().requests("telegram", "sendMessage")).toHaveLength(2);
    expect(await publication(draft.id)).toMatchObject({ status: "published" });
  });

  it("a Worker killed after sending a part leaves a marker the next attempt respects", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { text: "Caffeine lingers for hours." });
    await env.DB.prepare(
      `INSERT INTO publications (draft_id, platform, status, attempts, in_flight, updated_at)
       VALUES (?, 'telegram', 'publishing', 1, ?, 0)`,
    )
      .bind(draft.id, JSON.stringify({ index: 0, hash: "", at: 1 }))
      .run();
    const result = await runPublish(publishJob(draft), { env: TELEGRAM });
    expect(result.explicitAcks).toEqual(["pub-1"]);
    expect(await fakes().requests("telegram", "sendMessage")).toEqual([]);
    expect(await publication(draft.id)).toMatchObject({ status: "uncertain" });
  });
});

describe("Threads: threads_publish whose answer was lost", () => {
  it("reads the container: PUBLISHED is found on the profile and recorded, not posted again", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { platform: "threads", text: "Caffeine lingers for hours." });
    await fakes().fail({ service: "threads", path: "threads_publish$", status: 200, lose: true });
    const first = await runPublish(publishJob(draft), { env: THREADS });
    expect(first.retryMessages).toHaveLength(1);
    const inFlight = JSON.parse(String((await publication(draft.id))?.in_flight)) as { ref?: string };
    expect(inFlight.ref).toMatch(/^\d+$/);

    await runPublish(publishJob(draft), { env: THREADS, attempts: 2 });
    expect(await threadsPublishes()).toHaveLength(1);
    const done = await publication(draft.id);
    expect(done).toMatchObject({ status: "published" });
    expect(String(done?.url)).toMatch(/^https:\/\/www\.threads\.net\/@fake\/post\//);
    const statusReads = (await fakes().requests("threads")).filter((r) =>
      r.path.endsWith(`/${inFlight.ref}`),
    );
    expect(statusReads.length).toBeGreaterThanOrEqual(2);
  });

  it("publishes the same container when the lost request never reached Threads (FINISHED)", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { platform: "threads", text: "Caffeine lingers for hours." });
    await fakes().fail({ service: "threads", path: "threads_publish$", status: 0 });
    await runPublish(publishJob(draft), { env: THREADS });
    await runPublish(publishJob(draft), { env: THREADS, attempts: 2 });
    const creates = (await fakes().requests("threads")).filter(
      (r) => r.method === "POST" && r.path.endsWith("/threads"),
    );
    expect(creates).toHaveLength(1);
    const publishes = await threadsPublishes();
    expect(publishes).toHaveLength(2);
    const creationIds = publishes.map((r) => (r.body as { creation_id?: string }).creation_id);
    expect(creationIds[1]).toBe(creationIds[0]);
    expect(await publication(draft.id)).toMatchObject({ status: "published" });
  });
});
