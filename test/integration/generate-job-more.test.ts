import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDraft } from "../../src/db/drafts";
import worker from "../../src/index";
import { reasonText } from "../../src/slack/card-model";
import {
  LLM_KEYS,
  llmRequests,
  offlineResult,
  physicianWithKnowledge,
  queuedDraft,
  runGenerate,
  scriptAnthropicGeneration,
  toolUse,
} from "../generation-helpers";
import { db, silenceLogs } from "../helpers";
import { bodyOf, fakes, slackCalls } from "../slack-helpers";

afterEach(() => vi.restoreAllMocks());

describe("claim check and revision", () => {
  it("revises once when a number is unsupported, then asks the physician to review what remains", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    const unsupported = {
      claims: [
        {
          text: "Caffeine stays in the body for 12 hours",
          kind: "number",
          evidence: [1],
          verdict: "unsupported",
          note: "the guideline says about five hours",
        },
      ],
    };
    await fakes().queueAnthropic([
      { text: "Caffeine stays in the body for 12 hours [1]." },
      toolUse("claim_check", unsupported),
      { text: "Caffeine stays in the body for 12 hours, as I said [1]." },
      toolUse("claim_check", unsupported),
    ]);
    await runGenerate(draft.id, { env: LLM_KEYS });
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("needs_review");
    const calls = await llmRequests("anthropic");
    expect(calls).toHaveLength(4);
    expect(JSON.stringify(calls[2]?.body)).toContain("A claim check found these problems");
    const version = await env.DB.prepare("SELECT source FROM draft_versions WHERE draft_id = ?")
      .bind(draft.id)
      .first();
    expect(version).toEqual({ source: "revised" });
    const card = JSON.stringify(bodyOf((await slackCalls("chat.update")).at(-1)).blocks);
    expect(card).toContain("12 hours");
    expect(card).toContain("draft_review"); // reviewable, editable — not failed, and no one-click publish
    expect(card).not.toContain("draft_publish");
  });

  it("flags a number the model called supported when the cited evidence does not contain it", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    const wrong = {
      claims: [
        { text: "up to 900 mg of caffeine a day is fine", kind: "dose", evidence: [1], verdict: "supported" },
      ],
    };
    await fakes().queueAnthropic([
      { text: "Up to 900 mg of caffeine a day is fine [1]." },
      toolUse("claim_check", wrong),
      { text: "Up to 900 mg a day is fine [1]." },
      toolUse("claim_check", wrong),
    ]);
    await runGenerate(draft.id, { env: LLM_KEYS });
    const claim = await env.DB.prepare("SELECT verdict, reasons FROM claims WHERE draft_id = ?")
      .bind(draft.id)
      .first<{ verdict: string; reasons: string }>();
    expect(claim?.verdict).toBe("unsupported");
    expect(claim?.reasons).toMatch(/900 mg/);
  });
});

describe("resilience", () => {
  it("makes no second LLM call when a finished job is delivered again", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await scriptAnthropicGeneration("Text [1].");
    await runGenerate(draft.id, { env: LLM_KEYS });
    const before = (await llmRequests("anthropic")).length;
    await runGenerate(draft.id, { env: LLM_KEYS });
    expect((await llmRequests("anthropic")).length).toBe(before);
  });

  it("treats a PubMed that keeps answering 429 as unavailable and still drafts", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await fakes().fail({ service: "pubmed", status: 429, times: -1, retryAfter: 1 });
    await runGenerate(draft.id);
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("ready");
    expect(after?.evidenceNote).toContain("pubmed_unavailable");
  });

  it("re-queues a draft whose queue message was lost, and the job then completes", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    // Queued ten minutes ago, and no message ever reached the queue.
    await env.DB.prepare("UPDATE drafts SET updated_at = ? WHERE id = ?")
      .bind(Date.now() - 10 * 60_000, draft.id)
      .run();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), env);
    await vi.waitFor(async () => expect((await getDraft(db(), draft.id))?.status).toBe("ready"), {
      timeout: 15_000,
      interval: 200,
    });
  });

  it("fails a stuck draft that has used its attempts, with a reason and a Retry card", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await env.DB.prepare("UPDATE drafts SET status = 'generating', attempts = 4, updated_at = ? WHERE id = ?")
      .bind(Date.now() - 10 * 60_000, draft.id)
      .run();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), env);
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("failed");
    expect(reasonText(after?.statusReason ?? null, "en")).toMatch(
      /stopped several times.*Nothing was published/,
    );
    const card = await slackCalls("chat.postMessage");
    expect(JSON.stringify(bodyOf(card.at(-1)).blocks)).toContain("draft_retry");
  });

  it("leaves a recently queued draft alone", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    const send = vi.fn();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), {
      ...env,
      GENERATE_QUEUE: { send } as unknown as Queue,
    });
    expect(send).not.toHaveBeenCalled();
    expect((await getDraft(db(), draft.id))?.status).toBe("queued");
  });
});

describe("source URL and analytics", () => {
  it("refuses a loopback source URL by default and says so on the card", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(
      physician,
      "Caffeine and sleep",
      "telegram",
      `${env.FAKES_URL}/slack/signin`,
    );
    await runGenerate(draft.id);
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("ready");
    expect(after?.evidenceNote).toContain("source_unavailable");
    expect(await fakes().requests("slack", "/signin")).toEqual([]);
  });

  it("reads the source URL when private targets are explicitly allowed (local demos)", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(
      physician,
      "Caffeine and sleep",
      "telegram",
      `${env.FAKES_URL}/slack/signin`,
    );
    await runGenerate(draft.id, { env: { SOURCE_FETCH_ALLOW_PRIVATE: "true" } });
    expect(await fakes().requests("slack", "/signin")).toHaveLength(1);
    expect((await getDraft(db(), draft.id))?.evidenceNote ?? "").not.toContain("source_unavailable");
  });
});

describe("linked style namespace", () => {
  it("uses the posts of the namespace an operator linked the physician to", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge("U_LINKED");
    const { ingestDocument } = await import("../../src/knowledge/ingest");
    const { createServices } = await import("../../src/services");
    await ingestDocument(createServices(env), {
      collection: "style",
      namespace: "sample-doc",
      source: "sample.md",
      title: "sample",
      text: "Caffeine okapi marker: the sample physician's post about coffee and sleep.",
    });
    await env.DB.prepare("UPDATE physicians SET style_namespace = 'sample-doc' WHERE id = ?")
      .bind(physician.id)
      .run();
    const draft = await queuedDraft(physician, "coffee and sleep");
    await scriptAnthropicGeneration("Text [1].");
    await runGenerate(draft.id, { env: LLM_KEYS });
    const prompt = JSON.stringify(
      (await llmRequests("anthropic")).find((r) => JSON.stringify(r.body).includes("Style examples"))?.body,
    );
    expect(prompt).toContain("okapi marker");
    expect(prompt).not.toContain("A patient asked me yesterday"); // the physician's own namespace is not used
  });
});

describe("budgets and degraded stages", () => {
  it("keeps the first draft for review when too little budget is left for the revision", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    const unsupported = {
      claims: [{ text: "12 hours", kind: "number", evidence: [1], verdict: "unsupported" }],
    };
    await fakes().queueAnthropic([
      { text: "Caffeine lasts 12 hours [1]." },
      toolUse("claim_check", unsupported),
    ]);
    await runGenerate(draft.id, { env: { ...LLM_KEYS, GENERATION_BUDGET_S: "15" } });
    expect((await getDraft(db(), draft.id))?.status).toBe("needs_review");
    expect(await llmRequests("anthropic")).toHaveLength(2); // no revision attempted
  });

  it("degrades to the knowledge base when PubMed is slower than its deadline", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await fakes().fail({ service: "pubmed", path: "esearch", status: 200, delayMs: 4000, times: -1 });
    await runGenerate(draft.id, { env: { GENERATION_BUDGET_S: "4" } });
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("ready");
    expect(after?.evidenceNote).toContain("pubmed_unavailable");
  });

  it("falls back to the exact rules when the claim check call fails, instead of failing the draft", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await scriptAnthropicGeneration(
      "Caffeine taken six hours before bedtime still reduced total sleep time [1].",
    );
    // The query and draft calls pass through; the claim check call is rejected.
    await fakes().fail({ service: "anthropic", status: 200, times: 2 });
    await fakes().fail({ service: "anthropic", status: 400, times: -1 });
    await runGenerate(draft.id, { env: LLM_KEYS });
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
    const claim = await env.DB.prepare("SELECT verdict FROM claims WHERE draft_id = ?")
      .bind(draft.id)
      .first();
    expect(claim).toEqual({ verdict: "supported" });
  });

  it("records the tokens of an attempt that failed after calling the LLM", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    // A Ukrainian topic: the model is asked for the English PubMed query first.
    const draft = await queuedDraft(physician, "Кава і сон");
    await fakes().queueAnthropic([toolUse("pubmed_query", { query: "caffeine" })]);
    // The PubMed query call passes; the drafting call is rejected.
    await fakes().fail({ service: "anthropic", status: 200, times: 1 });
    await fakes().fail({ service: "anthropic", status: 400, times: -1 });
    await runGenerate(draft.id, { env: LLM_KEYS });
    const run = await env.DB.prepare("SELECT status, input_tokens FROM job_runs WHERE draft_id = ?")
      .bind(draft.id)
      .first<{ status: string; input_tokens: number }>();
    expect(run?.status).toBe("failed");
    expect(run?.input_tokens).toBeGreaterThan(0);
  });

  it("writes nothing when the draft was taken away from the attempt", async () => {
    const { persistResult } = await import("../../src/pipeline/persist");
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician); // queued, not generating: this attempt lost it
    const result = offlineResult("x [1]");
    expect(await persistResult(db(), draft.id, result, "generated", "owner-1")).toEqual({
      version: 0,
      stored: false,
    });
    // Generating, but under another attempt's lease: a stale attempt writes nothing either.
    await env.DB.prepare("UPDATE drafts SET status = 'generating', lease_owner = 'owner-2' WHERE id = ?")
      .bind(draft.id)
      .run();
    expect(await persistResult(db(), draft.id, result, "generated", "owner-1")).toEqual({
      version: 0,
      stored: false,
    });
    const versions = await env.DB.prepare("SELECT count(*) AS n FROM draft_versions").first<{ n: number }>();
    expect(versions?.n).toBe(0);
    expect(await persistResult(db(), draft.id, result, "generated", "owner-2")).toMatchObject({
      stored: true,
    });
  });
});

describe("uploaded guidelines belong to their physician", () => {
  it("cites a physician's own upload in their drafts and never in another physician's", async () => {
    silenceLogs();
    const owner = await physicianWithKnowledge("U_OWNER");
    const other = await physicianWithKnowledge("U_OTHER");
    const { ingestDocument } = await import("../../src/knowledge/ingest");
    const { createServices } = await import("../../src/services");
    await ingestDocument(createServices(env), {
      collection: "guidelines",
      namespace: owner.id,
      source: "slack:F1",
      title: "Owner upload",
      text: "Melatonin timing for jet lag: take melatonin in the evening at the destination for several days.",
    });
    const mine = await queuedDraft(owner, "melatonin jet lag");
    const theirs = await queuedDraft(other, "melatonin jet lag");
    await runGenerate(mine.id);
    await runGenerate(theirs.id);
    const cited = async (id: string) =>
      (
        await env.DB.prepare("SELECT title FROM citations WHERE draft_id = ?")
          .bind(id)
          .all<{ title: string }>()
      ).results.map((r) => r.title);
    expect(await cited(mine.id)).toContain("Owner upload");
    expect(await cited(theirs.id)).not.toContain("Owner upload");
  });
});
