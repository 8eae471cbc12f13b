/**
 * Drafters: the LLM drafter (through the router, Anthropic → OpenAI) and the offline
 * drafter used when no LLM key is configured. The offline drafter is deterministic and
 * extractive: it assembles the draft from the evidence's own sentences (each cited) and
 * the physician's typical opening, so it can never state something the evidence does not.
 */
import { capAtParagraph } from "../lib/cap-text";
import type { LlmReply, LlmRequest } from "../platform/llm/types";
import { PLATFORM_LIMITS } from "../publishers/limits";
import { draftLanguage, systemPrompt, userPrompt } from "./prompt";
import { keywordOverlap, keywords } from "./retrieval/keywords";
import type { DraftingInput, DraftingOutput, EvidenceItem } from "./types";

export interface Drafter {
  readonly offline: boolean;
  draft(input: DraftingInput): Promise<DraftingOutput>;
}

export interface RouterLike {
  complete(request: LlmRequest): Promise<LlmReply>;
}

/** `timeoutMs` is read per call: the budget left shrinks as the attempt goes on. */
export function llmDrafter(router: RouterLike, timeoutMs: () => number): Drafter {
  return {
    offline: false,
    async draft(input) {
      const reply = await router.complete({
        purpose: input.revision || input.rewrite ? "revise" : "draft",
        system: systemPrompt(input.platform, input.safeMessaging === true),
        messages: [{ role: "user", content: userPrompt(input) }],
        maxTokens: input.platform === "telegram" ? 2400 : 1600,
        temperature: 0.7,
        timeoutMs: timeoutMs(),
      });
      return { text: cleanDraft(reply.text), offline: false, llm: reply };
    },
  };
}

/**
 * The longest draft text the pipeline works on. At max_tokens 2,400 a reply is about 10 k
 * characters; the cap makes that a guarantee whatever the tokens hold, so each later step
 * (claim check, platform fit) has a bounded input: `twitter-text`, which X's fit measures
 * with, is super-linear on long runs like "1.1.1.…" (about 2 s at this size).
 */
export const DRAFT_TEXT_MAX = 12_000;

/** Strips wrappers models sometimes add (quotes, "Here is the post:"); caps the length. */
export function cleanDraft(text: string): string {
  const cleaned = text
    .trim()
    .replace(/^(here is|here's|ось)[^\n]*:\s*\n/i, "")
    .replace(/^["“«](.*)["”»]$/s, "$1")
    .trim();
  return capAtParagraph(cleaned, DRAFT_TEXT_MAX);
}

const OPENINGS = {
  en: (topic: string) => `Patients often ask me about ${topic.toLowerCase()}.`,
  uk: (topic: string) => `Пацієнти часто питають мене про ${topic.toLowerCase()}.`,
};
const NO_EVIDENCE = {
  en: "I don't have a source I trust on this yet, so I won't put numbers on it. Bring it to your next appointment and we will look at it together.",
  uk: "Поки що я не маю джерела, якому довіряю в цьому питанні, тому не називатиму цифр. Принесіть це питання на наступний прийом — розберемо разом.",
};
const CLOSING = {
  en: "If this sounds familiar, bring it up at your next appointment.",
  uk: "Якщо це про вас — скажіть про це на наступному прийомі.",
};

export function offlineDrafter(): Drafter {
  return {
    offline: true,
    async draft(input) {
      const lang = draftLanguage(input.topic, input.physician.language);
      const budget =
        Math.min(
          PLATFORM_LIMITS[input.platform],
          input.platform === "telegram" ? 1500 : PLATFORM_LIMITS[input.platform],
        ) - 10;
      const opening = OPENINGS[lang](input.topic);
      if (input.evidence.items.length === 0)
        return { text: `${opening} ${NO_EVIDENCE[lang]}`, offline: true };
      const terms = keywords(input.topic);
      const sentences = input.evidence.items.flatMap((item) => bestSentences(item, terms, 2));
      sentences.sort((a, b) => b.score - a.score || a.number - b.number);
      let text = opening;
      const used = new Set<string>();
      for (const s of sentences) {
        const line = `${s.text} [${s.number}]`;
        if (used.has(s.text) || text.length + line.length + CLOSING[lang].length + 2 > budget) continue;
        text += `${input.platform === "telegram" ? "\n\n" : " "}${line}`;
        used.add(s.text);
        if (used.size >= (input.platform === "telegram" ? 4 : 2)) break;
      }
      if (text.length + CLOSING[lang].length + 2 <= budget)
        text += `${input.platform === "telegram" ? "\n\n" : " "}${CLOSING[lang]}`;
      return { text, offline: true };
    },
  };
}

function bestSentences(item: EvidenceItem, terms: string[], count: number) {
  return (item.text.match(/[^.!?]+[.!?]/g) ?? [item.text])
    .map((s) => s.trim())
    .filter((s) => s.length >= 30 && s.length <= 240 && !/^#|^source summary/i.test(s))
    .map((text) => ({ text, number: item.number, score: keywordOverlap(terms, text) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, count);
}
