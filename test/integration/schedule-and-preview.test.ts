/**
 * What the physician controls on the card before a post goes out:
 * - a scheduled draft has Reschedule (the schedule form at its current time) and Cancel
 *   schedule (back to ready, time dropped);
 * - "Preview parts" shows every part exactly as it will be posted, with its length against
 *   the platform's limit — the same parts publishing sends;
 * - a Threads post whose emoji push it past 500 UTF-8-counted characters is split before
 *   sending, so Threads never refuses it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import type { Draft } from "../../src/db/schema";
import { draftCard } from "../../src/slack/blocks/draft-card";
import { loadDraftCard } from "../../src/slack/card-model";
import { db, draftIn, silenceLogs } from "../helpers";
import { lastCard, publication, publishJob, runPublish, threadText, X } from "../publish-helpers";
import { blockAction, bodyOf, fakes, slackCalls, slackPost } from "../slack-helpers";

const THREADS = { THREADS_USER_ID: "27000000000000001", THREADS_ACCESS_TOKEN: "th-token" };

async function scheduledIn(hours: number): Promise<{ draft: Draft; at: number }> {
  const draft = await draftIn("scheduled");
  const at = Date.UTC(2030, 0, 15, 9, 30) + hours * 3600_000;
  await env.DB.prepare("UPDATE drafts SET scheduled_at = ? WHERE id = ?").bind(at, draft.id).run();
  return { draft: (await getDraft(db(), draft.id)) as Draft, at };
}

describe("schedule control on the card", () => {
  it("Cancel schedule returns the draft to ready with its time dropped, and the card offers Publish", async () => {
    silenceLogs();
    const { draft } = await scheduledIn(0);
    const { res } = await slackPost("/slack/interactions", blockAction("draft_cancel_schedule", draft.id));
    expect(res.status).toBe(200);
    expect(await getDraft(db(), draft.id)).toMatchObject({ status: "ready", scheduledAt: null });
    const card = await lastCard();
    expect(card).toContain("draft_publish");
    expect(card).not.toContain("draft_cancel_schedule");
  });

  it("a scheduled card carries Reschedule and Cancel schedule, which asks for confirmation", async () => {
    silenceLogs();
    const { draft } = await scheduledIn(0);
    const loaded = await loadDraftCard(db(), draft.id);
    if (!loaded) throw new Error("card missing");
    const elements = draftCard(loaded.model).blocks.flatMap((b) =>
      b.type === "actions" ? (b.elements as { action_id?: string; confirm?: unknown }[]) : [],
    );
    expect(elements.map((e) => e.action_id)).toContain("draft_reschedule");
    expect(elements.find((e) => e.action_id === "draft_cancel_schedule")?.confirm).toBeDefined();
  });

  it("Reschedule opens the schedule form at the draft's current time, in the physician's zone", async () => {
    silenceLogs();
    const { draft } = await scheduledIn(0);
    await env.DB.prepare("UPDATE physicians SET timezone = 'Europe/Kyiv'").run();
    await slackPost("/slack/interactions", blockAction("draft_reschedule", draft.id));
    const [open] = await slackCalls("views.open");
    const view = JSON.stringify(bodyOf(open).view);
    expect(view).toContain("draft_schedule_modal");
    expect(view).toContain('"initial_date":"2030-01-15"');
    expect(view).toContain('"initial_time":"11:30"'); // 09:30 UTC in Kyiv (UTC+2 in January)
  });

  it("Cancel schedule on a draft that is no longer scheduled changes nothing and says why", async () => {
    silenceLogs();
    const draft = await draftIn("ready");
    await slackPost("/slack/interactions", blockAction("draft_cancel_schedule", draft.id));
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
  });
});

describe("Preview parts", () => {
  it("shows every part as X will receive it, with its weighted length against 280", async () => {
    silenceLogs();
    const draft = await draftIn("ready", { platform: "x", text: threadText(10) });
    await slackPost("/slack/interactions", blockAction("draft_preview", draft.id));
    const view = bodyOf((await slackCalls("views.open"))[0]).view as {
      callback_id: string;
      blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[];
    };
    expect(view.callback_id).toBe("draft_preview_modal");
    const headings = view.blocks.filter((b) => b.type === "context").map((b) => b.elements?.[0]?.text ?? "");
    const texts = view.blocks.filter((b) => b.type === "section").map((b) => b.text?.text ?? "");
    expect(headings.length).toBeGreaterThan(1);
    headings.forEach((heading, i) => {
      expect(heading).toMatch(new RegExp(`^Part ${i + 1} of ${headings.length} · \\d+/280$`));
    });

    // Publishing sends exactly the previewed parts.
    await env.DB.prepare("UPDATE drafts SET status = 'publishing' WHERE id = ?").bind(draft.id).run();
    await runPublish(publishJob(draft), { env: X });
    const tweets = (await fakes().requests("x", "/2/tweets")).map((r) => String(bodyOf(r).text));
    expect(tweets).toEqual(texts);
  });
});

describe("Threads counts emoji as UTF-8 bytes", () => {
  it("splits a post that fits in code points but not in Threads' count, and Threads accepts every part", async () => {
    silenceLogs();
    const text = `${"word ".repeat(98).trim()} 😴😴😴😴😴`;
    expect([...text].length).toBeLessThanOrEqual(500);
    const draft = await draftIn("publishing", { platform: "threads", text });
    const result = await runPublish(publishJob(draft), { env: THREADS });
    expect(result.explicitAcks).toEqual(["pub-1"]);
    expect(await publication(draft.id)).toMatchObject({ status: "published" });
    const creates = (await fakes().requests("threads")).filter(
      (r) => r.method === "POST" && r.path.endsWith("/threads"),
    );
    expect(creates.length).toBe(2);
  });
});
