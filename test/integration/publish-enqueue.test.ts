/**
 * Starting a publish and getting a draft back when it fails. `enqueuePublish` moves the
 * draft and upserts its publication in one transaction (nothing when the compare-and-set
 * loses), resets a failed publication for a new attempt, and rolls the draft back to the
 * status it came from when the job cannot be queued. A permanent failure or a dead-lettered
 * job returns the draft to `needs_review` while its current text has unsupported claims,
 * else to `ready` — never to `failed`, whose only button regenerates the text.
 */

import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDraft } from "../../src/db/drafts";
import { enqueuePublish } from "../../src/queues/enqueue-publish";
import { reasonText } from "../../src/slack/card-model";
import { publishNow } from "../../src/slack/handlers/draft-actions";
import { db, silenceLogs } from "../helpers";
import {
  addClaim,
  draftIn,
  lastCard,
  publication,
  publishJob,
  runPublish,
  servicesWithQueue,
  setPublication,
  TELEGRAM,
} from "../publish-helpers";
import { blockAction, fakes, slackPost } from "../slack-helpers";

afterEach(() => vi.restoreAllMocks());

describe("enqueuePublish", () => {
  it("writes nothing and sends nothing when the draft is no longer in the status it was read in", async () => {
    const draft = await draftIn("ready");
    const jobs: unknown[] = [];
    expect(await enqueuePublish(servicesWithQueue(jobs), draft, "scheduled", "req-1")).toBe(false);
    expect(jobs).toEqual([]);
    expect(await publication(draft.id)).toBeNull();
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
  });

  it("moves the draft, creates its pending publication and sends one job", async () => {
    const draft = await draftIn("needs_review");
    const jobs: unknown[] = [];
    expect(await enqueuePublish(servicesWithQueue(jobs), draft, "needs_review", "req-1")).toBe(true);
    expect(jobs).toEqual([
      {
        type: "publish",
        draftId: draft.id,
        requestId: "req-1",
        platform: "telegram",
        version: draft.currentVersion,
      },
    ]);
    expect(await publication(draft.id)).toMatchObject({ status: "pending", attempts: 0 });
    expect((await getDraft(db(), draft.id))?.status).toBe("publishing");
  });

  it("resets a failed publication to pending, keeping its live parts, when publishing again", async () => {
    silenceLogs();
    const draft = await draftIn("ready");
    await setPublication(draft.id, { status: "failed", externalId: "111,222" });
    const { queued } = await slackPost("/slack/interactions", blockAction("draft_publish", draft.id));
    expect(queued.publish).toHaveLength(1);
    expect(await publication(draft.id)).toMatchObject({
      status: "pending",
      external_id: "111,222",
      last_error: null,
    });
    expect(await lastCard()).not.toContain("❌");
  });

  it("keeps a published publication, and the job then just finishes the draft", async () => {
    silenceLogs();
    const draft = await draftIn("ready");
    await setPublication(draft.id, { status: "published", externalId: "777" });
    const jobs: unknown[] = [];
    expect(await enqueuePublish(servicesWithQueue(jobs), draft, "ready", "req-1")).toBe(true);
    expect(await publication(draft.id)).toMatchObject({ status: "published", external_id: "777" });
    await runPublish(jobs[0], { env: TELEGRAM });
    expect(await fakes().requests("telegram", "sendMessage")).toEqual([]);
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
  });

  it("leaves a live claim on the publication to its holder", async () => {
    const draft = await draftIn("ready");
    const claimedAt = Date.now() - 60_000;
    await setPublication(draft.id, { status: "publishing", updatedAt: claimedAt, externalId: "111" });
    expect(await enqueuePublish(servicesWithQueue([]), draft, "ready", "req-1")).toBe(true);
    expect(await publication(draft.id)).toMatchObject({
      status: "publishing",
      updated_at: claimedAt,
      external_id: "111",
    });
  });

  it("rolls a needs-review draft back, reason kept, when the job cannot be queued", async () => {
    silenceLogs();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const draft = await draftIn("needs_review");
    await env.DB.prepare("UPDATE drafts SET status_reason = '1 claim unsupported' WHERE id = ?")
      .bind(draft.id)
      .run();
    const read = await getDraft(db(), draft.id);
    if (!read) throw new Error("draft missing");
    await expect(
      publishNow(servicesWithQueue([], true), read, { slackTeamId: "T_Q", slackUserId: "U_Q" }, "req-1"),
    ).rejects.toThrow("queue unavailable");
    const after = await getDraft(db(), draft.id);
    expect(after).toMatchObject({ status: "needs_review", statusReason: "1 claim unsupported" });
    // A rollback that worked is not reported as skipped.
    expect(warn.mock.calls.map((c) => String(c[0])).join("\n")).not.toContain("publish_rollback_skipped");
  });
});

describe("a publish that fails for good", () => {
  it("returns a draft with an unsupported claim on its current version to needs review", async () => {
    silenceLogs();
    const draft = await draftIn("ready");
    await addClaim(draft, "supported");
    await addClaim(draft, "unsupported");
    // Publishing with an unresolved claim needs the physician's confirmation of this version.
    await env.DB.prepare("UPDATE draft_versions SET reviewed_by = 'U_DOC1' WHERE draft_id = ?")
      .bind(draft.id)
      .run();
    const { queued } = await slackPost("/slack/interactions", blockAction("draft_publish", draft.id));
    await fakes().fail({ service: "telegram", status: 403 });
    await runPublish(queued.publish[0], { env: TELEGRAM });
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("needs_review");
    // 403 from Telegram: the bot may not post there — said in plain words, not Telegram's.
    expect(reasonText(after?.statusReason ?? null, "en")).toMatch(
      /^Not published to Telegram: Telegram does not let the bot post to the channel\. Nothing went out\./,
    );
  });

  it("returns it to ready when only an older version had unsupported claims", async () => {
    silenceLogs();
    const draft = await draftIn("ready");
    await addClaim(draft, "contradicted", draft.currentVersion - 1);
    await addClaim(draft, "supported");
    const { queued } = await slackPost("/slack/interactions", blockAction("draft_publish", draft.id));
    await fakes().fail({ service: "telegram", status: 403 });
    await runPublish(queued.publish[0], { env: TELEGRAM });
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
  });

  it("a dead-lettered job returns a draft with contradicted claims to needs review, publication failed", async () => {
    silenceLogs();
    const draft = await draftIn("publishing");
    await addClaim(draft, "contradicted");
    await setPublication(draft.id, { status: "pending" });
    await runPublish(publishJob(draft), { queue: "serotonin-dlq", attempts: 4 });
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("needs_review");
    expect(reasonText(after?.statusReason ?? null, "en")).toMatch(/several attempts/);
    expect(await publication(draft.id)).toMatchObject({ status: "failed" });
  });

  it("a dead-lettered job finishes a draft whose post went out meanwhile", async () => {
    silenceLogs();
    const draft = await draftIn("publishing");
    await setPublication(draft.id, { status: "published", externalId: "42" });
    await runPublish(publishJob(draft), { queue: "serotonin-dlq", attempts: 4 });
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
    expect(await publication(draft.id)).toMatchObject({ status: "published", external_id: "42" });
  });

  it("a dead-lettered job leaves a publication another delivery is posting right now", async () => {
    silenceLogs();
    const draft = await draftIn("publishing");
    await setPublication(draft.id, { status: "publishing", updatedAt: Date.now() - 30_000 });
    await runPublish(publishJob(draft), { queue: "serotonin-dlq", attempts: 4 });
    expect((await getDraft(db(), draft.id))?.status).toBe("publishing");
    expect(await publication(draft.id)).toMatchObject({ status: "publishing" });
  });
});
