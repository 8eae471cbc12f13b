import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDraft } from "../../src/db/drafts";
import { db, seedPhysician } from "../helpers";
import { blockAction, bodyOf, slackCalls, slackPost, TEAM } from "../slack-helpers";

function homeOpened(user: string, eventId = `Ev${crypto.randomUUID().slice(0, 8)}`) {
  return JSON.stringify({
    type: "event_callback",
    team_id: TEAM,
    event_id: eventId,
    event_time: 1,
    event: { type: "app_home_opened", user, tab: "home", channel: "D1" },
  });
}

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

describe("App Home", () => {
  it("shows only the physician's own drafts, newest first, 10 a page", async () => {
    await seedDrafts("U_DOC1", 25, "mine");
    await seedDrafts("U_DOC2", 3, "theirs");
    const { res } = await slackPost("/slack/events", homeOpened("U_DOC1"));
    expect(res.status).toBe(200);
    const home = await lastHome();
    expect(home.user).toBe("U_DOC1");
    expect(home.view).not.toContain("theirs");
    for (let i = 24; i >= 15; i--) expect(home.view).toContain(`mine ${i}`);
    expect(home.view).not.toContain("mine 14");
    expect(home.view.indexOf("mine 24")).toBeLessThan(home.view.indexOf("mine 15"));
    expect(home.view).toContain("home_page_next");
    expect(home.view).not.toContain("home_page_prev");
  });

  it("pages forward and back with the paging buttons", async () => {
    await seedDrafts("U_DOC1", 25, "mine");
    await slackPost(
      "/slack/interactions",
      blockAction("home_page_next", "2", "U_DOC1", { response_url: undefined, container: { type: "view" } }),
    );
    const last = await lastHome();
    expect(last.view).toContain("mine 4");
    expect(last.view).toContain("mine 0");
    expect(last.view).not.toContain('mine 5"');
    expect(last.view).toContain("home_page_prev");
    expect(last.view).not.toContain("home_page_next");
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

  it("lists upcoming scheduled posts", async () => {
    const physician = await seedDrafts("U_DOC1", 1, "mine");
    const scheduled = await createDraft(db(), {
      physicianId: physician.id,
      topic: "Scheduled one",
      platform: "x",
    });
    await env.DB.prepare("UPDATE drafts SET status = 'scheduled', scheduled_at = ? WHERE id = ?")
      .bind(Date.UTC(2031, 0, 1, 9), scheduled.id)
      .run();
    await slackPost("/slack/events", homeOpened("U_DOC1"));
    const home = await lastHome();
    expect(home.view).toContain("Scheduled one");
    expect(home.view).toContain("2031");
  });

  it("counts upcoming posts beyond the five it lists", async () => {
    const physician = await seedPhysician("U_DOC1");
    for (let i = 0; i < 8; i++) {
      const draft = await createDraft(db(), {
        physicianId: physician.id,
        topic: `Later ${i}`,
        platform: "x",
      });
      await env.DB.prepare("UPDATE drafts SET status = 'scheduled', scheduled_at = ? WHERE id = ?")
        .bind(Date.UTC(2031, 0, 1 + i, 9), draft.id)
        .run();
    }
    await slackPost("/slack/events", homeOpened("U_DOC1"));
    const view = JSON.parse((await lastHome()).view) as {
      blocks: {
        type: string;
        text?: { text: string };
        elements?: { action_id?: string; text?: unknown }[];
      }[];
    };
    // An upcoming post is a line followed by its Reschedule / Cancel schedule buttons.
    const upcoming = view.blocks
      .filter((_block, i) => view.blocks[i + 1]?.elements?.some((e) => e.action_id === "draft_reschedule"))
      .map((b) => b.text?.text ?? "");
    expect(upcoming).toHaveLength(5);
    for (let i = 0; i < 5; i++) expect(upcoming[i]).toContain(`Later ${i}`);
    expect(JSON.stringify(view.blocks)).toContain("+3 more");
  });

  it("deletes a draft from the list, and never another physician's", async () => {
    await seedDrafts("U_DOC1", 2, "mine");
    // Seeded drafts are queued; a draft still being generated cannot be deleted.
    await env.DB.prepare("UPDATE drafts SET status = 'ready'").run();
    const [mine0] = (
      await env.DB.prepare("SELECT id FROM drafts WHERE topic = 'mine 0'").all<{ id: string }>()
    ).results;
    const other = await seedPhysician("U_DOC2");
    const foreign = await createDraft(db(), { physicianId: other.id, topic: "not yours", platform: "x" });
    const noView = { response_url: undefined, container: { type: "view" } };
    await slackPost("/slack/interactions", blockAction("home_delete_draft", foreign.id, "U_DOC1", noView));
    await slackPost(
      "/slack/interactions",
      blockAction("home_delete_draft", mine0?.id ?? "", "U_DOC1", noView),
    );
    const rows = await env.DB.prepare(
      "SELECT topic FROM drafts WHERE deleted_at IS NULL ORDER BY topic",
    ).all<{ topic: string }>();
    expect(rows.results.map((r) => r.topic)).toEqual(["mine 1", "not yours"]);
    // The foreign attempt was answered in a notice modal (App Home has no channel).
    const notices = (await slackCalls("views.open")).map((r) => JSON.stringify(bodyOf(r).view));
    expect(notices.join(" ")).toMatch(/only the physician/i);
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
