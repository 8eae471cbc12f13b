import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getCurrentText, getDraft } from "../../src/db/drafts";
import type { Draft } from "../../src/db/schema";
import { reasonText } from "../../src/slack/card-model";
import {
  LLM_KEYS,
  llmRequests,
  physicianWithKnowledge,
  queuedDraft,
  runGenerate,
  scriptAnthropicGeneration,
} from "../generation-helpers";
import { db, silenceLogs } from "../helpers";
import { bodyOf, fakes, slackCalls } from "../slack-helpers";

afterEach(() => vi.restoreAllMocks());

async function jobRun(draftId: string) {
  return env.DB.prepare("SELECT * FROM job_runs WHERE draft_id = ? ORDER BY id DESC")
    .bind(draftId)
    .first<Record<string, unknown>>();
}

async function lastCardText(): Promise<string> {
  const updates = await slackCalls("chat.update");
  return JSON.stringify(bodyOf(updates.at(-1)).blocks);
}

describe("generation job, offline drafting (no LLM keys)", () => {
  it("drafts from the knowledge base, checks claims, and replaces the progress message with the card", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    const result = await runGenerate(draft.id);
    expect(result.explicitAcks).toEqual(["gen-1"]);

    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after.status).toBe("ready");
    const text = await getCurrentText(db(), after);
    expect(text).toContain("[1]");
    expect(text).toMatch(/six hours before bedtime/);

    // Progress first (posted, then updated per stage), then the card in the same message.
    const [posted] = await slackCalls("chat.postMessage");
    expect(bodyOf(posted).channel).toBe("C_GENERAL");
    const card = await lastCardText();
    expect(card).toContain("draft_publish");
    expect(card).toContain('"block_id":"draft_status"');
    expect(card).toMatch(/offline/i);

    const version = await env.DB.prepare("SELECT offline, source FROM draft_versions WHERE draft_id = ?")
      .bind(draft.id)
      .first();
    expect(version).toEqual({ offline: 1, source: "generated" });
    expect(await jobRun(draft.id)).toMatchObject({
      status: "succeeded",
      provider: "offline",
      input_tokens: 0,
    });
  });

  it("runs style retrieval and evidence gathering at the same time", async () => {
    const logs: Record<string, unknown>[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => {
      logs.push(JSON.parse(String(line)));
    });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await fakes().fail({ service: "pubmed", path: "esearch", status: 200, delayMs: 150 });
    await runGenerate(draft.id);
    const stage = (name: string) =>
      logs.find((l) => l.event === "stage" && l.stage === name) as {
        started_ms: number;
        duration_ms: number;
      };
    const style = stage("style_match");
    const evidence = stage("evidence");
    expect(evidence.duration_ms).toBeGreaterThanOrEqual(150);
    // Sequential stages would start evidence only after style ended.
    expect(evidence.started_ms).toBeLessThan(style.started_ms + style.duration_ms);
    expect(style.started_ms).toBeLessThan(evidence.started_ms + evidence.duration_ms);
  });

  it("does no work twice when the job is delivered again", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await runGenerate(draft.id);
    const cardsBefore =
      (await slackCalls("chat.update")).length + (await slackCalls("chat.postMessage")).length;
    const again = await runGenerate(draft.id);
    expect(again.explicitAcks).toEqual(["gen-1"]);
    const cardsAfter =
      (await slackCalls("chat.update")).length + (await slackCalls("chat.postMessage")).length;
    expect(cardsAfter).toBe(cardsBefore);
    const versions = await env.DB.prepare("SELECT count(*) AS n FROM draft_versions WHERE draft_id = ?")
      .bind(draft.id)
      .first<{ n: number }>();
    expect(versions?.n).toBe(1);
  });
});

describe("generation job with LLMs", () => {
  it("drafts with Claude, records tokens and cost, and cites only resolved evidence", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await scriptAnthropicGeneration(
      "A patient asked me about her 4 pm coffee. Caffeine taken six hours before bedtime still reduced total sleep time [1]. Move your last cup to lunch.",
    );
    await runGenerate(draft.id, { env: LLM_KEYS });
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after.status).toBe("ready");
    expect(await getCurrentText(db(), after)).toContain("4 pm coffee");
    const run = await jobRun(draft.id);
    expect(run).toMatchObject({ status: "succeeded", provider: "anthropic", fallback: 0 });
    expect(Number(run?.input_tokens)).toBeGreaterThan(0);
    expect(Number(run?.output_tokens)).toBeGreaterThan(0);
    expect(Number(run?.cost_usd)).toBeGreaterThan(0);
    expect(await llmRequests("openai")).toEqual([]);
    const citations = await env.DB.prepare("SELECT number, kind FROM citations WHERE draft_id = ?")
      .bind(draft.id)
      .all();
    expect(citations.results).toEqual([{ number: 1, kind: "knowledge" }]);
  });

  it("puts only the requesting physician's posts in the prompt", async () => {
    silenceLogs();
    const mine = await physicianWithKnowledge("U_MINE");
    const other = await physicianWithKnowledge("U_OTHER");
    const { ingestDocument } = await import("../../src/knowledge/ingest");
    const { createServices } = await import("../../src/services");
    await ingestDocument(createServices(env), {
      collection: "style",
      namespace: mine.id,
      source: "mine.md",
      title: "mine",
      text: "Coffee zebra marker: my own caffeine story about sleep.",
    });
    await ingestDocument(createServices(env), {
      collection: "style",
      namespace: other.id,
      source: "theirs.md",
      title: "theirs",
      text: "Coffee giraffe marker: someone else's caffeine story about sleep.",
    });
    const draft = await queuedDraft(mine, "coffee and sleep");
    await scriptAnthropicGeneration("Draft text about coffee [1].");
    await runGenerate(draft.id, { env: LLM_KEYS });
    const draftCall = (await llmRequests("anthropic")).find((r) =>
      JSON.stringify(r.body).includes("Style examples"),
    );
    const prompt = JSON.stringify(draftCall?.body);
    expect(prompt).toContain("zebra marker");
    expect(prompt).not.toContain("giraffe marker");
  });

  it("sends the static prompt with a cache marker", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await scriptAnthropicGeneration("Text [1].");
    await runGenerate(draft.id, { env: LLM_KEYS });
    const draftCall = (await llmRequests("anthropic")).find((r) =>
      JSON.stringify(r.body).includes("ghost-write"),
    );
    expect(JSON.stringify(draftCall?.body)).toContain('"cache_control":{"type":"ephemeral"}');
  });

  it.each([
    ["500", { status: 500 }],
    ["429", { status: 429, retryAfter: 2 }],
    ["a timeout", { status: 200, delayMs: 4000 }],
  ])("falls back to OpenAI when Anthropic answers %s, and records the route", async (_label, failure) => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await fakes().fail({ service: "anthropic", times: -1, ...failure });
    await fakes().queueOpenAI([
      { text: JSON.stringify({ query: "caffeine sleep" }) },
      { text: "Caffeine taken six hours before bedtime still reduced total sleep time [1]." },
      {
        text: JSON.stringify({
          claims: [
            {
              text: "Caffeine six hours before bedtime reduced sleep",
              kind: "general",
              evidence: [1],
              verdict: "supported",
            },
          ],
        }),
      },
    ]);
    await runGenerate(draft.id, { env: { ...LLM_KEYS, LLM_TIMEOUT_S: "1" } });
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
    expect(await jobRun(draft.id)).toMatchObject({ status: "succeeded", provider: "openai", fallback: 1 });
    expect((await llmRequests("openai")).length).toBeGreaterThanOrEqual(2);
  });

  it("does not fall back on an Anthropic 400: the draft fails with a clear reason and a Retry button", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await fakes().fail({ service: "anthropic", status: 400, times: -1 });
    const result = await runGenerate(draft.id, { env: LLM_KEYS });
    expect(result.explicitAcks).toEqual(["gen-1"]);
    expect(await llmRequests("openai")).toEqual([]);
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("failed");
    expect(reasonText(after?.statusReason ?? null, "en")).toMatch(
      /^I could not write this draft: the language model refused the request\. Nothing was published/,
    );
    const card = await lastCardText();
    expect(card).toContain("draft_retry");
    expect(card).not.toMatch(/sk-ant|stack|Error:/);
  });

  it("retries with backoff when both providers are down, then the dead-letter consumer fails the draft visibly", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await fakes().fail({ service: "anthropic", status: 503, times: -1 });
    await fakes().fail({ service: "openai", status: 503, times: -1 });
    const first = await runGenerate(draft.id, { env: LLM_KEYS, attempts: 1 });
    expect(first.retryMessages.map((m) => m.msgId)).toEqual(["gen-1"]);
    expect((await getDraft(db(), draft.id))?.status).toBe("queued");
    expect(await jobRun(draft.id)).toMatchObject({ status: "retrying" });

    await runGenerate(draft.id, { queue: "serotonin-dlq", attempts: 4 });
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("failed");
    expect(reasonText(after?.statusReason ?? null, "en")).toMatch(/several attempts/);
    expect(await lastCardText()).toContain("draft_retry");
  });
});

describe("evidence edge cases", () => {
  it("drafts from the knowledge base and says so when PubMed is down", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await fakes().fail({ service: "pubmed", status: 503, times: -1 });
    await runGenerate(draft.id);
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("ready");
    expect(after?.evidenceNote).toBe("pubmed_unavailable");
    expect(await lastCardText()).toMatch(/PubMed was unavailable/);
  });

  it("never puts a PMID that esummary cannot resolve on the card", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await fakes().fail({
      service: "pubmed",
      path: "esearch",
      status: 200,
      times: -1,
      body: {
        header: { type: "esearch", version: "0.3" },
        esearchresult: {
          count: "2",
          retmax: "2",
          retstart: "0",
          idlist: ["99999999", "90000001"],
          translationset: [],
          querytranslation: "",
        },
      },
    });
    await runGenerate(draft.id);
    const texts = JSON.stringify((await slackCalls("chat.update")).map((r) => bodyOf(r).blocks));
    expect(texts).not.toContain("99999999");
    const refs = await env.DB.prepare("SELECT ref FROM citations WHERE draft_id = ?")
      .bind(draft.id)
      .all<{ ref: string }>();
    expect(refs.results.map((r) => r.ref)).not.toContain("99999999");
  });

  it("searches PubMed in English for a Ukrainian topic", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician, "Безсоння і кава");
    await runGenerate(draft.id);
    const [search] = await fakes().requests("pubmed", "esearch");
    expect(search?.query.term).toMatch(/insomnia/);
    expect(search?.query.term).not.toMatch(/\p{Script=Cyrillic}/u);
  });
});
