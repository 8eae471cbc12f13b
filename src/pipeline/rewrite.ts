/**
 * Quick edits: one-tap rewrites of the current text — shorter, simpler for patients, more
 * formal, translated (uk ↔ en), or without the claims the check flagged. Each becomes a new
 * version through the same claim check as any draft. With a language model every kind is
 * rewritten by it; without one, the two mechanical kinds (shorter, drop flagged claims) are
 * done here, deterministically, and the others are not offered.
 */
import type { Language } from "../db/schema";
import { draftSentences } from "./check/sentences";

export const QUICK_EDITS = ["shorter", "simpler", "formal", "translate", "drop_flagged"] as const;
export type QuickEdit = (typeof QUICK_EDITS)[number];

/** Kinds done without a language model. */
export const OFFLINE_QUICK_EDITS: readonly QuickEdit[] = ["shorter", "drop_flagged"];

export function isQuickEdit(value: string): value is QuickEdit {
  return (QUICK_EDITS as readonly string[]).includes(value);
}

/** The language a translation goes to: the other one. */
export function translationTarget(current: Language): Language {
  return current === "uk" ? "en" : "uk";
}

/** What the model is asked to do with the current text (the rules of drafting still apply). */
export function rewriteInstruction(kind: QuickEdit, from: Language, flagged: string[]): string {
  switch (kind) {
    case "shorter":
      return "Rewrite the draft about a third shorter. Keep its opening, its practical step and every [n] marker of what stays; cut repetition first.";
    case "simpler":
      return "Rewrite the draft for patients with no medical training: short sentences, everyday words, explain or drop any technical term. Keep every fact and its [n] marker.";
    case "formal":
      return "Rewrite the draft in a more formal, professional register (no slang, no exclamations), still in the physician's first person. Keep every fact and its [n] marker.";
    case "translate":
      return `Translate the draft into ${translationTarget(from) === "uk" ? "Ukrainian (natural, no Russisms, formal «ви»)" : "English"}. Keep the meaning, the structure and every [n] marker.`;
    case "drop_flagged":
      return [
        "Remove these claims, which the check found unsupported by the evidence, and smooth the text around the gap. Change nothing else:",
        ...flagged.map((claim) => `- ${claim}`),
      ].join("\n");
  }
}

/**
 * The mechanical kinds, without a model. Shorter: whole sentences from the end of the body
 * until about a third is gone, keeping the first paragraph and the last sentence (the
 * practical step). Drop flagged: every sentence that carries a flagged claim. Undefined
 * for the kinds that need a model, or when nothing would change.
 */
export function offlineRewrite(kind: QuickEdit, text: string, flagged: string[]): string | undefined {
  if (kind === "drop_flagged") return dropSentences(text, (s) => flagged.some((claim) => carries(s, claim)));
  if (kind !== "shorter") return undefined;
  const spans = sentenceSpans(text);
  if (spans.length < 3) return undefined;
  const target = text.length * (2 / 3);
  const firstParagraphEnd = text.indexOf("\n\n") >= 0 ? text.indexOf("\n\n") : text.length;
  const removable = spans.slice(0, -1).filter((s) => s.start >= firstParagraphEnd);
  const drop = new Set<number>();
  let length = text.length;
  for (const span of [...removable].reverse()) {
    if (length <= target) break;
    drop.add(span.start);
    length -= span.end - span.start;
  }
  return dropSentences(text, (_sentence, start) => drop.has(start));
}

/** A sentence carries a claim when it contains the claim's words (case and spacing aside). */
function carries(sentence: string, claim: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();
  const c = norm(claim).replace(/[.!?]+$/, "");
  return c.length > 0 && norm(sentence).includes(c);
}

function dropSentences(text: string, drop: (sentence: string, start: number) => boolean): string | undefined {
  let out = "";
  let cursor = 0;
  let dropped = false;
  for (const span of sentenceSpans(text)) {
    const sentence = text.slice(span.start, span.end);
    if (!drop(sentence, span.start)) continue;
    out += text.slice(cursor, span.start);
    cursor = span.end;
    dropped = true;
  }
  if (!dropped) return undefined;
  out += text.slice(cursor);
  const tidy = out
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/ {2,}/g, " ")
    .trim();
  return tidy === "" ? undefined : tidy;
}

/** Where each sentence of the claim check's split sits in the text (unlocatable ones left out). */
function sentenceSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let cursor = 0;
  for (const sentence of draftSentences(text)) {
    const start = text.indexOf(sentence, cursor);
    if (start < 0) continue;
    spans.push({ start, end: start + sentence.length });
    cursor = start + sentence.length;
  }
  return spans;
}
