import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDraftVersion, getCurrentText, getDraft } from "../../src/db/drafts";
import type { Draft, DraftStatus } from "../../src/db/schema";
import { fitToPlatform } from "../../src/pipeline/platform-fit";
import { loadDraftCard } from "../../src/slack/card-model";
import { db, draftIn, seedDraft, seedPhysician } from "../helpers";
import { blockAction, bodyOf, fakes, slackCalls, slackPost, viewSubmission } from "../slack-helpers";

/** A draft with text, in `status`, whose card lives at C_GENERAL / 1700000000.000100. */
async function cardDraft(status: DraftStatus = "ready", user = "U_DOC1"): Promise<Draft> {
  return draftIn(status, {
    physician: await seedPhysician(user),
    text: "Caffeine six hours before bed still costs sleep. Try a 2 pm cut-off this week.",
  });
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
      { type: "publish", draftId: draft.id, requestId: expect.any(String), platform: "telegram", version: 1 },
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

/** A Telegram draft whose current text is `text`, otherwise like `cardDraft`. */
async function draftWithText(text: string, status: DraftStatus = "ready"): Promise<Draft> {
  const draft = await cardDraft(status);
  await addDraftVersion(db(), draft.id, text, "generated");
  return (await getDraft(db(), draft.id)) as Draft;
}

/** Paragraphs of sentences, trimmed, exactly `length` characters long. */
function longPost(length: number): string {
  const sentence = "Caffeine late in the day costs deep sleep. ";
  let text = "";
  for (let i = 0; text.length < length; i++) text += i % 6 === 5 ? `${sentence.trim()}\n\n` : sentence;
  return `${text.slice(0, length - 1).trimEnd()}.`.padEnd(length, "x");
}

type OpenedView = { callback_id: string; private_metadata: string; blocks: unknown[] };

/** What Slack would submit for an opened form left as it was: each input's initial value. */
function unchangedValues(view: OpenedView): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as {
    type: string;
    block_id?: string;
    element?: Record<string, unknown>;
  }[]) {
    if (block.type !== "input" || !block.block_id || !block.element) continue;
    const element = block.element;
    values[block.block_id] =
      element.type === "static_select"
        ? { type: "static_select", selected_option: element.initial_option }
        : { type: String(element.type), value: element.initial_value ?? null };
  }
  return values;
}

describe("editing a post longer than one Slack input", () => {
  it("the fake Slack refuses a text input Slack would refuse", async () => {
    const res = await fetch(`${env.FAKES_URL}/slack/api/views.open`, {
      method: "POST",
      headers: {
        authorization: "Bearer xoxb-test-token",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        trigger_id: "t1",
        view: JSON.stringify({
          type: "modal",
          title: { type: "plain_text", text: "Edit" },
          blocks: [
            {
              type: "input",
              block_id: "text",
              label: { type: "plain_text", text: "Text" },
              element: { type: "plain_text_input", action_id: "text", max_length: 4000 },
            },
          ],
        }),
      }).toString(),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: false, error: "invalid_arguments" });
  });

  it("opens a 3,900-character draft over two inputs and saves it back unchanged", async () => {
    const text = longPost(3900);
    const draft = await draftWithText(text);
    await click("draft_edit", draft.id);
    const [open] = await slackCalls("views.open");
    const view = bodyOf(open).view as OpenedView;
    const { res } = await slackPost(
      "/slack/interactions",
      viewSubmission(view.callback_id, unchangedValues(view), JSON.parse(view.private_metadata)),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after.currentVersion).toBe(draft.currentVersion + 1);
    expect(await getCurrentText(db(), after)).toBe(text);
  });

  it("refuses a joined text over 4,096 characters", async () => {
    const draft = await draftWithText("Short.");
    const { res } = await slackPost(
      "/slack/interactions",
      viewSubmission(
        "draft_edit_modal",
        {
          text: { type: "plain_text_input", value: "a".repeat(3000) },
          text_more: { type: "plain_text_input", value: "b".repeat(1095) },
          platform: { type: "static_select", selected_option: { value: "telegram" } },
        },
        { draftId: draft.id },
      ),
    );
    const reply = (await res.json()) as { errors: Record<string, string> };
    expect(reply.errors.text).toMatch(/4096/);
    expect((await getDraft(db(), draft.id))?.currentVersion).toBe(draft.currentVersion);
  });
});

describe("buttons inside the App Home draft view modal", () => {
  const VIEW_ID = "VDRAFTVIEW";
  const HASH = "1700000000.hash";

  function inModal(actionId: string, draftId: string) {
    return slackPost(
      "/slack/interactions",
      blockAction(actionId, draftId, "U_DOC1", {
        response_url: undefined,
        container: { type: "view", view_id: VIEW_ID },
        view: {
          id: VIEW_ID,
          hash: HASH,
          type: "modal",
          callback_id: "draft_view_modal",
          private_metadata: JSON.stringify({ draftId }),
          state: { values: {} },
        },
      }),
    );
  }

  it("pushes the edit form onto the modal, naming the modal to refresh", async () => {
    const draft = await cardDraft("ready");
    const { res } = await inModal("draft_edit", draft.id);
    expect(res.status).toBe(200);
    expect(await slackCalls("views.open")).toEqual([]);
    const [push] = await slackCalls("views.push");
    const view = bodyOf(push).view as OpenedView;
    expect(view.callback_id).toBe("draft_edit_modal");
    expect(JSON.parse(view.private_metadata)).toEqual({ draftId: draft.id, parentViewId: VIEW_ID });
  });

  it("pushes the schedule form onto the modal", async () => {
    const draft = await cardDraft("ready");
    await inModal("draft_schedule", draft.id);
    expect(await slackCalls("views.open")).toEqual([]);
    const [push] = await slackCalls("views.push");
    expect((bodyOf(push).view as OpenedView).callback_id).toBe("draft_schedule_modal");
  });

  it("after Publish, shows the refreshed card in the modal with views.update and its hash", async () => {
    const draft = await cardDraft("ready");
    const { queued } = await inModal("draft_publish", draft.id);
    expect(queued.publish).toHaveLength(1);
    const [update] = await slackCalls("views.update");
    const body = bodyOf(update);
    expect(body).toMatchObject({ view_id: VIEW_ID, hash: HASH });
    const view = body.view as { callback_id: string; blocks: { block_id?: string }[] };
    expect(view.callback_id).toBe("draft_view_modal");
    const status = view.blocks.find((b) => b.block_id === "draft_status");
    expect(JSON.stringify(status)).toMatch(/publishing/i);
    expect(await slackCalls("views.open")).toEqual([]);
  });

  it("pushes an error notice onto the modal instead of opening one", async () => {
    const draft = await cardDraft("rejected");
    await inModal("draft_publish", draft.id);
    expect(await slackCalls("views.open")).toEqual([]);
    expect(await fakes().requests("slack", "/response/")).toEqual([]);
    const [push] = await slackCalls("views.push");
    expect(JSON.stringify(bodyOf(push).view)).toMatch(/rejected/i);
  });

  it("an edit pushed over the modal refreshes the modal when saved", async () => {
    const draft = await cardDraft("needs_review");
    await slackPost(
      "/slack/interactions",
      viewSubmission(
        "draft_edit_modal",
        {
          text: { type: "plain_text_input", value: "My own words." },
          platform: { type: "static_select", selected_option: { value: "telegram" } },
        },
        { draftId: draft.id, parentViewId: VIEW_ID },
      ),
    );
    const [update] = await slackCalls("views.update");
    expect(bodyOf(update)).toMatchObject({ view_id: VIEW_ID });
    const text = JSON.stringify(bodyOf(update).view);
    expect(text).toContain("My own words.");
    expect(text).toContain("Edited by you; the rules found nothing to review.");
  });
});

describe("the card's thread size", () => {
  it("counts the posts the publisher will make, counters included", async () => {
    // 560 characters for X: ceil(560 / 280) says 2, but with word breaks and " (i/N)"
    // counters it takes 3 posts.
    const words = "sleep ".repeat(94).slice(0, 560);
    const physician = await seedPhysician();
    const draft = await seedDraft(physician, "x");
    await addDraftVersion(db(), draft.id, words, "generated");
    const loaded = await loadDraftCard(db(), draft.id);
    expect(loaded?.model.threadParts).toBe(fitToPlatform("x", words).parts.length);
    expect(loaded?.model.threadParts).toBe(3);
  });
});
