/**
 * Generation test fixtures: a physician with indexed posts, shared guidelines, a queued
 * draft whose card lives in C_GENERAL, running the generation consumer on one message,
 * and scripted LLM replies in the order the pipeline asks ((query →) draft → claims).
 */

import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getDraft } from "../src/db/drafts";
import type { Draft, Physician, Platform } from "../src/db/schema";
import worker from "../src/index";
import { ingestDocument } from "../src/knowledge/ingest";
import type { PipelineResult } from "../src/pipeline/run";
import { createServices } from "../src/services";
import { db, seedPhysician } from "./helpers";
import { fakes } from "./slack-helpers";

export const LLM_KEYS = { ANTHROPIC_API_KEY: "sk-ant-test-key", OPENAI_API_KEY: "sk-openai-test-key" };

export const GUIDELINE =
  "Caffeine has a half-life of about five hours in healthy adults. Caffeine taken six hours before bedtime still reduced total sleep time by more than one hour. " +
  "Avoid caffeine after early afternoon when sleep is a problem. Healthy adults can usually take up to 400 mg of caffeine a day.";

/** The physician's own posts in their style index, as one file of `---`-separated posts. */
export async function indexStylePosts(
  physicianId: string,
  posts: string[],
  source = "posts.md",
): Promise<void> {
  await ingestDocument(createServices(env), {
    collection: "style",
    namespace: physicianId,
    source,
    title: "posts",
    text: posts.join("\n---\n"),
  });
}

export async function seedKnowledge(physician: Physician, posts: string[] = defaultPosts()): Promise<void> {
  const services = createServices(env);
  await indexStylePosts(physician.id, posts);
  await ingestDocument(services, {
    collection: "guidelines",
    namespace: "global",
    source: "medical_guidelines/caffeine.md",
    title: "Caffeine and sleep",
    text: GUIDELINE,
  });
}

function defaultPosts(): string[] {
  return [
    "A patient asked me yesterday why her coffee at four keeps her awake at midnight. Caffeine lingers. Move your last cup to lunch for one week.",
    "Sleep is not a reward for finishing work. It is part of the work. Tonight, set an alarm to start winding down.",
  ];
}

export async function queuedDraft(
  physician: Physician,
  topic = "Caffeine and sleep",
  platform: Platform = "telegram",
  sourceUrl: string | null = null,
): Promise<Draft> {
  const id = crypto.randomUUID();
  await env.DB.prepare(
    "INSERT INTO drafts (id, physician_id, topic, platform, status, slack_channel_id, source_url) VALUES (?, ?, ?, ?, 'queued', 'C_GENERAL', ?)",
  )
    .bind(id, physician.id, topic, platform, sourceUrl)
    .run();
  return (await getDraft(db(), id)) as Draft;
}

export async function physicianWithKnowledge(user = "U_DOC1"): Promise<Physician> {
  const physician = await seedPhysician(user);
  await seedKnowledge(physician);
  return physician;
}

export async function runGenerate(
  draftId: string,
  options: { attempts?: number; env?: Record<string, string>; queue?: string; reason?: string } = {},
) {
  const batch = createMessageBatch(options.queue ?? "serotonin-generate", [
    {
      id: "gen-1",
      timestamp: new Date(),
      attempts: options.attempts ?? 1,
      body: { type: "generate", draftId, requestId: "req-gen", reason: options.reason ?? "new" },
    },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...options.env });
  return getQueueResult(batch, ctx);
}

export function toolUse(name: string, input: unknown) {
  return { content: [{ type: "tool_use", id: `toolu_${crypto.randomUUID().slice(0, 8)}`, name, input }] };
}

export const SUPPORTED_CLAIMS = {
  claims: [
    {
      text: "Caffeine taken six hours before bedtime still reduced total sleep time",
      kind: "general",
      evidence: [1],
      verdict: "supported",
    },
  ],
};

/**
 * Scripts Anthropic for one clean generation: draft text, claim check — after the English
 * PubMed query when `query` is given (only a Ukrainian topic asks the model for one).
 */
export async function scriptAnthropicGeneration(
  draftText: string,
  claims: object = SUPPORTED_CLAIMS,
  query?: string,
): Promise<void> {
  await fakes().queueAnthropic([
    ...(query ? [toolUse("pubmed_query", { query })] : []),
    { text: draftText },
    toolUse("claim_check", claims),
  ]);
}

export async function llmRequests(service: "anthropic" | "openai") {
  return fakes().requests(service);
}

/** A minimal offline pipeline result with `text` (for writing results directly). */
export function offlineResult(text: string): PipelineResult {
  return {
    text,
    language: /\p{Script=Cyrillic}/u.test(text) ? "uk" : "en",
    offline: true,
    revised: false,
    claims: [],
    checkMode: "rules",
    safety: null,
    evidence: { items: [], level: "absent", pubmed: "empty", notes: [], timings: {} },
    style: { examples: [] },
    parts: 1,
    stages: {},
    starts: {},
    llmCalls: [],
    needsReview: false,
  };
}
