import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDraftVersion, getDraft } from "../../src/db/drafts";
import type { Draft, DraftStatus } from "../../src/db/schema";
import { db, seedDraft, seedPhysician } from "../helpers";
import { blockAction, bodyOf, fakes, slackCalls, slackPost } from "../slack-helpers";

/** A draft with text, in `status`, whose card lives at C_GENERAL / 1700000000.000100. */
async function cardDraft(status: DraftStatus = "ready", user = "U_DOC1"): Promise<Draft> {
  const physician = await seedPhysician(user);
  const draft = await seedDraft(physician);
  await addDraftVersion(
    db(),
    draft.id,
    "Caffeine six hours before bed still costs sleep. Try a 2 pm cut-off this week.",
    "generated",
  );
  await env.DB.prepare(
    "UPDATE drafts SET status = ?, slack_channel_id = 'C_GENERAL', slack_message_ts = '1700000000.000100' WHERE id = ?",
  )
    .bind(status, draft.id)
    .run();
  return (await getDraft(db(), draft.id)) as Draft;
}

async function click(actionId: string, draftId: string, user = "U_DOC1") {
  const result = await slackPost("/slack/interactions", blockAction(actionId, draftId, user));
  expect(result.res.status).toBe(200);
  return result;
}

async function ephemerals(): Promise<string[]> {
  return (await fakes().requests("slack", "/response/")).map((r) => String(bodyOf(r).text ?? ""));
}

describe("draft card buttons", () => {
  it("Publish moves a ready draft to publishing, queues one publish job and refreshes the card", async () => {
    const draft = await cardDraft("ready");
    const { queued } = await click("draft_publish", draft.id);
    expect((await getDraft(db(), draft.id))?.status).toBe("publishing");
    expect(queued.publish).toEqual([
      { type: "publish", draftId: draft.id, requestId: expect.any(String), platform: "telegram" },
    ]);
    const [update] = await slackCalls("chat.update");
    expect(bodyOf(update)).toMatchObject({ channel: "C_GENERAL", ts: "1700000000.000100" });
    const statusBlock = (bodyOf(update).blocks as { block_id?: string }[]).find(
      (b) => b.block_id === "draft_status",
    );
    expect(JSON.stringify(statusBlock)).toMatch(/publish/i);
  });

  it("a double click publishes once and tells the second click it is already handled", async () => {
    const draft = await cardDraft("ready");
    const first = await click("draft_publish", draft.id);
    const second = await click("draft_publish", draft.id);
    expect([...first.queued.publish, ...second.queued.publish]).toHaveLength(1);
    expect((await ephemerals()).join(" ")).toMatch(/already/i);
  });

  it("refuses a user who does not own the draft, changing nothing", async () => {
    const draft = await cardDraft("ready");
    await seedPhysician("U_OTHER");
    const { queued } = await click("draft_publish", draft.id, "U_OTHER");
    expect(queued.publish).toEqual([]);
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
    expect((await ephemerals()).join(" ")).toMatch(/only the physician/i);
  });

  it("will not publish a rejected draft", async () => {
    const draft = await cardDraft("rejected");
    const { queued } = await click("draft_publish", draft.id);
    expect(queued.publish).toEqual([]);
    expect((await ephemerals()).join(" ")).toMatch(/rejected/i);
  });

  it("Reject marks the draft rejected and records the feedback", async () => {
    const draft = await cardDraft("needs_review");
    await click("draft_reject", draft.id);
    expect((await getDraft(db(), draft.id))?.status).toBe("rejected");
    const fb = await env.DB.prepare("SELECT kind FROM feedback WHERE draft_id = ?")
      .bind(draft.id)
      .first<{ kind: string }>();
    expect(fb?.kind).toBe("rejected");
  });

  it("Regenerate puts a ready draft back on the generation queue", async () => {
    const draft = await cardDraft("ready");
    const { queued } = await click("draft_regenerate", draft.id);
    expect((await getDraft(db(), draft.id))?.status).toBe("queued");
    expect(queued.generate).toEqual([expect.objectContaining({ draftId: draft.id, reason: "regenerate" })]);
  });

  it("Retry re-queues a failed draft; Retry on a ready draft is refused", async () => {
    const failed = await cardDraft("failed");
    const { queued } = await click("draft_retry", failed.id);
    expect(queued.generate).toEqual([expect.objectContaining({ draftId: failed.id, reason: "retry" })]);
    const ready = await cardDraft("ready", "U_DOC2");
    const again = await click("draft_retry", ready.id, "U_DOC2");
    expect(again.queued.generate).toEqual([]);
  });

  it("Schedule opens the schedule form in the physician's time zone", async () => {
    const draft = await cardDraft("ready");
    await env.DB.prepare("UPDATE physicians SET timezone = 'Europe/Kyiv'").run();
    await click("draft_schedule", draft.id);
    const [open] = await slackCalls("views.open");
    const view = bodyOf(open).view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe("draft_schedule_modal");
    expect(JSON.parse(view.private_metadata)).toEqual({ draftId: draft.id });
    expect(JSON.stringify(view)).toContain("Europe/Kyiv");
  });

  it("Edit opens the edit form prefilled with the current text and platform", async () => {
    const draft = await cardDraft("ready");
    await click("draft_edit", draft.id);
    const [open] = await slackCalls("views.open");
    const view = JSON.stringify(bodyOf(open).view);
    expect(view).toContain("draft_edit_modal");
    expect(view).toContain("Caffeine six hours before bed");
    expect(view).toContain('"value":"telegram"');
  });

  it("tells the physician when the draft no longer exists", async () => {
    await seedPhysician();
    await click("draft_publish", "no-such-draft");
    expect((await ephemerals()).join(" ")).toMatch(/couldn't find/i);
  });
});
