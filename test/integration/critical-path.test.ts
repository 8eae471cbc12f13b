/**
 * The generation's critical path (issue 15, measurement 2): what may run side by side does.
 * Asserted on the order of requests the fakes received, never on a wall-clock budget:
 * - an English topic goes to PubMed at once (no query call to the model first);
 * - esummary and efetch are asked for together, after esearch;
 * - the progress message is posted in the background, not before the work starts;
 * - the topic is embedded once for style and both knowledge-base searches.
 */

import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run";
import type { Embedder } from "../../src/platform/embeddings/types";
import { createPubmedClient } from "../../src/platform/pubmed/client";
import { createServices } from "../../src/services";
import type { ProgressReporter } from "../../src/slack/progress";
import {
  LLM_KEYS,
  physicianWithKnowledge,
  queuedDraft,
  runGenerate,
  SUPPORTED_CLAIMS,
  toolUse,
} from "../generation-helpers";
import { silenceLogs } from "../helpers";
import { bodyOf, fakes, slackCalls } from "../slack-helpers";

const DRAFT_TEXT =
  "Caffeine taken six hours before bedtime still reduced total sleep time [1]. Keep coffee to the morning.";
/** Longer than any in-process step: two requests less than this apart were in flight together. */
const DELAY_MS = 600;

afterEach(async () => {
  await fakes().reset();
});

/** What a model request asked for: the forced tool, or the JSON schema's one property. */
const purposeOf = (request: { body: unknown }) => {
  const body = request.body as {
    tool_choice?: { name?: string };
    output_config?: { format?: { schema?: { properties?: Record<string, unknown> } } };
  };
  if (body.tool_choice?.name) return body.tool_choice.name;
  const properties = Object.keys(body.output_config?.format?.schema?.properties ?? {});
  if (properties.includes("query")) return "pubmed_query";
  if (properties.includes("claims")) return "claim_check";
  return "text";
};

describe("critical path of a generation", () => {
  it("an English topic goes to PubMed at once: the model is asked to draft and to check, nothing else", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician, "Caffeine and sleep");
    await fakes().queueAnthropic([{ text: DRAFT_TEXT }, toolUse("claim_check", SUPPORTED_CLAIMS)]);
    const result = await runGenerate(draft.id, { env: LLM_KEYS });
    expect(result.explicitAcks).toEqual(["gen-1"]);

    const llm = await fakes().requests("anthropic");
    expect(llm.map(purposeOf)).toEqual(["text", "claim_check"]);
    const [esearch] = await fakes().requests("pubmed", "esearch");
    expect(esearch?.query.term).toMatch(/caffeine/i);
    expect(esearch?.at ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(llm[0]?.at ?? 0);
  });

  it("a Ukrainian topic still asks the model for the English query first", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician, "Кава і сон");
    await fakes().queueAnthropic([
      toolUse("pubmed_query", { query: "caffeine sleep" }),
      { text: DRAFT_TEXT },
      toolUse("claim_check", SUPPORTED_CLAIMS),
    ]);
    await runGenerate(draft.id, { env: LLM_KEYS });
    const llm = await fakes().requests("anthropic");
    expect(llm.map(purposeOf)).toEqual(["pubmed_query", "text", "claim_check"]);
    const [esearch] = await fakes().requests("pubmed", "esearch");
    expect(esearch?.query.term).toMatch(/caffeine sleep/);
  });

  it("esummary and efetch are in flight together, after esearch answered", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician, "Caffeine and sleep");
    await fakes().fail({ service: "pubmed", status: 200, delayMs: DELAY_MS, times: -1 });
    await runGenerate(draft.id);
    const [esearch] = await fakes().requests("pubmed", "esearch");
    const [esummary] = await fakes().requests("pubmed", "esummary");
    const [efetch] = await fakes().requests("pubmed", "efetch");
    if (!esearch || !esummary || !efetch) throw new Error("PubMed was not asked for all three");
    expect(esummary.at - esearch.at).toBeGreaterThanOrEqual(DELAY_MS - 50);
    expect(Math.abs(efetch.at - esummary.at)).toBeLessThan(DELAY_MS);
  });

  it("the progress message is posted in the background: PubMed is asked before Slack answers it", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician, "Caffeine and sleep");
    await fakes().fail({ service: "slack", path: "chat.postMessage", status: 200, delayMs: 1500 });
    await runGenerate(draft.id);
    const [posted] = await slackCalls("chat.postMessage");
    const [esearch] = await fakes().requests("pubmed", "esearch");
    if (!posted || !esearch) throw new Error("no progress message or no esearch");
    expect(esearch.at).toBeLessThan(posted.at + 1500);
    // Still in order: the progress message first, then the card over it (never a second post).
    const updates = await slackCalls("chat.update");
    expect(updates.at(-1)?.at ?? 0).toBeGreaterThan(posted.at + 1500);
    expect(JSON.stringify(bodyOf(updates.at(-1) as Parameters<typeof bodyOf>[0]).blocks)).toContain(
      "draft_actions",
    );
    expect(await slackCalls("chat.postMessage")).toHaveLength(1);
  });

  it("embeds the topic once for the style search and both knowledge-base searches", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician, "Caffeine and sleep");
    const services = createServices(env);
    const embedded: string[] = [];
    const counting: Embedder = {
      ...services.embedder,
      name: services.embedder.name,
      model: services.embedder.model,
      dimensions: services.embedder.dimensions,
      relevanceFloor: services.embedder.relevanceFloor,
      embed: (texts) => {
        embedded.push(...texts);
        return services.embedder.embed(texts);
      },
    };
    const progress: ProgressReporter = { start: () => {}, set: async () => {}, close: async () => {} };
    const pubmed = createPubmedClient({
      config: services.config,
      db: services.db,
      limiter: async () => 0,
      log: services.log,
    });
    const result = await runPipeline(
      { services: { ...services, embedder: counting }, llmCalls: [], pubmed, progress },
      draft,
      physician,
    );
    await pubmed.settle();
    expect(result.style.examples.length).toBeGreaterThan(0);
    expect(result.evidence.items.some((i) => i.kind === "knowledge")).toBe(true);
    expect(embedded).toEqual(["Caffeine and sleep"]);
  });
});
