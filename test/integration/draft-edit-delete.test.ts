/**
 * Editing and deleting drafts against concurrent status changes. An edit is one
 * transaction: the status compare-and-set and the new version together, so it never
 * changes the text of a draft that started publishing; it cancels a schedule and always
 * says the claims were not re-checked. A delete refuses drafts a job is working on and is
 * a compare-and-set too. A manual "publish now" over the physician's publish limit says so
 * in the form and creates nothing.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getCurrentText, getDraft } from "../../src/db/drafts";
import type { Draft } from "../../src/db/schema";
import { checkLimit } from "../../src/durable/limits";
import { createServices } from "../../src/services";
import { EDITED_REASON, saveEdit, softDelete } from "../../src/slack/handlers/draft-actions";
import { db, seedPhysician } from "../helpers";
import { draftIn } from "../publish-helpers";
import { blockAction, plain, select, slackPost, viewSubmission } from "../slack-helpers";

afterEach(() => vi.restoreAllMocks());

async function versions(draftId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM draft_versions WHERE draft_id = ?")
    .bind(draftId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function submitEdit(draft: Draft, text: string) {
  const { res } = await slackPost(
    "/slack/interactions",
    viewSubmission(
      "draft_edit_modal",
      { text: plain(text), platform: select("telegram") },
      { draftId: draft.id },
    ),
  );
  expect(res.status).toBe(200);
  const body = await res.text();
  return body ? (JSON.parse(body) as { errors: Record<string, string> }) : null;
}

describe("editing a draft", () => {
  it("keeps the time of a scheduled draft whose edit the rules pass", async () => {
    const draft = await draftIn("scheduled");
    const at = Date.now() + 3_600_000;
    await env.DB.prepare("UPDATE drafts SET scheduled_at = ? WHERE id = ?").bind(at, draft.id).run();
    expect(await submitEdit(draft, "My words.")).toBeNull();
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after).toMatchObject({ status: "scheduled", scheduledAt: at, statusReason: EDITED_REASON });
    expect(await getCurrentText(db(), after)).toBe("My words.");
  });

  it("drops the schedule when the time has come while editing: ready, no time", async () => {
    const draft = await draftIn("scheduled");
    await env.DB.prepare("UPDATE drafts SET scheduled_at = ? WHERE id = ?")
      .bind(Date.now() + 30_000, draft.id)
      .run();
    expect(await submitEdit(draft, "My words.")).toBeNull();
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after).toMatchObject({ status: "ready", scheduledAt: null });
  });

  it("says the claims were not re-checked on every edit, ready drafts included", async () => {
    const draft = await draftIn("ready");
    expect(await submitEdit(draft, "My words.")).toBeNull();
    expect((await getDraft(db(), draft.id))?.statusReason).toBe(EDITED_REASON);
  });

  it("writes nothing when the draft started publishing after it was read", async () => {
    const draft = await draftIn("ready");
    await env.DB.prepare("UPDATE drafts SET status = 'publishing' WHERE id = ?").bind(draft.id).run();
    const outcome = await saveEdit(createServices(env), draft, {
      text: "Too late.",
      platform: "x",
      editedBy: "U_DOC1",
    });
    expect(outcome).toEqual({ kind: "invalid_state", status: "publishing" });
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after).toMatchObject({ status: "publishing", platform: "telegram", currentVersion: 1 });
    expect(await versions(draft.id)).toBe(1);
    expect(await getCurrentText(db(), after)).not.toBe("Too late.");
  });
});

describe("deleting a draft", () => {
  it("refuses drafts a job is working on", async () => {
    const services = createServices(env);
    for (const status of ["queued", "generating", "publishing"] as const) {
      const draft = await draftIn(status);
      expect(await softDelete(services, draft)).toEqual({ kind: "invalid_state", status });
      expect(await getDraft(db(), draft.id)).toBeDefined();
    }
  });

  it("does not delete a draft whose status changed after it was read", async () => {
    const draft = await draftIn("ready");
    await env.DB.prepare("UPDATE drafts SET status = 'publishing' WHERE id = ?").bind(draft.id).run();
    expect(await softDelete(createServices(env), draft)).toEqual({
      kind: "invalid_state",
      status: "publishing",
    });
    expect((await getDraft(db(), draft.id))?.status).toBe("publishing");
  });

  it("deletes a ready draft", async () => {
    const draft = await draftIn("ready");
    expect(await softDelete(createServices(env), draft)).toEqual({ kind: "ok" });
    expect(await getDraft(db(), draft.id)).toBeUndefined();
  });
});

describe("manual post and the publish limit", () => {
  it("the form creates the draft and its card; the limit applies when Publish is pressed", async () => {
    const physician = await seedPhysician();
    const services = createServices(env);
    for (let i = 0; i < services.config.PUBLISHES_PER_MINUTE; i++) {
      await checkLimit(env, services.config, physician, "publish", `earlier-${i}`);
    }
    const { res, queued } = await slackPost(
      "/slack/interactions",
      viewSubmission("manual_post_modal", { text: plain("Sleep is a skill."), platform: select("x") }),
    );
    expect(await res.text()).toBe("");
    expect(queued.publish).toEqual([]);
    const row = await env.DB.prepare("SELECT id, status FROM drafts").first<{ id: string; status: string }>();
    expect(row?.status).toBe("ready");
    const click = await slackPost("/slack/interactions", blockAction("draft_publish", row?.id ?? ""));
    expect(click.queued.publish).toEqual([]);
    expect((await getDraft(db(), row?.id ?? ""))?.status).toBe("ready");
  });
});
