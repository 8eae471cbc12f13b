/**
 * Applies learned preferences to an offline draft, mechanically (the model gets them as
 * prompt lines instead; see edit-rules). Idempotent: applying twice equals applying once.
 */
import { normWord, PROTECTED, sentenceSpans } from "./edit-diff";
import {
  asksReader,
  FORMAL,
  field,
  type Language,
  NOT_VERBS,
  numberField,
  oneLine,
  type Preference,
  type PreferenceKind,
  QUOTE_MAX,
  VERB_2SG,
} from "./edit-rules";
import { withoutEmoji } from "./emoji";

/** Sentences that can go when a physician writes shorter: engagement bait, pleasantries, recaps. */
const SOFT_SENTENCE = new RegExp(
  [
    String.raw`\b(?:let me know|what do you think|share (?:this|it|with)|follow (?:me|for)|comment below|in the comments|stay tuned|take care|stay (?:healthy|safe|well)|hope (?:this|it) helps|thanks for reading|feel free to)\b`,
    String.raw`^(?:in conclusion|in summary|to sum up|overall|all in all)\b`,
    "напишіть|пишіть|поділіться|діліться|підписуйтеся|підписуйтесь|у коментарях|в коментарях|бережіть себе|будьте здорові|дякую за увагу",
    "^(?:підсумовуючи|отже, загалом|загалом|у підсумку|зрештою)(?![\\p{L}])",
  ].join("|"),
  "iu",
);

const EXCLAMATION = /[!?‼]+/g;
const WORD_IN_TEXT =
  /(?<![\p{L}\p{M}\p{N}])\p{L}[\p{L}\p{M}]*(?:['’ʼ-][\p{L}\p{M}]+)*(?![\p{L}\p{M}\p{N}])/gu;
const LEFT_EDGE = String.raw`(?<![\p{L}\p{M}\p{N}])(?<![\p{L}\p{M}\p{N}]['’ʼ-])`;
const RIGHT_EDGE = String.raw`(?![\p{L}\p{M}\p{N}])(?!['’ʼ-][\p{L}\p{M}\p{N}])`;
const MUCH_SHORTER_RATIO = 0.6;

interface Plan {
  replacements: { from: string; to: string }[];
  avoid: RegExp[];
  exclamations: boolean;
  emoji: boolean;
  formal: boolean;
  shorter: number | undefined;
  questions: boolean;
  paragraphSentences: number | undefined;
  sentenceWords: number | undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** A whole-words, case-insensitive pattern for a phrase (any apostrophe, any whitespace). */
function phrasePattern(phrase: string): string {
  const body = phrase
    .trim()
    .split(/\s+/)
    .map((part) => escapeRegExp(part).replace(/['’ʼ]/g, "['’ʼ]"))
    .join(String.raw`\s+`);
  return `${LEFT_EDGE}(?:${body})${RIGHT_EDGE}`;
}

const containsPhrase = (text: string, phrase: string) => new RegExp(phrasePattern(phrase), "iu").test(text);

/**
 * Replacements in priority order, minus any that would feed another (a `to` containing some
 * `from`): the result must not change when applied again.
 */
function replacementPlan(prefs: readonly Preference[]): Plan["replacements"] {
  const accepted: Plan["replacements"] = [];
  for (const p of prefs) {
    if (p.kind !== "replace") continue;
    const from = normWord(oneLine(field(p.data, "from"), QUOTE_MAX));
    const to = oneLine(field(p.data, "to"), QUOTE_MAX);
    if (!/[\p{L}\p{N}]/u.test(from) || !to || containsPhrase(to, from)) continue;
    if (accepted.some((r) => r.from === from || containsPhrase(r.to, from) || containsPhrase(to, r.from)))
      continue;
    accepted.push({ from, to });
  }
  return accepted;
}

function planOf(prefs: readonly Preference[]): Plan {
  const has = (kind: PreferenceKind) => prefs.some((p) => p.kind === kind);
  const shorter = prefs.find((p) => p.kind === "shorter");
  const paragraphs = prefs.find((p) => p.kind === "short_paragraphs");
  const sentenceLength = prefs.find((p) => p.kind === "short_sentences");
  const phrases = prefs
    .filter((p) => p.kind === "avoid")
    .map((p) => oneLine(field(p.data, "phrase"), QUOTE_MAX))
    .filter((phrase) => /[\p{L}\p{N}]/u.test(phrase))
    .sort((a, b) => b.length - a.length);
  return {
    replacements: replacementPlan(prefs),
    avoid: phrases.map((phrase) => new RegExp(phrasePattern(phrase), "giu")),
    exclamations: has("no_exclamations"),
    emoji: has("no_emoji"),
    formal: has("formal_address"),
    shorter: shorter ? numberField(shorter.data, "ratio") : undefined,
    questions: has("no_questions"),
    sentenceWords: sentenceLength ? Math.round(numberField(sentenceLength.data, "words")) : undefined,
    paragraphSentences: paragraphs
      ? Math.max(1, Math.round(numberField(paragraphs.data, "sentences")))
      : undefined,
  };
}

/** `fn` over the text between citation markers and links, which stay untouched. */
function outsideProtected(text: string, fn: (plain: string) => string): string {
  let out = "";
  let cursor = 0;
  for (const m of text.matchAll(PROTECTED)) {
    out += fn(text.slice(cursor, m.index)) + m[0];
    cursor = m.index + m[0].length;
  }
  return out + fn(text.slice(cursor));
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const startsUpper = (s: string) => /^\p{Lu}/u.test(s);

function replaceWords(text: string, replacements: Plan["replacements"]): string {
  if (replacements.length === 0) return text;
  const to = new Map(replacements.map((r) => [r.from, r.to]));
  const alternatives = [...replacements]
    .sort((a, b) => b.from.length - a.from.length)
    .map((r) => phrasePattern(r.from));
  const pattern = new RegExp(alternatives.join("|"), "giu");
  return outsideProtected(text, (plain) =>
    plain.replace(pattern, (m) => {
      const target = to.get(normWord(m.replace(/\s+/g, " "))) ?? m;
      return startsUpper(m) ? capitalize(target) : target;
    }),
  );
}

/** Tidies spacing left by removals: no doubled spaces, no space before punctuation. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]{2,}/g, " ")
    .replace(/[ \t]+(?=[,.;:!?])/g, "")
    .replace(/^[ \t]+|[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const newlines = (s: string) => s.split("\n").length - 1;
const capitalizeSentence = (s: string) =>
  s.replace(/^(["“«(]?)(\p{Ll})/u, (_, quote: string, c: string) => quote + c.toUpperCase());

/** `text` without the match at [start, end), the sentence around it mended. */
function cutPhrase(text: string, start: number, end: number): { text: string; resume: number } {
  const before = text.slice(0, start);
  const core = before.replace(/[ \t]+$/, "");
  const gap = before.slice(core.length);
  const swallow = /^[ \t]*([,;:])?[ \t]*/.exec(text.slice(end))?.[0] ?? "";
  const rest = text.slice(end + swallow.length);
  const bare = core.replace(/(?:\s*\[\d+(?:\s*[,–-]\s*\d+)*\])+$/u, "");
  if (core === "" || /[.!?…]["”»’)]*$/u.test(bare) || core.endsWith("\n")) {
    const dot = /^[.!?…]+/u.exec(rest);
    if (!dot) {
      // The sentence goes on without its opening words: it starts with a capital now.
      const head = core === "" ? "" : core + gap;
      return { text: head + capitalizeSentence(rest), resume: head.length };
    }
    // The phrase was the whole sentence: drop its full stop too, keep the wider break around it.
    const tail = rest.slice(dot[0].length);
    const after = /^\s*/.exec(tail)?.[0] ?? "";
    const kept = core.replace(/\s+$/, "");
    const beforeBreak = core.slice(kept.length) + gap;
    const breakKept = newlines(beforeBreak) > newlines(after) ? beforeBreak : after;
    const head = kept === "" || tail.length === after.length ? kept : kept + breakKept;
    return { text: head + capitalizeSentence(tail.slice(after.length)), resume: head.length };
  }
  if (/^[.!?…,;:)[]/u.test(rest)) {
    const head = core.replace(/[,;:]$/, "") + (rest.startsWith("[") ? " " : "");
    return { text: head + rest, resume: head.length };
  }
  const kept = swallow.includes(",") && core.endsWith(",") ? core.slice(0, -1) : core;
  const head = `${kept} `;
  return { text: head + rest, resume: head.length };
}

function overlapsProtected(text: string, start: number, end: number): boolean {
  for (const m of text.matchAll(PROTECTED)) if (m.index < end && m.index + m[0].length > start) return true;
  return false;
}

function removePhrases(text: string, patterns: readonly RegExp[]): string {
  let out = text;
  let changed = false;
  for (const pattern of patterns) {
    let from = 0;
    for (let guard = 0; guard < 200; guard++) {
      pattern.lastIndex = from;
      const m = pattern.exec(out);
      if (!m) break;
      if (overlapsProtected(out, m.index, m.index + m[0].length)) {
        from = m.index + m[0].length;
        continue;
      }
      const cut = cutPhrase(out, m.index, m.index + m[0].length);
      out = cut.text;
      from = cut.resume;
      changed = true;
    }
  }
  return changed ? tidy(out) : out;
}

function matchCase(original: string, replacement: string): string {
  if (original.length > 1 && original === original.toUpperCase() && original !== original.toLowerCase())
    return replacement.toUpperCase();
  return startsUpper(original) ? capitalize(replacement) : replacement;
}

function formalWord(word: string): string | undefined {
  const lower = normWord(word);
  const verb = VERB_2SG.exec(lower);
  const formal =
    FORMAL.get(lower) ?? (verb && !NOT_VERBS.has(lower) ? `${verb[1]}те${verb[2] ?? ""}` : undefined);
  if (formal === undefined) return undefined;
  const apostrophe = /[’ʼ]/.exec(word)?.[0];
  return matchCase(word, apostrophe ? formal.replace(/'/g, apostrophe) : formal);
}

function formalAddress(text: string): string {
  return outsideProtected(text, (plain) => plain.replace(WORD_IN_TEXT, (w) => formalWord(w) ?? w));
}

function withoutExclamations(text: string): string {
  return outsideProtected(text, (plain) =>
    plain.replace(EXCLAMATION, (m) => (!/[!‼]/.test(m) ? m : m.includes("?") ? "?" : ".")),
  );
}

function emojiRemoved(text: string): string {
  const out = outsideProtected(text, withoutEmoji);
  return out === text ? text : tidy(out);
}

// ---- shorter: which sentences go

const HASHTAGS = /^(?:#[\p{L}\p{N}_]+[\s,]*)+$/u;
const CARRIES_FACT = new RegExp(`${PROTECTED.source}|\\p{N}`, "u");

type Droppable = (sentence: string, index: number, count: number) => boolean;

/** Soft: a question, a call to engage, a pleasantry or a recap (never a cited or numeric one). */
const softSentence: Droppable = (s, i) =>
  i > 0 && !CARRIES_FACT.test(s) && (/\?["”»’)]*$/u.test(s) || SOFT_SENTENCE.test(s));
/** Plain: a middle sentence without a citation or a number. */
const plainSentence: Droppable = (s, i, count) => i > 0 && i < count - 1 && !CARRIES_FACT.test(s);

/** Drops the last sentence `drop` selects, over and over; hashtag lines are not sentences. */
function dropSentences(text: string, drop: Droppable): string {
  let out = text;
  for (let guard = 0; guard < 200; guard++) {
    const spans = sentenceSpans(out).filter((s) => !HASHTAGS.test(out.slice(s.start, s.end)));
    const k = spans.findLastIndex((s, i) => drop(out.slice(s.start, s.end), i, spans.length));
    const span = spans[k];
    if (!span) return out;
    const next = spans[k + 1];
    const prevEnd = spans[k - 1]?.end ?? 0;
    // Keep the paragraph break: eat the gap after a sentence its line continues, else the one before.
    const gapAfter = next ? out.slice(span.end, next.start) : "\n";
    out =
      next && !gapAfter.includes("\n")
        ? out.slice(0, span.start) + out.slice(next.start)
        : out.slice(0, prevEnd) + out.slice(span.end);
    out = out.replace(/[ \t]+$/gm, "").replace(/\n{3,}/g, "\n\n");
  }
  return out;
}

/**
 * Shorter, mechanically. A length target cannot be idempotent (a shortened text would be
 * shortened again), so what goes is decided per sentence: soft sentences after the first;
 * when the physician cuts 40% or more (ratio ≤ 0.6), also every plain middle sentence. The
 * opening, every sentence with a citation marker or a number, and the closing practical step
 * stay, so at least one sentence always does.
 */
function shorten(text: string, ratio: number): string {
  const soft = dropSentences(text, softSentence);
  return ratio <= MUCH_SHORTER_RATIO ? dropSentences(soft, plainSentence) : soft;
}

/** Where a long sentence can become two: a semicolon, or a comma before and / but / so. */
const CLAUSE_BREAK: Record<Language, RegExp> = {
  en: /(;|,)\s+(?:(and|but|so)\s+)?(?=\p{L})/gu,
  uk: /(;|,)\s+(?:(і|та|але|тож|тому)\s+)?(?=\p{L})/gu,
};
const wordCount = (s: string) => (s.match(/[\p{L}\p{N}]+/gu) ?? []).length;

/**
 * Sentences longer than 1.5 × `n` words are cut at the clause break nearest their middle
 * (a semicolon, or ", and / but / so"), when both halves keep at least 4 words; "but" and
 * "so" stay as the new sentence's first word, "and" goes. Once no sentence is that long the
 * text no longer changes.
 */
function splitLongSentences(text: string, n: number, language: Language): string {
  return outsideProtected(text, (plain) => {
    let out = plain;
    for (const span of [...sentenceSpans(plain)].reverse()) {
      const sentence = plain.slice(span.start, span.end);
      const total = wordCount(sentence);
      if (total <= 1.5 * n) continue;
      let best: { at: number; end: number; keep: string } | undefined;
      for (const m of sentence.matchAll(CLAUSE_BREAK[language])) {
        const before = wordCount(sentence.slice(0, m.index));
        if (before < 4 || total - before - (m[2] && m[2] !== "but" && m[2] !== "але" ? 1 : 0) < 4) continue;
        if (m[1] === "," && !m[2]) continue;
        const kept = m[2] === "but" || m[2] === "але" || m[2] === "so" || m[2] === "тож" ? m[2] : "";
        if (
          !best ||
          Math.abs(before - total / 2) < Math.abs(wordCount(sentence.slice(0, best.at)) - total / 2)
        )
          best = { at: m.index, end: m.index + m[0].length, keep: kept };
      }
      if (!best) continue;
      const rest = sentence.slice(best.end);
      const next = best.keep ? `${capitalizeFirst(best.keep)} ${rest}` : capitalizeFirst(rest);
      out = `${out.slice(0, span.start)}${sentence.slice(0, best.at)}. ${next}${out.slice(span.end)}`;
    }
    return out;
  });
}

const capitalizeFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Prose paragraphs of more than `n` sentences are split every `n` sentences (lists stay). */
function breakParagraphs(text: string, n: number): string {
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => {
      if (paragraph.trim().includes("\n")) return paragraph;
      const spans = sentenceSpans(paragraph);
      if (spans.length <= n) return paragraph;
      const groups: string[] = [];
      for (let i = 0; i < spans.length; i += n) {
        const first = spans[i];
        const last = spans[Math.min(spans.length, i + n) - 1];
        if (first && last) groups.push(paragraph.slice(first.start, last.end));
      }
      return groups.join("\n\n");
    })
    .join("\n\n");
}

function applyOnce(text: string, plan: Plan, language: Language): string {
  let out = replaceWords(text, plan.replacements);
  out = removePhrases(out, plan.avoid);
  if (plan.exclamations) out = withoutExclamations(out);
  if (plan.emoji) out = emojiRemoved(out);
  if (plan.formal && language === "uk") out = formalAddress(out);
  if (plan.shorter !== undefined) out = shorten(out, plan.shorter);
  if (plan.questions) out = dropSentences(out, (s, i) => i > 0 && asksReader(s) && !CARRIES_FACT.test(s));
  if (plan.sentenceWords !== undefined && plan.sentenceWords > 0)
    out = splitLongSentences(out, plan.sentenceWords, language);
  if (plan.paragraphSentences !== undefined && plan.paragraphSentences > 0)
    out = breakParagraphs(out, plan.paragraphSentences);
  return out;
}

/**
 * The preferences applied to an offline draft: replacements (whole words, a leading capital
 * kept), avoided phrases cut, "!" → ".", emoji removed, Ukrainian ти-forms → ви-forms, and
 * shorter (see shorten), questions to readers dropped, long paragraphs broken up. longer,
 * short_opening and note only steer the prompt. Citation
 * markers and links are never touched. Idempotent: the steps repeat until nothing changes.
 */
export function applyPreferences(text: string, prefs: Preference[], language: Language): string {
  const plan = planOf(prefs);
  let out = text;
  for (let round = 0; round < 4; round++) {
    const next = applyOnce(out, plan, language);
    if (next === out) break;
    out = next;
  }
  return out;
}
