import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDraft, getDraft } from "../../src/db/drafts";
import { createServices } from "../../src/services";
import { refreshHomeQuietly } from "../../src/slack/handlers/home";
import { captureLogs, db, seedPhysician } from "../helpers";
import {
  blockAction,
  bodyOf,
  fakes,
  homeOpened,
  interactionBody,
  slackCalls,
  slackPost,
  TEAM,
  viewSubmission,
} from "../slack-helpers";

async function seedDrafts(user: string, count: number, prefix: string) {
  const physician = await seedPhysician(user);
  for (let i = 0; i < count; i++) {
    const draft = await createDraft(db(), {
      physicianId: physician.id,
      topic: `${prefix} ${i}`,
      platform: "telegram",
    });
    await env.DB.prepare("UPDATE drafts SET created_at = ? WHERE id = ?")
      .bind(1_700_000_000_000 + i * 1000, draft.id)
      .run();
  }
  return physician;
}

async function lastHome(): Promise<{ user: string; view: string }> {
  const calls = await slackCalls("views.publish");
  const body = bodyOf(calls.at(-1));
  return { user: String(body.user_id), view: JSON.stringify(body.view) };
}

/** A row's overflow menu choice in App Home (`verb:draftId`). */
function menuChoice(value: string, user = "U_DOC1"): string {
  return interactionBody({
    type: "block_actions",
    user: { id: user, team_id: TEAM },
    team: { id: TEAM },
    trigger_id: `trig-${crypto.randomUUID()}`,
    container: { type: "view", view_id: "VHOME" },
    view: { id: "VHOME", type: "home" },
    actions: [{ action_id: "home_row_menu", block_id: "b", type: "overflow", selected_option: { value } }],
  });
}

async function setStatus(topic: string, status: string, reason: string | null = null) {
  await env.DB.prepare("UPDATE drafts SET status = ?, status_reason = ? WHERE topic = ?")
    .bind(status, reason, topic)
    .run();
}

async function idOf(topic: string): Promise<string> {
  const row = await env.DB.prepare("SELECT id FROM drafts WHERE topic = ?")
    .bind(topic)
    .first<{ id: string }>();
  return row?.id ?? "";
}

describe("App Home", () => {
  it("groups the physician's own drafts by what they need, counted, newest first, five a section", async () => {
    await seedDrafts("U_DOC1", 12, "mine");
    await seedDrafts("U_DOC2", 3, "theirs");
    await env.DB.prepare("UPDATE drafts SET status = 'ready'").run();
    await setStatus("mine 0", "needs_review", "reason:claims_need_review|2");
    await setStatus("mine 1", "failed", "reason:generation_exhausted");
    // A refused publish is back as "ready" in the database, but it is a failure to the physician.
    await setStatus("mine 2", "ready", "reason:publish_refused|telegram:credentials:0/1");
    await setStatus("mine 3", "published");
    // Publishing that stopped to ask the physician (a part unconfirmed) needs them too.
    await setStatus("mine 4", "publishing");
    await env.DB.prepare(
      "INSERT INTO publications (draft_id, platform, status) VALUES (?, 'telegram', 'uncertain')",
    )
      .bind(await idOf("mine 4"))
      .run();
    await setStatus("mine 5", "publishing");
    const { res } = await slackPost("/slack/events", homeOpened("U_DOC1"));
    expect(res.status).toBe(200);
    const home = await lastHome();
    expect(home.user).toBe("U_DOC1");
    expect(home.view).not.toContain("theirs");
    const headings = [
      ...home.view.matchAll(/"type":"header","text":\{"type":"plain_text","text":"([^"]+)"/g),
    ].map((m) => m[1]);
    expect(headings).toEqual([
      "Serotonin Script",
      "⚠️ Needs your review · 2",
      "❌ Failed · 2",
      "✅ Ready to publish · 6",
      "✍️ In progress · 1",
      "🚀 Published · 1",
      "Your accounts",
      "What your edits taught",
    ]);
    expect(home.view).toContain("Hello, Dr U_DOC1!");
    expect(home.view).toContain("4 drafts need you");
    expect(home.view).toContain("*mine 4*\\nTelegram · publishing waits for your answer — open it");
    // Ready: the five newest of six, then paging for that section only.
    for (let i = 11; i >= 7; i--) expect(home.view).toContain(`mine ${i}`);
    expect(home.view).not.toContain("*mine 6*");
    expect(home.view.indexOf("mine 11")).toBeLessThan(home.view.indexOf("mine 7"));
    expect(home.view).toContain('"value":"ready:1"');
    expect(home.view).not.toContain("home_page_prev");
    expect(home.view).toContain("1–5 of 6");
  });

  it("pages one section forward and back", async () => {
    await seedDrafts("U_DOC1", 12, "mine");
    await env.DB.prepare("UPDATE drafts SET status = 'ready'").run();
    const noView = { response_url: undefined, container: { type: "view" } };
    await slackPost("/slack/interactions", blockAction("home_page_next", "ready:1", "U_DOC1", noView));
    let last = await lastHome();
    for (let i = 6; i >= 2; i--) expect(last.view).toContain(`*mine ${i}*`);
    expect(last.view).not.toContain("*mine 7*");
    expect(last.view).toContain('"value":"ready:0"');
    expect(last.view).toContain('"value":"ready:2"');
    await slackPost("/slack/interactions", blockAction("home_page_next", "ready:9", "U_DOC1", noView));
    last = await lastHome();
    expect(last.view).toContain("*mine 0*");
    expect(last.view).not.toContain("home_page_next");
    // A value that names no section changes nothing.
    const before = (await slackCalls("views.publish")).length;
    await slackPost("/slack/interactions", blockAction("home_page_next", "drop:1", "U_DOC1", noView));
    expect(await slackCalls("views.publish")).toHaveLength(before);
  });

  it("handles a retried event once", async () => {
    await seedDrafts("U_DOC1", 1, "mine");
    const body = homeOpened("U_DOC1", "EvSAME");
    await slackPost("/slack/events", body);
    await slackPost("/slack/events", body, {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(await slackCalls("views.publish")).toHaveLength(1);
  });

  it("lists scheduled posts soonest first with Reschedule and Cancel schedule in the menu", async () => {
    const physician = await seedPhysician("U_DOC1");
    for (let i = 0; i < 3; i++) {
      const draft = await createDraft(db(), {
        physicianId: physician.id,
        topic: `Later ${i}`,
        platform: "x",
      });
      await env.DB.prepare("UPDATE drafts SET status = 'scheduled', scheduled_at = ? WHERE id = ?")
        .bind(Date.UTC(2031, 0, 3 - i, 9), draft.id)
        .run();
    }
    await slackPost("/slack/events", homeOpened("U_DOC1"));
    const { view } = await lastHome();
    expect(view).toContain("🗓️ Scheduled · 3");
    expect(view.indexOf("Later 2")).toBeLessThan(view.indexOf("Later 0"));
    const id = await idOf("Later 0");
    for (const verb of ["open", "reschedule", "cancel", "delete"])
      expect(view).toContain(`"value":"${verb}:${id}"`);
  });

  it("cancels a schedule from the menu only after a confirmation", async () => {
    const physician = await seedPhysician("U_DOC1");
    const draft = await createDraft(db(), { physicianId: physician.id, topic: "Later", platform: "x" });
    await env.DB.prepare("UPDATE drafts SET status = 'scheduled', scheduled_at = ? WHERE id = ?")
      .bind(Date.UTC(2031, 0, 1, 9), draft.id)
      .run();
    await slackPost("/slack/interactions", menuChoice(`cancel:${draft.id}`));
    expect((await getDraft(db(), draft.id))?.status).toBe("scheduled");
    const [confirm] = await slackCalls("views.open");
    const view = bodyOf(confirm).view as {
      callback_id: string;
      private_metadata: string;
      submit: { text: string };
    };
    expect(view.callback_id).toBe("home_confirm_modal");
    expect(view.submit.text).toBe("Cancel schedule");
    const { res } = await slackPost(
      "/slack/interactions",
      viewSubmission("home_confirm_modal", {}, JSON.parse(view.private_metadata)),
    );
    expect(res.status).toBe(200);
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
  });

  it("deletes from the menu only after a confirmation, and never another physician's draft", async () => {
    await seedDrafts("U_DOC1", 2, "mine");
    await env.DB.prepare("UPDATE drafts SET status = 'ready'").run();
    const mine0 = await idOf("mine 0");
    const other = await seedPhysician("U_DOC2");
    const foreign = await createDraft(db(), { physicianId: other.id, topic: "not yours", platform: "x" });

    // The menu opens a confirmation; nothing is deleted yet.
    await slackPost("/slack/interactions", menuChoice(`delete:${mine0}`));
    const alive = await env.DB.prepare("SELECT count(*) AS n FROM drafts WHERE deleted_at IS NULL").first<{
      n: number;
    }>();
    expect(alive?.n).toBe(3);
    const [confirm] = await slackCalls("views.open");
    const view = bodyOf(confirm).view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe("home_confirm_modal");
    expect(JSON.stringify(view.blocks)).toContain("mine 0");
    await slackPost(
      "/slack/interactions",
      viewSubmission("home_confirm_modal", {}, JSON.parse(view.private_metadata)),
    );

    // A forged confirmation for someone else's draft is refused in the modal.
    const forged = await slackPost(
      "/slack/interactions",
      viewSubmission("home_confirm_modal", {}, { draftId: foreign.id, kind: "delete" }),
    );
    const reply = JSON.parse(await forged.res.text()) as { response_action: string; view: unknown };
    expect(reply.response_action).toBe("update");
    expect(JSON.stringify(reply.view)).toMatch(/only the physician/i);

    const rows = await env.DB.prepare(
      "SELECT topic FROM drafts WHERE deleted_at IS NULL ORDER BY topic",
    ).all<{
      topic: string;
    }>();
    expect(rows.results.map((r) => r.topic)).toEqual(["mine 1", "not yours"]);
    expect((await lastHome()).view).not.toContain("mine 0");
  });

  it("opens a draft from the menu", async () => {
    await seedDrafts("U_DOC1", 1, "mine");
    await env.DB.prepare("UPDATE drafts SET status = 'ready'").run();
    await slackPost("/slack/interactions", menuChoice(`open:${await idOf("mine 0")}`));
    const [open] = await slackCalls("views.open");
    expect(JSON.stringify(bodyOf(open).view)).toContain("mine 0");
  });

  it("opens a draft in a modal from the list", async () => {
    await seedDrafts("U_DOC1", 1, "mine");
    const row = await env.DB.prepare("SELECT id FROM drafts").first<{ id: string }>();
    await slackPost(
      "/slack/interactions",
      blockAction("home_open_draft", row?.id ?? "", "U_DOC1", { response_url: undefined }),
    );
    const [open] = await slackCalls("views.open");
    expect(JSON.stringify(bodyOf(open).view)).toContain("mine 0");
  });

  it("opens each App Home form", async () => {
    await seedPhysician("U_DOC1");
    for (const action of ["home_new_draft", "home_manual_post", "home_upload_guideline", "home_settings"]) {
      await slackPost("/slack/interactions", blockAction(action, "", "U_DOC1", { response_url: undefined }));
    }
    const callbacks = (await slackCalls("views.open")).map(
      (r) => (bodyOf(r).view as { callback_id: string }).callback_id,
    );
    expect(callbacks).toEqual([
      "draft_generate_modal",
      "manual_post_modal",
      "upload_guideline_modal",
      "settings_modal",
    ]);
  });
});

describe("a Home refresh after work that is done either way", () => {
  it("logs a Home Slack refused and does not throw", async () => {
    const logs = captureLogs();
    const physician = await seedPhysician();
    await fakes().fail({
      service: "slack",
      path: "views.publish",
      status: 200,
      body: { ok: false, error: "fatal_error" },
    });
    await expect(refreshHomeQuietly(createServices(env), physician)).resolves.toBeUndefined();
    expect(logs()).toContain("home_refresh_failed");
    expect(logs()).toContain("fatal_error");
  });
});
