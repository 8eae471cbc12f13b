/**
 * The offline drafter, used when no LLM key is configured: deterministic and extractive. It
 * assembles the draft from the evidence's own sentences (each cited), an opening and the
 * platform's closing, then applies what the physician's edits taught (voice/edit-apply), so
 * it can never state something the evidence does not. No model, no prompt: it runs in the
 * Worker and in the voice evaluation alike.
 */
import type { Language, Platform } from "../db/schema";
import { PLATFORM_LIMITS } from "../publishers/limits";
import { applyPreferences } from "../voice/edit-apply";
import { textLanguage } from "../voice/language";
import { keywordOverlap, keywords } from "./retrieval/keywords";
import type { Drafter, DraftingInput, EvidenceItem } from "./types";

const OPENINGS = {
  en: (topic: string) => `Patients often ask me about ${topic.toLowerCase()}.`,
  uk: (topic: string) => `Пацієнти часто питають мене про ${topic.toLowerCase()}.`,
};
const NO_EVIDENCE = {
  en: "I don't have a source I trust on this yet, so I won't put numbers on it. Bring it to your next appointment and we will look at it together.",
  uk: "Поки що я не маю джерела, якому довіряю в цьому питанні, тому не називатиму цифр. Принесіть це питання на наступний прийом — розберемо разом.",
};
/** The evidence is all in the other language: quoting it would put two languages in one post. */
const EVIDENCE_IN_OTHER_LANGUAGE = {
  en: (n: number) =>
    `The sources I trust on this are in Ukrainian [${n}], so I won't put numbers on it here. Bring it to your next appointment and we will go through them together.`,
  uk: (n: number) =>
    `Джерела, яким я довіряю в цьому питанні, — англійською [${n}], тож цифр тут не наводитиму. Принесіть це питання на наступний прийом — розберемо їх разом.`,
};

/** Offline closings follow the platform parts of the prompt: Threads asks readers a question. */
const CLOSINGS: Record<Platform, Record<Language, string>> = {
  telegram: {
    en: "If this sounds familiar, bring it up at your next appointment.",
    uk: "Якщо це про вас — скажіть про це на наступному прийомі.",
  },
  // X ends on the point itself (no call to action), as its prompt part says.
  x: { en: "", uk: "" },
  threads: {
    en: "What has helped you with this?",
    uk: "А що допомагає в цьому вам?",
  },
};

export function offlineDrafter(): Drafter {
  return {
    offline: true,
    async draft(input) {
      const lang = input.language;
      const budget =
        Math.min(
          PLATFORM_LIMITS[input.platform],
          input.platform === "telegram" ? 1500 : PLATFORM_LIMITS[input.platform],
        ) - 10;
      const opening = OPENINGS[lang](input.topic);
      const closing = CLOSINGS[input.platform][lang];
      // Without a model, what the physician's edits taught is applied mechanically.
      const learned = (text: string) => applyPreferences(text, input.preferences ?? [], lang);
      if (input.evidence.items.length === 0)
        return { text: learned(`${opening} ${NO_EVIDENCE[lang]}`), offline: true };
      const terms = keywords(input.topic);
      // Without a model nothing is translated: only sentences in the post's language are used.
      const candidates = input.evidence.items.flatMap((item) => bestSentences(item, terms, 2));
      const sentences = candidates.filter((s) => textLanguage(s.text) === lang);
      sentences.sort((a, b) => b.score - a.score || a.number - b.number);
      const other = candidates[0];
      if (sentences.length === 0 && other)
        return {
          text: learned(`${opening} ${EVIDENCE_IN_OTHER_LANGUAGE[lang](other.number)}`),
          offline: true,
        };
      let text = opening;
      const used = new Set<string>();
      for (const s of sentences) {
        const line = `${s.text} [${s.number}]`;
        if (used.has(s.text) || text.length + line.length + closing.length + 2 > budget) continue;
        text += `${input.platform === "telegram" ? "\n\n" : " "}${line}`;
        used.add(s.text);
        if (used.size >= evidenceSentences(input)) break;
      }
      if (closing && text.length + closing.length + 2 <= budget)
        text += `${input.platform === "telegram" ? "\n\n" : " "}${closing}`;
      return { text: learned(text), offline: true };
    },
  };
}

/**
 * How many evidence sentences an offline draft carries: a physician who lengthens drafts gets
 * more, one who shortens them fewer (the budget still caps the text).
 */
function evidenceSentences(input: DraftingInput): number {
  const base = input.platform === "telegram" ? 4 : 2;
  const length = input.preferences?.find((p) => p.kind === "longer" || p.kind === "shorter");
  if (length?.kind === "longer") return base + 2;
  if (length?.kind === "shorter") return Math.max(1, base - 2);
  return base;
}

function bestSentences(item: EvidenceItem, terms: string[], count: number) {
  return (item.text.match(/[^.!?]+[.!?]/g) ?? [item.text])
    .map((s) => s.trim())
    .filter((s) => s.length >= 30 && s.length <= 240 && !/^#|^source summary/i.test(s))
    .map((text) => ({ text, number: item.number, score: keywordOverlap(terms, text) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, count);
}
