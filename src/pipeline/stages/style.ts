/**
 * Style stage: the physician's own posts most like the topic — hybrid retrieval in their
 * namespace only (another physician's voice can never leak in), then re-ranked so posts in
 * the draft's language and for its platform come first, and a lightly edited draft counts
 * less than a post the physician wrote. Top 5, de-duplicated.
 *
 * Only the physician's words are in the index (see voice/style-learning); chunks still
 * waiting for the clean-up of older published text (`origin: pending`) are never used.
 */
import type { Language, Platform } from "../../db/schema";
import { textLanguage } from "../../voice/language";
import type { HybridDeps, RetrievedChunk } from "../retrieval/hybrid";
import { hybridSearch } from "../retrieval/hybrid";
import type { StyleExample, StyleResult } from "../types";

export const STYLE_EXAMPLES = 5;
/** Candidates re-ranked: enough that the target language and platform are usually among them. */
const CANDIDATES = 24;
/** Another platform's post still shows the voice, at a discount; another language hardly does. */
const OTHER_PLATFORM = 0.6;
const OTHER_LANGUAGE = 0.3;

export interface StyleTarget {
  platform: Platform;
  language: Language;
}

export async function retrieveStyle(
  deps: HybridDeps,
  physicianId: string,
  topic: string,
  target: StyleTarget,
): Promise<StyleResult> {
  const chunks = await hybridSearch(deps, {
    collection: "style",
    namespace: physicianId,
    query: topic,
    topK: CANDIDATES,
  });
  const examples = chunks.map(toExample).filter((e) => e.example.origin !== "pending");
  const sameLanguage = examples.filter((e) => e.example.language === target.language);
  // Enough posts in the draft's language: the other language's posts add nothing to the voice.
  const pool = sameLanguage.length >= STYLE_EXAMPLES ? sameLanguage : examples;
  return {
    examples: pool
      .map((e) => ({ ...e, score: e.fused * preference(e.example, e.weight, target) }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, STYLE_EXAMPLES)
      .map((e) => e.example),
  };
}

function preference(example: StyleExample, weight: number, target: StyleTarget): number {
  const language = example.language === target.language ? 1 : OTHER_LANGUAGE;
  const platform = example.platform === target.platform ? 1 : OTHER_PLATFORM;
  return language * platform * (0.5 + 0.5 * weight);
}

function toExample(c: RetrievedChunk): { id: string; fused: number; weight: number; example: StyleExample } {
  const m = c.metadata;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const language = str(m.language);
  const weight = typeof m.weight === "number" && m.weight > 0 && m.weight <= 1 ? m.weight : 1;
  const example: StyleExample = {
    text: c.text,
    language: language === "en" || language === "uk" ? language : textLanguage(c.text),
  };
  const platform = str(m.platform);
  if (platform) example.platform = platform;
  const date = str(m.date);
  if (date) example.date = date;
  const origin = str(m.origin);
  if (origin) example.origin = origin;
  return { id: c.id, fused: c.fused, weight, example };
}
