/**
 * Version history: the card's menu offers earlier versions once there are any; a version is
 * viewed in a modal and restored with its own claims (and so its own review state); nothing
 * is lost, and an edit or regeneration after a restore becomes a new version on top.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import type { Draft } from "../../src/db/schema";
import type { DraftCardModel } from "../../src/slack/blocks/models";
import { loadDraftCard } from "../../src/slack/card-model";
import { renderCard } from "../../src/slack/card-sender";
import { db, draftIn, silenceLogs } from "../helpers";
import { addClaim } from "../publish-helpers";
import { bodyOf, interactionBody, slackCalls, slackPost, TEAM, viewSubmission } from "../slack-helpers";

/** v1 as written (one claim not backed), v2 the physician's clean edit (current). */
async function draftWithTwoVersions(status: "ready" | "scheduled" = "ready"): Promise<Draft> {
  const draft = await draftIn(status, { text: "Two drinks halve deep sleep." });
  await addClaim(draft, "unsupported", 1);
  await env.DB.prepare(
    "INSERT INTO draft_versions (draft_id, version, text, source, created_by) VALUES (?, 2, 'Alcohol fragments sleep.', 'edited', 'U_DOC1')",
  )
    .bind(draft.id)
    .run();
  await env.DB.prepare("UPDATE drafts SET current_version = 2, scheduled_at = ? WHERE id = ?")
    .bind(status === "scheduled" ? Date.now() + 86_400_000 : null, draft.id)
    .run();
  return (await getDraft(db(), draft.id)) as Draft;
}

function cardMenu(value: string): string {
  return interactionBody({
    type: "block_actions",
    user: { id: "U_DOC1", team_id: TEAM },
    team: { id: TEAM },
    trigger_id: `trig-${crypto.randomUUID()}`,
    container: { type: "message", message_ts: "1.1", channel_id: "C_GENERAL" },
    actions: [
      { action_id: "draft_menu", block_id: "draft_actions", type: "overflow", selected_option: { value } },
    ],
  });
}

function restoreClick(value: string, user = "U_DOC1", metadata: object = {}): string {
  return interactionBody({
    type: "block_actions",
    user: { id: user, team_id: TEAM },
    team: { id: TEAM },
    trigger_id: `trig-${crypto.randomUUID()}`,
    container: { type: "view", view_id: "VVERSIONS" },
    view: {
      id: "VVERSIONS",
      type: "modal",
      hash: "h1",
      callback_id: "draft_versions_modal",
      private_metadata: JSON.stringify(metadata),
    },
    actions: [{ action_id: "draft_restore_version", block_id: "b", type: "button", value }],
  });
}

describe("version history", () => {
  it("lists the versions newest first with where each came from, Restore on all but the current", async () => {
    silenceLogs();
    const draft = await draftWithTwoVersions();
    await slackPost("/slack/interactions", cardMenu(`versions:${draft.id}`));
    const [open] = await slackCalls("views.open");
    const view = JSON.stringify(bodyOf(open).view);
    expect(view).toContain("draft_versions_modal");
    expect(view.indexOf("Version 2 (current)")).toBeLessThan(view.indexOf("Version 1"));
    expect(view).toContain("edited by you");
    expect(view).toContain("written for you");
    expect(view).toContain(`"value":"${draft.id}:1"`);
    expect(view).not.toContain(`"value":"${draft.id}:2"`);
  });

  it("restores an earlier version with its own claims: back to review, the modal and card refreshed", async () => {
    silenceLogs();
    const draft = await draftWithTwoVersions();
    await slackPost("/slack/interactions", restoreClick(`${draft.id}:1`));
    const after = await getDraft(db(), draft.id);
    expect(after?.currentVersion).toBe(1);
    expect(after?.status).toBe("needs_review");
    const versions = await env.DB.prepare(
      "SELECT version FROM draft_versions WHERE draft_id = ? ORDER BY version",
    )
      .bind(draft.id)
      .all<{ version: number }>();
    expect(versions.results.map((r) => r.version)).toEqual([1, 2]); // nothing lost
    const [update] = await slackCalls("views.update");
    expect(bodyOf(update).view_id).toBe("VVERSIONS");
    expect(bodyOf(update).hash).toBe("h1");
    expect(JSON.stringify(bodyOf(update).view)).toContain("Version 1 (current)");
    const card = JSON.stringify(bodyOf((await slackCalls("chat.update")).at(-1)).blocks);
    expect(card).toContain("Two drinks halve deep sleep.");
    expect(card).toContain("You restored version 1.");
    expect(card).toContain("Needs your review");
  });

  it("opened over the App Home draft view, a restore refreshes that view too", async () => {
    silenceLogs();
    const draft = await draftWithTwoVersions();
    await slackPost(
      "/slack/interactions",
      restoreClick(`${draft.id}:1`, "U_DOC1", { draftId: draft.id, parentViewId: "VDRAFTVIEW" }),
    );
    const updated = (await slackCalls("views.update")).map((r) => bodyOf(r).view_id);
    expect(updated.sort()).toEqual(["VDRAFTVIEW", "VVERSIONS"]);
    const parent = (await slackCalls("views.update")).find((r) => bodyOf(r).view_id === "VDRAFTVIEW");
    expect(JSON.stringify(bodyOf(parent).view)).toContain("Two drinks halve deep sleep.");
  });

  it("an edit after a restore is a new version on top; the card offers versions through its menu", async () => {
    silenceLogs();
    const draft = await draftWithTwoVersions();
    await slackPost("/slack/interactions", restoreClick(`${draft.id}:1`));
    await slackPost(
      "/slack/interactions",
      viewSubmission(
        "draft_edit_modal",
        { text: { type: "plain_text_input", value: "Alcohol fragments the second half of the night." } },
        { draftId: draft.id },
      ),
    );
    const after = await getDraft(db(), draft.id);
    expect(after?.currentVersion).toBe(3);
    const card = JSON.stringify(bodyOf((await slackCalls("chat.update")).at(-1)).blocks);
    expect(card).toContain(`"value":"versions:${draft.id}"`);
    expect(card).toContain(`"value":"preview:${draft.id}"`);
    expect(card).not.toContain('"action_id":"draft_preview"');
  });

  it("a single version has no menu: Preview parts stays a button", async () => {
    const draft = await draftIn("ready");
    const loaded = await loadDraftCard(db(), draft.id);
    const card = JSON.stringify(renderCard(loaded?.model as DraftCardModel).blocks);
    expect(card).toContain('"action_id":"draft_preview"');
    expect(card).not.toContain("draft_menu");
    const two = await draftWithTwoVersions();
    const menu = JSON.stringify(
      renderCard((await loadDraftCard(db(), two.id))?.model as DraftCardModel).blocks,
    );
    expect(menu).toContain("draft_menu");
  });

  it("refuses a restore of someone else's draft, of a version that does not exist, or while publishing", async () => {
    silenceLogs();
    const draft = await draftWithTwoVersions();
    await slackPost("/slack/interactions", restoreClick(`${draft.id}:1`, "U_OTHER"));
    await slackPost("/slack/interactions", restoreClick(`${draft.id}:9`));
    expect((await getDraft(db(), draft.id))?.currentVersion).toBe(2);
    await env.DB.prepare("UPDATE drafts SET status = 'publishing' WHERE id = ?").bind(draft.id).run();
    await slackPost("/slack/interactions", restoreClick(`${draft.id}:1`));
    expect((await getDraft(db(), draft.id))?.currentVersion).toBe(2);
    // Each refusal was said in a notice over the modal.
    const notices = (await slackCalls("views.push")).map((r) => JSON.stringify(bodyOf(r).view));
    expect(notices).toHaveLength(3);
    expect(notices[0]).toMatch(/only the physician/i);
  });

  it("a clean version restored on a scheduled draft keeps the schedule", async () => {
    silenceLogs();
    const draft = await draftWithTwoVersions("scheduled");
    await env.DB.prepare(
      "INSERT INTO draft_versions (draft_id, version, text, source) VALUES (?, 3, 'Later text.', 'regenerated')",
    )
      .bind(draft.id)
      .run();
    await env.DB.prepare("UPDATE drafts SET current_version = 3 WHERE id = ?").bind(draft.id).run();
    await slackPost("/slack/interactions", restoreClick(`${draft.id}:2`));
    const after = await getDraft(db(), draft.id);
    expect(after).toMatchObject({ currentVersion: 2, status: "scheduled" });
    expect(after?.scheduledAt).toBe(draft.scheduledAt);
  });
});
