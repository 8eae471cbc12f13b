/**
 * Resume, never repeat: a thread refused half way keeps its live parts; publishing it again
 * with the same text continues after the last live part (X, Telegram, Threads), and never
 * sends a live part twice. With changed text the publication waits and the card asks:
 * continue after the live parts, post the whole text as a new thread, or stop.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import type { Draft, Platform } from "../../src/db/schema";
import { claimPublication, ensurePublication, PUBLISH_LEASE_MS } from "../../src/queues/publication-store";
import { reasonText } from "../../src/slack/card-model";
import { db, draftIn, failingD1, silenceLogs } from "../helpers";
import {
  failNth,
  lastCard,
  liveIds,
  publication,
  runPublish,
  TELEGRAM,
  threadText,
  X,
} from "../publish-helpers";
import { blockAction, bodyOf, fakes, slackPost } from "../slack-helpers";

const THREADS = { THREADS_USER_ID: "27000000000000001", THREADS_ACCESS_TOKEN: "th-token" };
const CREDENTIALS: Record<Platform, Record<string, string>> = { x: X, telegram: TELEGRAM, threads: THREADS };

let restore: () => void = () => {};
afterEach(() => restore());

async function click(actionId: string, draftId: string) {
  const { res, queued } = await slackPost("/slack/interactions", blockAction(actionId, draftId));
  expect(res.status).toBe(200);
  return queued.publish;
}

/** Publish clicked, and the job run against the platform fake. */
async function publish(draft: Draft) {
  const [job] = await click("draft_publish", draft.id);
  expect(job).toBeDefined();
  return runPublish(job, { env: CREDENTIALS[draft.platform] });
}

/** What each platform fake received as posts, in order. */
async function sentTexts(platform: Platform): Promise<string[]> {
  if (platform === "x") return (await fakes().requests("x", "/2/tweets")).map((r) => String(bodyOf(r).text));
  if (platform === "telegram") {
    return (await fakes().requests("telegram", "sendMessage")).map((r) => String(bodyOf(r).text));
  }
  const creates = (await fakes().requests("threads")).filter(
    (r) => r.method === "POST" && r.path.endsWith("/threads"),
  );
  return creates.map((r) => String(bodyOf(r).text));
}

const REFUSALS: Record<Platform, { suffix: string; rule: Parameters<ReturnType<typeof fakes>["fail"]>[0] }> =
  {
    x: { suffix: "/x/2/tweets", rule: { service: "x", path: "/2/tweets", status: 403 } },
    telegram: { suffix: "/sendMessage", rule: { service: "telegram", status: 400 } },
    threads: { suffix: "/threads", rule: { service: "threads", path: "/threads$", status: 400 } },
  };

describe("a thread refused half way", () => {
  it.each(["x", "telegram", "threads"] as const)(
    "%s: part 3 refused, Publish again → parts 1–2 are never sent again",
    async (platform) => {
      silenceLogs();
      // Telegram threads need more than 4,096 characters.
      const text = platform === "telegram" ? threadText(120) : threadText(platform === "x" ? 10 : 20);
      const draft = await draftIn("ready", { platform, text });
      const refusal = REFUSALS[platform];
      restore = failNth(refusal.suffix, 3, refusal.rule);
      const first = await publish(draft);
      restore();
      expect(first.explicitAcks).toEqual(["pub-1"]);
      const live = await liveIds(draft.id);
      expect(live).toHaveLength(2);
      expect(await publication(draft.id)).toMatchObject({ status: "failed" });
      const returned = (await getDraft(db(), draft.id)) as Draft;
      expect(returned.status).toBe("ready");
      expect(reasonText(returned.statusReason, "en")).toMatch(/2 of \d+ parts are live/);
      expect(await lastCard()).toContain("Already live");

      const before = await sentTexts(platform);
      expect(before).toHaveLength(3);
      await publish(returned);
      const after = (await sentTexts(platform)).slice(before.length);
      // Resumed at part 3: the live parts were not sent again.
      expect(after[0]).toBe(before[2]);
      for (const text of after) expect(before.slice(0, 2)).not.toContain(text);
      const done = await publication(draft.id);
      expect(done).toMatchObject({ status: "published", external_id: live[0] });
      expect((await getDraft(db(), draft.id))?.status).toBe("published");
      expect((await liveIds(draft.id)).slice(0, 2)).toEqual(live);
    },
  );

  it("X: the resumed part replies to the last live part", async () => {
    silenceLogs();
    const draft = await draftIn("ready", { platform: "x", text: threadText(10) });
    restore = failNth("/x/2/tweets", 3, REFUSALS.x.rule);
    await publish(draft);
    restore();
    const live = await liveIds(draft.id);
    await publish((await getDraft(db(), draft.id)) as Draft);
    const tweets = await fakes().requests("x", "/2/tweets");
    expect(bodyOf(tweets[3]).reply).toEqual({ in_reply_to_tweet_id: live[1] });
  });
});

describe("a half-posted thread whose text changed", () => {
  /** Parts 1–2 of a thread live (part 3 refused), then the text edited. */
  async function partlyLiveThenEdited(edited: string): Promise<{ draft: Draft; live: string[] }> {
    silenceLogs();
    const draft = await draftIn("ready", { platform: "x", text: threadText(10) });
    restore = failNth("/x/2/tweets", 3, REFUSALS.x.rule);
    await publish(draft);
    restore();
    const live = await liveIds(draft.id);
    await env.DB.prepare(
      "INSERT INTO draft_versions (draft_id, version, text, source) VALUES (?, 2, ?, 'edited')",
    )
      .bind(draft.id, edited)
      .run();
    await env.DB.prepare("UPDATE drafts SET current_version = 2 WHERE id = ?").bind(draft.id).run();
    return { draft: (await getDraft(db(), draft.id)) as Draft, live };
  }

  /** Part 3 refused, then the text edited: the next Publish asks instead of posting. */
  async function changedAfterPartialPost(
    edited = `Edited. ${threadText(11)}`,
    beforeRetry: () => Promise<void> = async () => {},
  ): Promise<{ draft: Draft; live: string[]; sent: number; finishedAt: number }> {
    const { draft: changed, live } = await partlyLiveThenEdited(edited);
    await beforeRetry();
    const result = await publish(changed);
    const finishedAt = Date.now();
    expect(result.explicitAcks).toEqual(["pub-1"]);
    return { draft: changed, live, sent: (await sentTexts("x")).length, finishedAt };
  }

  it("waits for the physician: nothing posted, the card lists the live parts and asks", async () => {
    const { draft, sent } = await changedAfterPartialPost();
    expect(sent).toBe(3);
    expect(await publication(draft.id)).toMatchObject({
      status: "waiting",
      last_error: "reason:publish_changed|2",
    });
    expect((await getDraft(db(), draft.id))?.status).toBe("publishing");
    const card = await lastCard();
    expect(card).toContain("2 part(s) are already live and the text has changed since");
    for (const action of ["publish_continue", "publish_new_thread", "publish_stop"])
      expect(card).toContain(action);
  });

  it("has asked on the card before the job ends, not after it", async () => {
    // Slack answers the card update 300 ms after it arrives. Work left running after the
    // queue handler returns may never finish in production, so the job must wait for it.
    const { finishedAt } = await changedAfterPartialPost(undefined, () =>
      fakes().fail({ service: "slack", path: "chat.update", status: 200, delayMs: 300, times: -1 }),
    );
    const updates = await fakes().requests("slack", "chat.update");
    const asked = updates.filter((u) => JSON.stringify(u.body).includes("publish_continue"));
    expect(asked).toHaveLength(1);
    expect(finishedAt - (asked[0]?.at ?? finishedAt)).toBeGreaterThanOrEqual(200);
  });

  it("retries the job when the question cannot be recorded, instead of ending it as asked", async () => {
    const { draft } = await partlyLiveThenEdited(`Edited. ${threadText(11)}`);
    const [job] = await click("draft_publish", draft.id);
    const result = await runPublish(job, {
      env: {
        ...X,
        DB: failingD1(env.DB, /^update "publications" set "status" = \?, "last_error" = \?, "updated_at"/),
      },
    });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["pub-1"]);
    expect(await publication(draft.id)).toMatchObject({ status: "publishing" });
    expect(await sentTexts("x")).toHaveLength(3);
  });

  it("Continue posts the new text's remaining parts after the live ones", async () => {
    const { draft, live, sent } = await changedAfterPartialPost();
    const [job] = await click("publish_continue", draft.id);
    await runPublish(job, { env: X });
    const tweets = (await fakes().requests("x", "/2/tweets")).slice(sent);
    expect(bodyOf(tweets[0]).reply).toEqual({ in_reply_to_tweet_id: live[1] });
    expect(await publication(draft.id)).toMatchObject({ status: "published", external_id: live[0] });
    // A second click finds the question answered.
    expect(await click("publish_continue", draft.id)).toEqual([]);
  });

  it("New thread posts the whole new text from part 1, replying to nothing", async () => {
    // Worded differently throughout, so X sees no part as a duplicate of the old thread.
    const { draft, live, sent } = await changedAfterPartialPost(
      `Edited. ${threadText(11).replaceAll("caffeine", "coffee")}`,
    );
    const [job] = await click("publish_new_thread", draft.id);
    await runPublish(job, { env: X });
    const tweets = (await fakes().requests("x", "/2/tweets")).slice(sent);
    expect(String(bodyOf(tweets[0]).text)).toMatch(/^Edited\./);
    expect(bodyOf(tweets[0]).reply).toBeUndefined();
    const done = await publication(draft.id);
    expect(done?.status).toBe("published");
    expect(done?.external_id).not.toBe(live[0]);
  });

  it("Stop hands the draft back with the live parts kept; nothing more is posted", async () => {
    const { draft, live, sent } = await changedAfterPartialPost();
    expect(await click("publish_stop", draft.id)).toEqual([]);
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after.status).toBe("ready");
    expect(reasonText(after.statusReason, "en")).toBe("Stopped by you with 2 part(s) live.");
    expect(await publication(draft.id)).toMatchObject({ status: "failed" });
    expect(await liveIds(draft.id)).toEqual(live);
    expect(await sentTexts("x")).toHaveLength(sent);
  });
});

describe("claiming a publication", () => {
  it("claims only a pending, failed or expired publishing row, never a settled or waiting one", async () => {
    const draft = await draftIn("ready");
    const row = await ensurePublication(db(), draft.id, "telegram");
    const now = Date.now();
    for (const status of ["published", "uncertain", "waiting"] as const) {
      await env.DB.prepare("UPDATE publications SET status = ? WHERE id = ?").bind(status, row.id).run();
      const current = { ...row, status };
      expect(await claimPublication(db(), current, now)).toBeUndefined();
      expect(await publication(draft.id)).toMatchObject({ status, attempts: row.attempts });
    }
    // A live lease is not taken over; an expired one is.
    await env.DB.prepare("UPDATE publications SET status = 'publishing', updated_at = ? WHERE id = ?")
      .bind(now, row.id)
      .run();
    const leased = { ...row, status: "publishing" as const, updatedAt: now };
    expect(await claimPublication(db(), leased, now + 1000)).toBeUndefined();
    const claimed = await claimPublication(db(), leased, now + PUBLISH_LEASE_MS);
    expect(claimed).toMatchObject({ status: "publishing", attempts: row.attempts + 1 });
  });
});
