/**
 * Progress that informs without noise: from order to card a draft makes at most six Slack
 * message calls (the first post, coalesced progress updates, the card), never two progress
 * updates within a second, no update after the card, stage lines that say what their
 * numbers count — and a retry that says which attempt it is instead of falling back to
 * "Queued".
 */

import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import { GENERATE_ATTEMPTS } from "../../src/queues/retry";
import wranglerToml from "../../wrangler.toml?raw";
import {
  LLM_KEYS,
  physicianWithKnowledge,
  queuedDraft,
  runGenerate,
  scriptAnthropicGeneration,
} from "../generation-helpers";
import { db, silenceLogs } from "../helpers";
import { bodyOf, fakes, slackCalls } from "../slack-helpers";

const DRAFT_TEXT =
  "Caffeine taken six hours before bedtime still reduced total sleep time [1]. Keep coffee to the morning.";

async function messageCalls() {
  const posts = await slackCalls("chat.postMessage");
  const updates = await slackCalls("chat.update");
  return [...posts, ...updates].sort((a, b) => a.at - b.at);
}

const blocksText = (call: Parameters<typeof bodyOf>[0]) => JSON.stringify(bodyOf(call).blocks ?? "");

afterEach(async () => {
  await fakes().reset();
});

describe("progress updates", () => {
  it("a draft whose model answers in 1.5 s: at most 6 message calls, a second apart, the card last", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await scriptAnthropicGeneration(DRAFT_TEXT);
    await fakes().fail({ service: "anthropic", status: 200, delayMs: 1500, times: -1 });
    const result = await runGenerate(draft.id, { env: LLM_KEYS });
    expect(result.explicitAcks).toEqual(["gen-1"]);

    const calls = await messageCalls();
    expect(calls.length).toBeGreaterThanOrEqual(3); // progress was shown, then updated, then the card
    expect(calls.length).toBeLessThanOrEqual(6);
    const card = calls.at(-1);
    expect(blocksText(card)).toContain("draft_actions");
    // Every progress message (all but the card) came at least a second after the one before.
    const progress = calls.slice(0, -1);
    for (let i = 1; i < progress.length; i++) {
      expect((progress[i]?.at ?? 0) - (progress[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    }
    // Stage lines say what their number counts.
    const seen = progress.map(blocksText).join("\n");
    expect(seen).toMatch(/Gathering evidence — _\d+ sources?_|Gathering evidence — _no matching sources_/);
    expect(seen).not.toMatch(/— _\d+_/);
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
  }, 30_000);

  it("a fast draft: its progress is posted, at most one coalesced update, then the card", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await runGenerate(draft.id);
    const calls = await messageCalls();
    // The first update may come only a second after the post: an offline draft that takes
    // less is shown as progress, then card (two calls); a slow machine may add one.
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(calls[0]?.path.split("/").at(-1)).toBe("chat.postMessage");
    expect(blocksText(calls[0])).toContain("Matching your voice");
    expect(blocksText(calls.at(-1))).toContain("draft_actions");
  });

  it("a retry says which attempt comes next and why, on the card and in the next attempt's progress", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await fakes().fail({ service: "anthropic", status: 503, times: -1 });
    await fakes().fail({ service: "openai", status: 503, times: -1 });
    const first = await runGenerate(draft.id, { env: LLM_KEYS, attempts: 1 });
    expect(first.retryMessages.map((m) => m.msgId)).toEqual(["gen-1"]);
    const card = (await messageCalls()).at(-1);
    expect(blocksText(card)).toContain(
      `Retrying (2 of ${GENERATE_ATTEMPTS})* — the language model did not answer.`,
    );
    expect(blocksText(card)).not.toContain("Queued");

    // The next delivery: its progress message names the attempt.
    await fakes().reset();
    await runGenerate(draft.id, { attempts: 2 });
    const next = await messageCalls();
    expect(blocksText(next[0])).toContain(
      `Attempt 2 of ${GENERATE_ATTEMPTS} — last time the language model did not answer.`,
    );
    expect(blocksText(next.at(-1))).toContain("draft_actions");
    expect(blocksText(next.at(-1))).not.toContain("Retrying");
  });
});

describe("the last attempt", () => {
  it("promises no retry: the card does not say Retrying when the dead-letter consumer comes next", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await env.DB.prepare("UPDATE drafts SET attempts = ? WHERE id = ?")
      .bind(GENERATE_ATTEMPTS - 1, draft.id)
      .run();
    await fakes().fail({ service: "anthropic", status: 503, times: -1 });
    await fakes().fail({ service: "openai", status: 503, times: -1 });
    await runGenerate(draft.id, { env: LLM_KEYS, attempts: 1 });
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("queued");
    expect(after?.statusReason).toBeNull();
    expect(blocksText((await messageCalls()).at(-1))).not.toContain("Retrying");
  });
});

describe("GENERATE_ATTEMPTS", () => {
  it("is the generate queue's max_retries in wrangler.toml plus the first delivery", () => {
    const consumer =
      /\[\[queues\.consumers\]\][^[]*?queue = "serotonin-generate"[^[]*?max_retries = (\d+)/.exec(
        wranglerToml,
      );
    expect(consumer?.[1]).toBeDefined();
    expect(GENERATE_ATTEMPTS).toBe(Number(consumer?.[1]) + 1);
  });
});
