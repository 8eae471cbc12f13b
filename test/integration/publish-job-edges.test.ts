/**
 * A publish job's card update ends inside the job, on the paths that end early (a post
 * already live, a draft the review gate sends back), even when Slack is slow to answer: a job
 * that returned first could be cut off by the runtime and leave a stale card. And a draft with
 * no text is refused before any platform is called.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import { captureLogs, db } from "../helpers";
import { addClaim, draftIn, publishJob, runPublish, TELEGRAM } from "../publish-helpers";
import { fakes } from "../slack-helpers";

describe("card updates on the early paths of a publish job", () => {
  it("finishes a draft whose post is already live and tries its card within the job", async () => {
    const lines = captureLogs();
    const draft = await draftIn("publishing");
    await env.DB.prepare(
      "INSERT INTO publications (draft_id, platform, status, external_id, created_at, updated_at) VALUES (?, ?, 'published', '111', ?, ?)",
    )
      .bind(draft.id, draft.platform, Date.now(), Date.now())
      .run();
    await fakes().fail({ service: "slack", status: 500, delayMs: 1500, times: -1 });

    await runPublish(publishJob(draft));

    expect(lines()).toContain("slack_card_failed");
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
  });

  it("sends an unconfirmed draft back to review and tries its card within the job", async () => {
    const lines = captureLogs();
    const draft = await draftIn("publishing");
    await addClaim(draft, "unsupported");
    await fakes().fail({ service: "slack", status: 500, delayMs: 1500, times: -1 });

    await runPublish(publishJob(draft));

    expect(lines()).toContain("slack_card_failed");
    expect((await getDraft(db(), draft.id))?.status).toBe("needs_review");
  });
});

describe("a publishing draft with no text", () => {
  it("is refused without calling the platform", async () => {
    captureLogs();
    const draft = await draftIn("publishing");
    await env.DB.prepare("DELETE FROM draft_versions WHERE draft_id = ?").bind(draft.id).run();

    await runPublish(publishJob(draft));

    expect(await fakes().requests("telegram")).toEqual([]);
    const row = await env.DB.prepare("SELECT status, last_error FROM publications WHERE draft_id = ?")
      .bind(draft.id)
      .first<{ status: string; last_error: string }>();
    expect(row).toMatchObject({ status: "failed" });
    expect(row?.last_error).toMatch(/no text/);
  });
});

describe("a post the platform refuses before any part went out", () => {
  it("records the refusal without claiming parts were posted", async () => {
    captureLogs();
    const draft = await draftIn("publishing");
    await fakes().fail({ service: "telegram", status: 403 });

    await runPublish(publishJob(draft), { env: TELEGRAM });

    const row = await env.DB.prepare("SELECT status, last_error FROM publications WHERE draft_id = ?")
      .bind(draft.id)
      .first<{ status: string; last_error: string }>();
    expect(row?.status).toBe("failed");
    expect(row?.last_error).not.toMatch(/already posted/);
  });
});

describe("a post that goes out", () => {
  it("is published without a 'draft moved' warning, and its card is tried within the job even with a slow Slack", async () => {
    const lines = captureLogs();
    const draft = await draftIn("publishing");
    await fakes().fail({ service: "slack", status: 500, delayMs: 1500, times: -1 });

    await runPublish(publishJob(draft), { env: TELEGRAM });

    expect((await getDraft(db(), draft.id))?.status).toBe("published");
    expect(lines()).toContain("post_published");
    expect(lines()).toContain("slack_card_failed");
    expect(lines()).not.toContain("publish_draft_moved");
  });

  it("is published from a job whose publication row was never created (a job queued before rows existed)", async () => {
    captureLogs();
    const draft = await draftIn("publishing");
    await env.DB.prepare("DELETE FROM publications WHERE draft_id = ?").bind(draft.id).run();

    await runPublish(publishJob(draft), { env: TELEGRAM });

    expect((await getDraft(db(), draft.id))?.status).toBe("published");
    expect(await fakes().requests("telegram", "sendMessage")).toHaveLength(1);
  });
});
