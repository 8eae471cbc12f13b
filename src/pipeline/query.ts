/**
 * The English PubMed query for a topic. An English (Latin-script) topic is searched by its
 * own keywords at once: a model call would put 1–2 s in front of PubMed on the draft's
 * critical path for no better query. A Ukrainian topic, with an LLM configured, gets English
 * search keywords from it (structured output); otherwise — or if that call fails — a small
 * clinical glossary translates common terms, and finally the raw keywords are used.
 */
import { z } from "zod";
import type { Logger } from "../lib/log";
import { errorMessage } from "../lib/log";
import type { LlmReply, LlmRequest } from "../platform/llm/types";
import { keywords } from "./retrieval/keywords";

export interface QueryLlm {
  complete(request: LlmRequest): Promise<LlmReply>;
}

const replySchema = z.object({ query: z.string().min(2).max(200) });

// Stems (first letters) of Ukrainian clinical words → English search terms.
const GLOSSARY: [string, string][] = [
  ["безсонн", "insomnia"],
  ["сон", "sleep"],
  ["снів", "sleep"],
  ["тривог", "anxiety"],
  ["тривож", "anxiety"],
  ["панік", "panic disorder"],
  ["депрес", "depression"],
  ["кав", "coffee"],
  ["кофеїн", "caffeine"],
  ["фізичн", "physical activity"],
  ["спорт", "exercise"],
  ["вправ", "exercise"],
  ["ходьб", "walking"],
  ["вигоран", "burnout"],
  ["стрес", "stress"],
  ["алкогол", "alcohol"],
  ["антидепресант", "antidepressants"],
  ["терапі", "therapy"],
  ["психотерапі", "psychotherapy"],
  ["мелатонін", "melatonin"],
  ["екран", "screen time"],
  ["смартфон", "smartphone"],
  ["підліт", "adolescents"],
  ["дит", "children"],
  ["вагітн", "pregnancy"],
  ["настр", "mood"],
  ["втом", "fatigue"],
];

export function glossaryQuery(topic: string): string | undefined {
  const terms: string[] = [];
  for (const word of topic.toLowerCase().match(/[\p{L}]+/gu) ?? []) {
    const hit = GLOSSARY.find(([stem]) => word.startsWith(stem));
    if (hit && !terms.includes(hit[1])) terms.push(hit[1]);
  }
  return terms.length ? terms.join(" ") : undefined;
}

export const hasCyrillic = (text: string) => /\p{Script=Cyrillic}/u.test(text);

export interface PubmedQueryResult {
  query: string;
  source: "llm" | "glossary" | "keywords";
  llm?: LlmReply;
}

export async function buildPubmedQuery(
  topic: string,
  llm: QueryLlm | undefined,
  log: Logger,
  timeoutMs = 10_000,
): Promise<PubmedQueryResult> {
  if (llm && hasCyrillic(topic)) {
    try {
      const reply = await llm.complete({
        purpose: "query",
        system: [
          {
            text: "You turn a physician's post topic (any language) into an English PubMed search query of 2-6 MeSH-style keywords joined by spaces. No boolean operators, no field tags. Answer with JSON.",
            cacheable: true,
          },
        ],
        messages: [{ role: "user", content: topic }],
        maxTokens: 512,
        temperature: 0,
        json: {
          name: "pubmed_query",
          schema: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
        },
        timeoutMs: Math.min(timeoutMs, 10_000),
      });
      const parsed = replySchema.safeParse(JSON.parse(reply.text));
      if (parsed.success && !hasCyrillic(parsed.data.query))
        return { query: parsed.data.query.trim(), source: "llm", llm: reply };
      log.warn("pubmed_query_unusable", { source: "llm" });
    } catch (err) {
      log.warn("pubmed_query_llm_failed", { error: errorMessage(err) });
    }
  }
  if (hasCyrillic(topic)) {
    const translated = glossaryQuery(topic);
    if (translated) return { query: translated, source: "glossary" };
  }
  return { query: keywords(topic, 6).join(" ") || topic.slice(0, 100), source: "keywords" };
}
