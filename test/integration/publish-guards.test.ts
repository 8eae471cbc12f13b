/**
 * Guards around publishing:
 * - a stale publish job (another platform or an older version than the draft's) does nothing;
 * - the sweeper never starts a second retry chain while a delayed retry is pending;
 * - scheduled posts due during an outage go out oldest first; one later than the allowed
 *   lateness (default 6 h) goes back to the physician instead; so does one whose physician
 *   is no longer on the Slack allow-list;
 * - with no platform credentials outside production, the post goes to the local outbox,
 *   which the admin API lists and the card names.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import type { Draft } from "../../src/db/schema";
import { sweepStuckPublishing } from "../../src/queues/publish-sweeper";
import { publishDueDrafts } from "../../src/queues/scheduled-publisher";
import { createServices } from "../../src/services";
import { draftCard } from "../../src/slack/blocks/draft-card";
import { loadDraftCard, reasonText } from "../../src/slack/card-model";
import { ADMIN_HEADERS, call, captureLogs, db, draftIn, seedPhysician, silenceLogs } from "../helpers";
import { lastCard, publication, publishJob, runPublish, TELEGRAM, threadText, X } from "../publish-helpers";
import { fakes } from "../slack-helpers";

function servicesRecording(jobs: unknown[], extra: Record<string, string> = {}) {
  return createServices({
    ...env,
    ...extra,
    PUBLISH_QUEUE: { send: async (body: unknown) => void jobs.push(body) } as unknown as Queue,
  } as Env);
}

describe("stale publish jobs", () => {
  it("a job for another platform than the draft's does nothing", async () => {
    const logs = captureLogs();
    const draft = await draftIn("publishing", { platform: "x" });
    await runPublish(publishJob(draft, "telegram"), { env: { ...TELEGRAM, ...X } });
    expect(await fakes().requests("telegram", "sendMessage")).toEqual([]);
    expect(await fakes().requests("x", "/2/tweets")).toEqual([]);
    expect(await publication(draft.id)).toBeNull();
    expect(logs()).toContain('"reason":"stale_job"');
  });

  it("a job for an older version does nothing", async () => {
    silenceLogs();
    const draft = await draftIn("publishing");
    await runPublish({ ...publishJob(draft), version: draft.currentVersion + 1 }, { env: TELEGRAM });
    expect(await fakes().requests("telegram", "sendMessage")).toEqual([]);
    expect((await getDraft(db(), draft.id))?.status).toBe("publishing");
  });
});

describe("an attempt that lost its claim", () => {
  it("stops before its next part when another attempt has taken the row over", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { platform: "x", text: threadText(10) });
    const realFetch = globalThis.fetch;
    let tweets = 0;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await realFetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      // Right after part 1 is live, a second delivery takes the row over (its lease expired).
      if (url.endsWith("/x/2/tweets") && ++tweets === 1) {
        await env.DB.prepare("UPDATE publications SET attempts = attempts + 1 WHERE draft_id = ?")
          .bind(draft.id)
          .run();
      }
      return res;
    }) as typeof fetch;
    try {
      await runPublish(publishJob(draft), { env: X });
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(await fakes().requests("x", "/2/tweets")).toHaveLength(1);
  });
});

describe("the publish sweeper and delayed retries", () => {
  it("leaves a publication alone while its delayed retry is pending, and re-sends once it is overdue", async () => {
    silenceLogs();
    const draft = await draftIn("publishing");
    const now = Date.now();
    await env.DB.prepare("UPDATE drafts SET updated_at = 0 WHERE id = ?").bind(draft.id).run();
    await env.DB.prepare(
      "INSERT INTO publications (draft_id, platform, status, not_before, updated_at) VALUES (?, 'telegram', 'pending', ?, 0)",
    )
      .bind(draft.id, now + 3 * 3600_000)
      .run();
    const jobs: unknown[] = [];
    expect(await sweepStuckPublishing(servicesRecording(jobs), now)).toMatchObject({ skipped: 1, resent: 0 });
    expect(jobs).toEqual([]);

    // The delayed message never came: well past its time, the sweeper re-sends it.
    await env.DB.prepare("UPDATE publications SET not_before = ? WHERE draft_id = ?")
      .bind(now - 3600_000, draft.id)
      .run();
    expect(await sweepStuckPublishing(servicesRecording(jobs), now)).toMatchObject({ resent: 1 });
    expect(jobs).toHaveLength(1);
  });
});

describe("scheduled posts after an outage", () => {
  async function scheduledAt(at: number, topic: string): Promise<Draft> {
    const physician = await seedPhysician();
    const draft = await draftIn("scheduled", { physician });
    await env.DB.prepare("UPDATE drafts SET scheduled_at = ?, topic = ? WHERE id = ?")
      .bind(at, topic, draft.id)
      .run();
    return (await getDraft(db(), draft.id)) as Draft;
  }

  it("go out oldest first", async () => {
    silenceLogs();
    const now = Date.now();
    const later = await scheduledAt(now - 10 * 60_000, "later");
    const earliest = await scheduledAt(now - 50 * 60_000, "earliest");
    const middle = await scheduledAt(now - 30 * 60_000, "middle");
    const jobs: { draftId: string }[] = [];
    await publishDueDrafts(servicesRecording(jobs as unknown[]), now);
    expect(jobs.map((j) => j.draftId)).toEqual([earliest.id, middle.id, later.id]);
  });

  it("a post more than 6 h late goes back to the physician instead of out", async () => {
    silenceLogs();
    const now = Date.now();
    const late = await scheduledAt(now - 7 * 3600_000, "late");
    const onTime = await scheduledAt(now - 5 * 3600_000, "within the window");
    const jobs: { draftId: string }[] = [];
    const counts = await publishDueDrafts(servicesRecording(jobs as unknown[]), now);
    expect(counts).toMatchObject({ queued: 1, missed: 1 });
    expect(jobs.map((j) => j.draftId)).toEqual([onTime.id]);
    const after = (await getDraft(db(), late.id)) as Draft;
    expect(after).toMatchObject({ status: "ready", scheduledAt: null });
    expect(reasonText(after.statusReason, "en")).toMatch(/due 7 h ago.*Publish now or schedule it again/);
    const card = await loadDraftCard(db(), late.id);
    if (!card) throw new Error("card missing");
    expect(JSON.stringify(draftCard(card.model).blocks)).toContain("due 7 h ago");
  });

  it("the lateness allowed is a setting", async () => {
    silenceLogs();
    const now = Date.now();
    const draft = await scheduledAt(now - 90 * 60_000, "90 minutes late");
    const jobs: unknown[] = [];
    await publishDueDrafts(servicesRecording(jobs, { SCHEDULE_MAX_LATENESS_MIN: "60" }), now);
    expect(jobs).toEqual([]);
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
  });

  it("a physician removed from the allow-list is not published for", async () => {
    silenceLogs();
    const now = Date.now();
    const draft = await scheduledAt(now - 60_000, "due");
    const jobs: unknown[] = [];
    await publishDueDrafts(servicesRecording(jobs, { ALLOWED_SLACK_USERS: "U_SOMEONE_ELSE" }), now);
    expect(jobs).toEqual([]);
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after.status).toBe("ready");
    expect(reasonText(after.statusReason, "en")).toMatch(/no longer allowed/);
  });
});

describe("the local outbox", () => {
  it("with no credentials outside production, a thread is published to the outbox the admin API lists", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { platform: "x", text: threadText(10) });
    const result = await runPublish(publishJob(draft));
    expect(result.explicitAcks).toEqual(["pub-1"]);
    expect(await fakes().requests("x", "/2/tweets")).toEqual([]);
    const row = await publication(draft.id);
    expect(row).toMatchObject({ status: "published" });
    expect(String(row?.external_id)).toMatch(/^outbox:\d+$/);
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
    expect(await lastCard()).toContain("published to the local outbox");

    const res = await call("/admin/outbox", { headers: ADMIN_HEADERS });
    expect(res.status).toBe(200);
    const { posts } = (await res.json()) as {
      posts: { id: number; draftId: string; part: number; replyTo: number | null; text: string }[];
    };
    const mine = posts.filter((p) => p.draftId === draft.id).sort((a, b) => a.part - b.part);
    expect(mine.length).toBeGreaterThan(1);
    expect(mine[0]?.replyTo).toBeNull();
    expect(mine[1]?.replyTo).toBe(mine[0]?.id);
    expect(mine[0]?.text).toMatch(/^Point 1:.*\(1\/\d+\)$/s);
  });
});

describe("a physician removed from the allow-list", () => {
  it("a publish job already queued for them posts nothing and hands the draft back", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { platform: "telegram", text: "Queued before the removal." });
    const result = await runPublish(publishJob(draft), {
      env: {
        TELEGRAM_BOT_TOKEN: "123:abc",
        TELEGRAM_CHAT_ID: "@chan",
        ALLOWED_SLACK_USERS: "U_SOMEONE_ELSE",
      },
    });
    expect(result.explicitAcks).toEqual(["pub-1"]);
    expect(await fakes().requests("telegram", "sendMessage")).toEqual([]);
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after.status).toBe("ready");
    expect(reasonText(after.statusReason, "en")).toMatch(/no longer allowed/);
  });
});
