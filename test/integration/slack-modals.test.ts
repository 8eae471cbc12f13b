import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDraftVersion, getCurrentText, getDraft } from "../../src/db/drafts";
import type { Draft, DraftStatus } from "../../src/db/schema";
import { zonedTimeToEpoch } from "../../src/slack/time";
import { interceptD1 } from "../d1-faults";
import { db, seedDraft, seedPhysician, silenceLogs } from "../helpers";
import { bodyOf, plain, select, slackCalls, slackPost, viewSubmission } from "../slack-helpers";

async function submit(
  callbackId: string,
  values: Record<string, Record<string, unknown>>,
  metadata: object = {},
  user = "U_DOC1",
) {
  const { res, queued } = await slackPost(
    "/slack/interactions",
    viewSubmission(callbackId, values, metadata, user),
  );
  expect(res.status).toBe(200);
  const text = await res.text();
  return {
    reply: text ? (JSON.parse(text) as { response_action: string; errors: Record<string, string> }) : null,
    queued,
  };
}

async function readyDraft(status: DraftStatus = "ready"): Promise<Draft> {
  const draft = await seedDraft(await seedPhysician());
  await addDraftVersion(db(), draft.id, "Original text.", "generated");
  await env.DB.prepare("UPDATE drafts SET status = ? WHERE id = ?").bind(status, draft.id).run();
  return (await getDraft(db(), draft.id)) as Draft;
}

describe("generation form", () => {
  it("returns field errors for an empty topic and an invalid URL, queueing nothing", async () => {
    await seedPhysician();
    const { reply, queued } = await submit("draft_generate_modal", {
      topic: plain(""),
      platform: select("x"),
      source_url: { type: "url_text_input", value: "ftp://files.example.org/a" },
    });
    expect(reply?.response_action).toBe("errors");
    expect(Object.keys(reply?.errors ?? {}).sort()).toEqual(["source_url", "topic"]);
    expect(queued.generate).toEqual([]);
  });

  it("queues a draft with its platform, source URL and the channel it came from", async () => {
    await seedPhysician();
    const { reply, queued } = await submit(
      "draft_generate_modal",
      {
        topic: plain("Melatonin for jet lag"),
        platform: select("threads"),
        source_url: { type: "url_text_input", value: "https://www.nice.org.uk/guidance/ng222" },
      },
      { channelId: "C_CHAN" },
    );
    expect(reply).toBeNull();
    expect(queued.generate).toHaveLength(1);
    const row = await env.DB.prepare(
      "SELECT topic, platform, source_url, slack_channel_id FROM drafts",
    ).first();
    expect(row).toEqual({
      topic: "Melatonin for jet lag",
      platform: "threads",
      source_url: "https://www.nice.org.uk/guidance/ng222",
      slack_channel_id: "C_CHAN",
    });
  });
});

describe("edit form", () => {
  it("saves a new version, keeps the old one, and makes a needs-review draft ready", async () => {
    const draft = await readyDraft("needs_review");
    const { reply } = await submit(
      "draft_edit_modal",
      { text: plain("My own words."), platform: select("x") },
      { draftId: draft.id },
    );
    expect(reply).toBeNull();
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after).toMatchObject({ currentVersion: 2, platform: "x", status: "ready" });
    expect(await getCurrentText(db(), after)).toBe("My own words.");
    const versions = await env.DB.prepare(
      "SELECT version, source FROM draft_versions WHERE draft_id = ? ORDER BY version",
    )
      .bind(draft.id)
      .all();
    expect(versions.results).toEqual([
      { version: 1, source: "generated" },
      { version: 2, source: "edited" },
    ]);
  });

  it("refuses empty text and edits by someone else", async () => {
    const draft = await readyDraft();
    const empty = await submit(
      "draft_edit_modal",
      { text: plain("  "), platform: select("x") },
      { draftId: draft.id },
    );
    expect(empty.reply?.errors).toHaveProperty("text");
    await seedPhysician("U_OTHER");
    const foreign = await submit(
      "draft_edit_modal",
      { text: plain("hijack"), platform: select("x") },
      { draftId: draft.id },
      "U_OTHER",
    );
    expect(foreign.reply?.errors.text).toMatch(/only the physician/i);
    expect((await getDraft(db(), draft.id))?.currentVersion).toBe(1);
  });
});

describe("schedule form", () => {
  it("schedules at the wall-clock time in the physician's zone", async () => {
    const draft = await readyDraft();
    await env.DB.prepare("UPDATE physicians SET timezone = 'Europe/Kyiv'").run();
    const { reply } = await submit(
      "draft_schedule_modal",
      {
        date: { type: "datepicker", selected_date: "2030-04-15" },
        time: { type: "timepicker", selected_time: "09:30" },
      },
      { draftId: draft.id },
    );
    expect(reply).toBeNull();
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("scheduled");
    expect(after?.scheduledAt).toBe(Date.UTC(2030, 3, 15, 6, 30)); // Kyiv is UTC+3 in summer time
    expect(zonedTimeToEpoch("2030-01-15", "09:30", "Europe/Kyiv")).toBe(Date.UTC(2030, 0, 15, 7, 30));
  });

  it("refuses a time in the past and an incomplete date", async () => {
    const draft = await readyDraft();
    const past = await submit(
      "draft_schedule_modal",
      {
        date: { type: "datepicker", selected_date: "2020-01-01" },
        time: { type: "timepicker", selected_time: "10:00" },
      },
      { draftId: draft.id },
    );
    expect(past.reply?.errors).toHaveProperty("time");
    const missing = await submit(
      "draft_schedule_modal",
      { date: { type: "datepicker", selected_date: null } },
      { draftId: draft.id },
    );
    expect(missing.reply?.errors).toHaveProperty("date");
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
  });

  it("refuses to schedule a published draft", async () => {
    const draft = await readyDraft("published");
    const { reply } = await submit(
      "draft_schedule_modal",
      {
        date: { type: "datepicker", selected_date: "2031-01-01" },
        time: { type: "timepicker", selected_time: "10:00" },
      },
      { draftId: draft.id },
    );
    expect(reply?.errors.date).toMatch(/published/i);
  });
});

describe("manual post form", () => {
  it("makes the physician's own text a draft and sends its card; nothing goes out until Publish", async () => {
    await seedPhysician();
    const { reply, queued } = await submit("manual_post_modal", {
      text: plain("Sleep is a skill.\nPractise it."),
      platform: select("x"),
    });
    expect(reply).toBeNull();
    expect(queued.publish).toEqual([]);
    const row = await env.DB.prepare(
      "SELECT d.status, d.topic, v.source FROM drafts d JOIN draft_versions v ON v.draft_id = d.id",
    ).first();
    expect(row).toEqual({ status: "ready", topic: "Sleep is a skill.", source: "manual" });
    // The card is the confirmation: one message, with Publish on it.
    const cards = await slackCalls("chat.postMessage");
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(bodyOf(cards[0]).blocks)).toContain("draft_publish");
  });

  it("makes one draft and one card of a submission Slack sends twice", async () => {
    await seedPhysician();
    const body = viewSubmission("manual_post_modal", {
      text: plain("Sleep is a skill."),
      platform: select("x"),
    });
    for (let i = 0; i < 2; i++) {
      const { res } = await slackPost("/slack/interactions", body);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("");
    }
    expect(await env.DB.prepare("SELECT count(*) AS n FROM drafts").first()).toEqual({ n: 1 });
    expect(await slackCalls("chat.postMessage")).toHaveLength(1);
  });

  it("checks the physician's own text like any draft: a dose with no source goes to review", async () => {
    await seedPhysician();
    const { queued } = await submit("manual_post_modal", {
      text: plain("I start sertraline at 50 mg a day and review after four weeks."),
      platform: select("telegram"),
    });
    expect(queued.publish).toEqual([]);
    const row = await env.DB.prepare(
      "SELECT d.id, d.status, v.check_mode FROM drafts d JOIN draft_versions v ON v.draft_id = d.id",
    ).first<{
      id: string;
      status: string;
      check_mode: string;
    }>();
    expect(row).toMatchObject({ status: "needs_review", check_mode: "rules" });
    const flagged = await env.DB.prepare(
      "SELECT count(*) AS n FROM claims WHERE draft_id = ? AND verdict != 'supported'",
    )
      .bind(row?.id)
      .first<{ n: number }>();
    expect(flagged?.n).toBeGreaterThan(0);
    const card = JSON.stringify(bodyOf((await slackCalls("chat.postMessage"))[0]).blocks);
    expect(card).toContain("draft_review"); // the same confirm as any draft: Review, not Publish
    expect(card).not.toContain('"action_id":"draft_publish"');
  });

  it("schedules it when a date and time are given", async () => {
    await seedPhysician();
    const { queued } = await submit("manual_post_modal", {
      text: plain("Later."),
      platform: select("telegram"),
      date: { type: "datepicker", selected_date: "2031-05-01" },
      time: { type: "timepicker", selected_time: "08:00" },
    });
    expect(queued.publish).toEqual([]);
    const row = await env.DB.prepare("SELECT status, scheduled_at FROM drafts").first();
    expect(row).toEqual({ status: "scheduled", scheduled_at: Date.UTC(2031, 4, 1, 8, 0) });
  });
});

describe("upload and settings forms", () => {
  it("queues an uploaded file for indexing, or asks for one", async () => {
    await seedPhysician();
    const none = await submit("upload_guideline_modal", { file: { type: "file_input", files: [] } });
    expect(none.reply?.errors).toHaveProperty("file");
    const { reply, queued } = await submit("upload_guideline_modal", {
      file: { type: "file_input", files: [{ id: "F123" }] },
    });
    expect(reply).toBeNull();
    expect(queued.index).toEqual([expect.objectContaining({ type: "index_file", fileId: "F123" })]);
  });

  it("saves settings and refuses an unknown time zone", async () => {
    await seedPhysician();
    const bad = await submit("settings_modal", {
      timezone: plain("Mars/Olympus"),
      language: select("uk"),
      platform: select("x"),
    });
    expect(bad.reply?.errors).toHaveProperty("timezone");
    const ok = await submit("settings_modal", {
      timezone: select("Europe/Kyiv"),
      language: select("uk"),
      platform: select("threads"),
    });
    expect(ok.reply).toBeNull();
    const row = await env.DB.prepare("SELECT timezone, language, default_platform FROM physicians").first();
    expect(row).toEqual({ timezone: "Europe/Kyiv", language: "uk", default_platform: "threads" });
  });
});

describe("zonedTimeToEpoch across a DST change", () => {
  it("uses the offset in force on that day", () => {
    // EU summer time starts on Sunday 31 March 2030.
    expect(zonedTimeToEpoch("2030-03-30", "09:30", "Europe/Kyiv")).toBe(Date.UTC(2030, 2, 30, 7, 30));
    expect(zonedTimeToEpoch("2030-03-31", "09:30", "Europe/Kyiv")).toBe(Date.UTC(2030, 2, 31, 6, 30));
    expect(zonedTimeToEpoch("2030-02-30", "09:30", "UTC")).toBeUndefined();
    expect(zonedTimeToEpoch("2030-02-28", "24:00", "UTC")).toBeUndefined();
    expect(zonedTimeToEpoch("bad", "09:30", "UTC")).toBeUndefined();
    expect(zonedTimeToEpoch("2030-01-01", "09:30", "Nowhere/City")).toBeUndefined();
  });

  it("has no instant for a wall-clock time the spring-forward change skips", () => {
    // Kyiv: 03:00 → 04:00 on 31 March 2030; New York: 02:00 → 03:00 on 10 March 2030.
    expect(zonedTimeToEpoch("2030-03-31", "03:30", "Europe/Kyiv")).toBeUndefined();
    expect(zonedTimeToEpoch("2030-03-10", "02:30", "America/New_York")).toBeUndefined();
    expect(zonedTimeToEpoch("2030-10-06", "02:15", "Australia/Lord_Howe")).toBeUndefined(); // 30-min shift
    expect(zonedTimeToEpoch("2030-03-31", "02:59", "Europe/Kyiv")).toBe(Date.UTC(2030, 2, 31, 0, 59));
    expect(zonedTimeToEpoch("2030-03-31", "04:00", "Europe/Kyiv")).toBe(Date.UTC(2030, 2, 31, 1, 0));
    expect(zonedTimeToEpoch("2030-03-10", "03:00", "America/New_York")).toBe(Date.UTC(2030, 2, 10, 7, 0));
  });

  it("takes the first of the two instants of a fall-back time", () => {
    // Kyiv: 04:00 → 03:00 on 27 October 2030; New York: 02:00 → 01:00 on 3 November 2030.
    expect(zonedTimeToEpoch("2030-10-27", "03:30", "Europe/Kyiv")).toBe(Date.UTC(2030, 9, 27, 0, 30));
    expect(zonedTimeToEpoch("2030-11-03", "01:30", "America/New_York")).toBe(Date.UTC(2030, 10, 3, 5, 30));
  });

  it("the schedule form says a skipped time does not exist", async () => {
    const draft = await readyDraft();
    await env.DB.prepare("UPDATE physicians SET timezone = 'Europe/Kyiv'").run();
    const { reply } = await submit(
      "draft_schedule_modal",
      {
        date: { type: "datepicker", selected_date: "2030-03-31" },
        time: { type: "timepicker", selected_time: "03:30" },
      },
      { draftId: draft.id },
    );
    expect(reply?.errors.time).toMatch(/doesn't exist in Europe\/Kyiv/);
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
  });
});

describe("a form whose write fails on another constraint than its own retry's", () => {
  // Only the key of the same submission (or, for an edit, the version a concurrent edit took)
  // means "already done". Any other constraint failing is a fault: the form says so and stays
  // open with the physician's text, instead of closing as if it had been saved.
  const foreignKeyFailure = () =>
    interceptD1(env.DB, async (write) => {
      if (write) throw new Error("D1_ERROR: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT");
    });

  async function submitBroken(
    callbackId: string,
    values: Record<string, Record<string, unknown>>,
    metadata = {},
  ) {
    const { res } = await slackPost("/slack/interactions", viewSubmission(callbackId, values, metadata), {
      envOverrides: { DB: foreignKeyFailure() },
    });
    return (await res.json()) as { response_action: string; view?: unknown; errors?: unknown };
  }

  it("the manual post form says something went wrong; no draft and no card", async () => {
    silenceLogs();
    await seedPhysician();
    const reply = await submitBroken("manual_post_modal", {
      text: plain("Sleep is a skill."),
      platform: select("x"),
    });
    expect(reply.response_action).toBe("push");
    expect(JSON.stringify(reply.view)).toMatch(/Something went wrong/);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM drafts").first()).toEqual({ n: 0 });
    expect(await slackCalls("chat.postMessage")).toEqual([]);
  });

  it('the edit form says something went wrong, not "already on it"; the text is unchanged', async () => {
    silenceLogs();
    const draft = await readyDraft();
    const reply = await submitBroken(
      "draft_edit_modal",
      { text: plain("My own words."), platform: select("x") },
      { draftId: draft.id },
    );
    expect(JSON.stringify(reply)).not.toMatch(/Already on it/);
    expect(JSON.stringify(reply.view)).toMatch(/Something went wrong/);
    expect((await getDraft(db(), draft.id))?.currentVersion).toBe(1);
  });
});
