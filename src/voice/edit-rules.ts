/**
 * What a physician's edit of a draft says about their voice, learned without a model.
 *
 * Comparing the generated draft with the text they published yields short, mechanical
 * preferences (a word they always swap, a filler phrase they always cut, "shorter", "no
 * emoji", formal «ви» …). They share the record shape of the model-derived ones (kind
 * "note"), are counted across edits, rendered as prompt lines, and applied mechanically to
 * offline drafts. Only what an edit shows unambiguously becomes a preference; anything that
 * could be a change of fact (numbers, units, negations, before/after) never does.
 *
 * Thresholds:
 * - replace: a hunk of 1–3 words replaced by 1–3 words, with ≥ 2 unchanged words (or the
 *   text's edge) on both sides; not when only case/punctuation differs, either side has a
 *   digit, a number word, a unit or a polarity word, the old side is only function words,
 *   or the new side contains the old (applying it would never settle). Ukrainian ти-forms
 *   are left to formal_address.
 * - avoid: 2–6 words deleted (nothing inserted) within one sentence, no digits or citation
 *   markers, and either filler/hedge/significance words make up at least half of its
 *   non-function words, or the same phrase was deleted at least twice in the edit.
 * - at most 5 replace/avoid per edit, most frequent first, then first seen; none when the
 *   edit rewrote more than 75% of the words (hunks of a rewrite are accidents of alignment).
 * - shorter ≤ 0.8 and longer ≥ 1.25 (published / generated characters, 2 decimals).
 * - no_exclamations / no_emoji: the draft had at least one, the published text none.
 * - formal_address (uk): fewer ти-forms and more ви-forms in the published text.
 * - short_opening: published first sentence ≤ 0.6 × the draft's first sentence and ≤ 12 words.
 * - no_questions: the draft asked readers something, the published text does not (a quoted
 *   question — a patient's words — is not asking readers).
 * - short_paragraphs: ≥ 2 published paragraphs of ≤ 0.6 × the draft's sentences per paragraph.
 * - short_sentences: published words per sentence ≤ 0.75 × the draft's.
 */
import {
  diffHunks,
  type Hunk,
  maskProtected,
  normWord,
  PROTECTED,
  sentenceSpans,
  type Token,
  tokenize,
  wordEditRatio,
  words,
} from "./edit-diff";

export { wordEditRatio } from "./edit-diff";

import type { Language } from "../db/schema";
import { hasEmoji } from "./emoji";
import { textLanguage } from "./language";

export type { Language };

export const PREFERENCE_KINDS = [
  "replace",
  "avoid",
  "shorter",
  "longer",
  "no_exclamations",
  "no_emoji",
  "formal_address",
  "short_opening",
  "no_questions",
  "short_paragraphs",
  "short_sentences",
  "note",
] as const;
export type PreferenceKind = (typeof PREFERENCE_KINDS)[number];

export function isPreferenceKind(kind: string): kind is PreferenceKind {
  return (PREFERENCE_KINDS as readonly string[]).includes(kind);
}

export interface Preference {
  /** De-duplication key: same key = same preference (e.g. "replace:patients→people", "avoid:it is important", "shorter"). Lower-cased, whitespace-normalised. */
  key: string;
  kind: PreferenceKind;
  /** Structured data for rendering and applying: replace {from,to}; avoid {phrase}; shorter/longer {ratio} (published length / generated length, 2 decimals); short_opening {words} (typical opening sentence words); note {text} (free text, LLM-derived). */
  data: Record<string, string | number>;
}

/**
 * The preferences that fit a draft, strongest first: a lesson about words only when those
 * words are in the draft's language, «ви» only for Ukrainian, and a length lesson only for
 * the platform it was learned on.
 */
export function preferencesFor<T extends Preference>(
  prefs: T[],
  target: { language: Language; platform: string },
  n: number,
): T[] {
  return prefs
    .filter((p) => {
      if (p.kind === "formal_address") return target.language === "uk";
      if (typeof p.data.platform === "string" && p.data.platform !== target.platform) return false;
      const words =
        p.kind === "replace" ? field(p.data, "from") : p.kind === "avoid" ? field(p.data, "phrase") : "";
      return !words || textLanguage(words) === target.language;
    })
    .slice(0, n);
}

/** Preferences kept per physician; the weakest go first. */
export const PREFERENCES_CAP = 20;
/** Preferences put in a drafting prompt (and applied offline). */
export const PROMPT_PREFERENCES = 6;

export interface StoredPreference extends Preference {
  count: number;
  firstSeenAt: number;
  lastSeenAt: number;
}

const MAX_PHRASE_PREFS = 5;
const REWRITE_RATIO = 0.75;
const SHORTER_RATIO = 0.8;
const LONGER_RATIO = 1.25;
const OPENING_SHARE = 0.6;
const OPENING_MAX_WORDS = 12;
const SHORT_SENTENCE_SHARE = 0.75;
/** "shorter" this strong also drops plain middle sentences when applied (see applyPreferences). */
export const QUOTE_MAX = 60;
const NOTE_MAX = 200;

const set = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

/** Words of filler, hedging and inflated significance (both languages: the scripts differ). */
const FILLER = set(`
  important importantly note noting notably crucial crucially essential vital remember honestly frankly
  basically actually really truly very just simply clearly obviously definitely certainly significantly
  incredibly absolutely literally ultimately overall conclusion summary worth mention mentioning perhaps
  maybe possibly potentially arguably somewhat generally typically interestingly course indeed fact key
  journey delve navigate landscape realm game-changer powerful pivotal needless think believe seems
  важливо важливим важливе варто зазначити відзначити наголосити підкреслити пам'ятати насправді чесно
  просто дуже справді дійсно безумовно безперечно звичайно звісно очевидно ключовий ключова ключове
  ключову надзвичайно неймовірно абсолютно загалом підсумок підсумку підсумовуючи зрештою можливо мабуть
  вочевидь власне фактично буквально критично суттєво значно певною мірою думаю вважаю здається відомо`);

/** Function words: a replacement of only these is grammar, not voice. */
const FUNCTION_WORDS = set(`
  a an the this that these those it its it's is are was were be been to of in on at for and or but with by
  as from so if then than i you we they he she my your our their
  і й та а але в у на з із зі про для що це як за по від чи же ж б би то так я ми вони він вона воно його
  її їх мій моя наш наша`);

/** Numbers, units, polarity and timing: changing one of these changes a fact, not the voice. */
const FACT_WORDS = set(`
  zero one two three four five six seven eight nine ten eleven twelve twenty thirty hundred thousand half
  twice double once triple dozen hour hours h hr hrs minute minutes min mins second seconds day days week
  weeks month months year years mg g kg mcg µg ml l mmol percent cup cups not no never always more less
  fewer higher lower increase increases increased decrease decreases decreased before after morning
  evening afternoon night noon midnight
  один одна одне одну два дві три чотири п'ять шість сім вісім дев'ять десять двічі раз половина половину
  година години годину годин год хвилина хвилини хвилину хвилин хв секунд день дні днів дня доба доби
  добу діб тиждень тижні тижнів тижня місяць місяці місяців місяця рік роки років року мг мкг г кг мл л
  ммоль відсотків відсотки відсоток чашка чашки чашок чашку не ні ніколи завжди більше менше вище нижче
  збільшує зменшує до після ранок ранку вранці вечір вечора ввечері ніч ночі вночі опівдні`);

/** Informal → formal Ukrainian address: pronouns, possessives and common imperatives. */
export const FORMAL = new Map<string, string>(
  `ти ви тебе вас тобі вам тобою вами твій ваш твоя ваша твоє ваше твої ваші твого вашого твоєї вашої
  твоєму вашому твоїй вашій твоїм вашим твоїх ваших твоїми вашими твою вашу їси їсте даси дасте
  з'їси з'їсте спробуй спробуйте пий пийте випий випийте зроби зробіть роби робіть подумай подумайте
  запиши запишіть лягай лягайте вставай вставайте відклади відкладіть почни почніть пам'ятай пам'ятайте
  дай дайте знай знайте слідкуй слідкуйте стеж стежте поговори поговоріть звернися зверніться звернись
  зверніться зверни зверніть порадься порадьтеся обмеж обмежте зменш зменште уникай уникайте обирай
  обирайте обери оберіть дихай дихайте відпочивай відпочивайте спи спіть спитай спитайте запитай
  запитайте скажи скажіть перевір перевірте бійся бійтеся їж їжте вимкни вимкніть читай читайте
  прочитай прочитайте поділися поділіться напиши напишіть пиши пишіть подивись подивіться подивися
  подивіться слухай слухайте зупинись зупиніться зупинися зупиніться прийми прийміть приймай приймайте
  забувай забувайте дозволь дозвольте май майте`
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((w, i, all) => (i % 2 === 0 ? [[w, all[i + 1] ?? w] as [string, string]] : [])),
);
const FORMAL_FORMS = new Set(FORMAL.values());
/** Nouns that look like a 2nd-person verb ending in -еш/-иш/-єш/-їш. */
export const NOT_VERBS = set("флеш фетиш камиш бариш спориш кулеш гашиш");
export const VERB_2SG = /^(.{2,}[еєиї])ш(ся)?$/u;

const SENTENCE_END = /[.!?…]/;

// ---------------------------------------------------------------- extraction

/**
 * What one edit teaches. `platform`, when given, makes the length lessons that platform's own
 * (a physician may shorten X drafts and lengthen Telegram ones).
 */
export function extractEditRules(
  before: string,
  after: string,
  language: Language,
  platform?: string,
): Preference[] {
  const squash = (s: string) => s.replace(/\s+/g, " ").trim();
  if (squash(before) === squash(after) || !squash(before) || !squash(after)) return [];
  const length = lengthPreference(before, after).map((p) =>
    platform ? { key: `${p.kind}:${platform}`, kind: p.kind, data: { ...p.data, platform } } : p,
  );
  return [
    ...phrasePreferences(before, after, language),
    ...length,
    ...punctuationPreferences(before, after),
    ...(language === "uk" ? addressPreference(before, after) : []),
    ...openingPreference(before, after),
    ...structurePreferences(before, after),
  ];
}

function phrasePreferences(before: string, after: string, language: Language): Preference[] {
  if (wordEditRatio(before, after) > REWRITE_RATIO) return [];
  const found = new Map<string, { pref: Preference; count: number; order: number; filler: boolean }>();
  const note = (pref: Preference, filler: boolean) => {
    const seen = found.get(pref.key);
    if (seen) seen.count++;
    else found.set(pref.key, { pref, count: 1, order: found.size, filler });
  };
  for (const hunk of diffHunks(tokenize(before), tokenize(after))) {
    if (!hunk.anchored) continue;
    const replace = replacement(hunk, before, after, language);
    if (replace) note(replace, true);
    const avoid = replace ? undefined : deletion(hunk, before);
    if (avoid) note(avoid.pref, avoid.filler);
  }
  return [...found.values()]
    .filter((c) => c.filler || c.count >= 2)
    .sort((x, y) => y.count - x.count || x.order - y.order)
    .slice(0, MAX_PHRASE_PREFS)
    .map((c) => c.pref);
}

/** The text from the first to the last word of `tokens`, whitespace squashed. */
function spanText(text: string, tokens: readonly Token[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first && last ? text.slice(first.start, last.end).replace(/\s+/g, " ") : "";
}

/** Sentence punctuation between the first and the last word: the hunk spans two sentences. */
function crossesSentence(tokens: readonly Token[]): boolean {
  const first = tokens.findIndex((t) => t.word);
  const last = tokens.findLastIndex((t) => t.word);
  return tokens.slice(first, last + 1).some((t) => !t.word && SENTENCE_END.test(t.text));
}

const isFact = (w: string) => /\p{N}/u.test(w) || FACT_WORDS.has(w);
const isInformal = (w: string) => FORMAL.has(w) || (VERB_2SG.test(w) && !NOT_VERBS.has(w));
const letters = (ws: readonly string[]) => ws.join("").replace(/[^\p{L}\p{N}]/gu, "");

function replacement(hunk: Hunk, before: string, after: string, language: Language): Preference | undefined {
  const from = words(hunk.del);
  const to = words(hunk.ins);
  if (from.length < 1 || from.length > 3 || to.length < 1 || to.length > 3) return undefined;
  if (crossesSentence(hunk.del) || crossesSentence(hunk.ins)) return undefined;
  const a = from.map((t) => t.norm);
  const b = to.map((t) => t.norm);
  if (letters(a) === letters(b) || [...a, ...b].some(isFact) || a.every((w) => FUNCTION_WORDS.has(w)))
    return undefined;
  if (containsRun(b, a)) return undefined;
  if (language === "uk" && (a.some(isInformal) || b.some((w) => FORMAL_FORMS.has(w)))) return undefined;
  const fromText = normWord(spanText(before, from));
  let toText = spanText(after, to);
  // A capital that only marks the sentence start is not part of the preferred word.
  if (/^\p{Lu}\p{Ll}*(?:\s|$)/u.test(toText) && /^\p{Lu}/u.test(spanText(before, from)))
    toText = toText.charAt(0).toLowerCase() + toText.slice(1);
  return {
    key: normalizeKey(`replace:${fromText}→${toText}`),
    kind: "replace",
    data: { from: fromText, to: toText },
  };
}

function containsRun(hay: readonly string[], needle: readonly string[]): boolean {
  return hay.some((_, i) => needle.every((w, k) => hay[i + k] === w));
}

function deletion(hunk: Hunk, before: string): { pref: Preference; filler: boolean } | undefined {
  const del = words(hunk.del);
  if (words(hunk.ins).length > 0 || del.length < 2 || del.length > 6 || crossesSentence(hunk.del))
    return undefined;
  const phrase = normWord(spanText(before, del));
  if (/\p{N}/u.test(phrase) || new RegExp(PROTECTED.source, "u").test(phrase)) return undefined;
  // Cutting "not really" or «не дуже» changes what a sentence says: never a style lesson.
  if (del.some((t) => isFact(t.norm))) return undefined;
  const content = del.map((t) => t.norm).filter((w) => !FUNCTION_WORDS.has(w));
  if (content.length === 0) return undefined;
  const fillers = content.filter((w) => FILLER.has(w)).length;
  return {
    pref: { key: normalizeKey(`avoid:${phrase}`), kind: "avoid", data: { phrase } },
    filler: fillers > 0 && fillers * 2 >= content.length,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const chars = (s: string) => Array.from(s.trim()).length;

function lengthPreference(before: string, after: string): Preference[] {
  const ratio = chars(after) / chars(before);
  if (ratio <= SHORTER_RATIO) return [{ key: "shorter", kind: "shorter", data: { ratio: round2(ratio) } }];
  if (ratio >= LONGER_RATIO) return [{ key: "longer", kind: "longer", data: { ratio: round2(ratio) } }];
  return [];
}

function punctuationPreferences(before: string, after: string): Preference[] {
  const a = maskProtected(before);
  const b = maskProtected(after);
  const prefs: Preference[] = [];
  if (/[!‼]/.test(a) && !/[!‼]/.test(b))
    prefs.push({ key: "no_exclamations", kind: "no_exclamations", data: {} });
  if (hasEmoji(a) && !hasEmoji(b)) prefs.push({ key: "no_emoji", kind: "no_emoji", data: {} });
  return prefs;
}

function addressCounts(text: string): { informal: number; formal: number } {
  const ws = words(tokenize(text)).map((t) => t.norm);
  return { informal: ws.filter(isInformal).length, formal: ws.filter((w) => FORMAL_FORMS.has(w)).length };
}

function addressPreference(before: string, after: string): Preference[] {
  const a = addressCounts(before);
  const b = addressCounts(after);
  return a.informal > 0 && b.informal < a.informal && b.formal > a.formal
    ? [{ key: "formal_address", kind: "formal_address", data: {} }]
    : [];
}

function firstSentenceWords(text: string): number {
  const span = sentenceSpans(text)[0];
  return span ? words(tokenize(text.slice(span.start, span.end))).length : 0;
}

function openingPreference(before: string, after: string): Preference[] {
  const generated = firstSentenceWords(before);
  const published = firstSentenceWords(after);
  return published > 0 && published <= OPENING_SHARE * generated && published <= OPENING_MAX_WORDS
    ? [{ key: "short_opening", kind: "short_opening", data: { words: published } }]
    : [];
}

/** A sentence that asks the reader something; a quoted question (a patient's words) does not. */
export function asksReader(sentence: string): boolean {
  return /\?["”»’)]*$/u.test(sentence) && !/^["“«„]/u.test(sentence);
}

function sentences(text: string): string[] {
  const masked = maskProtected(text);
  return sentenceSpans(masked).map((s) => masked.slice(s.start, s.end));
}

function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).filter((p) => /[\p{L}\p{N}]/u.test(p));
}

/**
 * The post's shape: questions to readers removed (the draft asked, the published text does
 * not), and walls of text broken up (at least two paragraphs, each ≤ 0.6 × the draft's
 * sentences per paragraph).
 */
function structurePreferences(before: string, after: string): Preference[] {
  const prefs: Preference[] = [];
  if (sentences(before).some(asksReader) && !sentences(after).some(asksReader))
    prefs.push({ key: "no_questions", kind: "no_questions", data: {} });
  const wordsPerSentence = (t: string) => {
    const all = sentences(t);
    return all.reduce((n, s) => n + words(tokenize(s)).length, 0) / Math.max(1, all.length);
  };
  const shortSentences = wordsPerSentence(after);
  if (shortSentences > 0 && shortSentences <= SHORT_SENTENCE_SHARE * wordsPerSentence(before))
    prefs.push({
      key: "short_sentences",
      kind: "short_sentences",
      data: { words: Math.round(shortSentences) },
    });
  const perParagraph = (t: string) => sentences(t).length / Math.max(1, paragraphs(t).length);
  const published = perParagraph(after);
  if (paragraphs(after).length >= 2 && published <= OPENING_SHARE * perParagraph(before))
    prefs.push({
      key: "short_paragraphs",
      kind: "short_paragraphs",
      data: { sentences: Math.max(1, Math.round(published)) },
    });
  return prefs;
}

// ---------------------------------------------------------------- storage

/** Kinds of which a physician has at most one: the key is the kind, the data the latest seen. */
const SINGLETON_KINDS = new Set<PreferenceKind>(
  PREFERENCE_KINDS.filter((k) => k !== "replace" && k !== "avoid" && k !== "note"),
);

/** Lower case, single spaces, none around the kind's colon ("Avoid: It  is" → "avoid:it is"). */
function normalizeKey(key: string): string {
  return key
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^([a-z_]+) ?: ?/, "$1:");
}

/** Lessons that contradict each other: the newer one replaces the older (per platform). */
const OPPOSITE: Partial<Record<PreferenceKind, PreferenceKind>> = { shorter: "longer", longer: "shorter" };

function keyOf(p: Preference): string {
  if (!SINGLETON_KINDS.has(p.kind)) return normalizeKey(p.key);
  return typeof p.data.platform === "string" ? `${p.kind}:${p.data.platform}` : p.kind;
}

function oppositeKey(p: Preference): string | undefined {
  const opposite = OPPOSITE[p.kind];
  if (!opposite) return undefined;
  return keyOf({ ...p, kind: opposite });
}

export function mergePreferences(
  existing: StoredPreference[],
  found: Preference[],
  now: number,
  cap: number,
): StoredPreference[] {
  const byKey = new Map<string, StoredPreference>();
  for (const p of existing) {
    const key = keyOf(p);
    const prev = byKey.get(key);
    const later = prev && prev.lastSeenAt > p.lastSeenAt ? prev : p;
    byKey.set(key, {
      ...later,
      key,
      data: { ...later.data },
      count: p.count + (prev?.count ?? 0),
      firstSeenAt: Math.min(p.firstSeenAt, prev?.firstSeenAt ?? p.firstSeenAt),
    });
  }
  const seen = new Set<string>();
  for (const p of found) {
    const key = keyOf(p);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    // Shorter and longer on the same platform are one balance: an edit the other way
    // weakens the lesson (and ends it at zero) instead of standing beside it.
    const against = oppositeKey(p);
    const opposite = against ? byKey.get(against) : undefined;
    if (against && opposite) {
      if (opposite.count <= 1) byKey.delete(against);
      else byKey.set(against, { ...opposite, count: opposite.count - 1, lastSeenAt: now });
      continue;
    }
    const prev = byKey.get(key);
    byKey.set(key, {
      ...prev,
      key,
      kind: p.kind,
      data: prev ? runningMean(prev.data, prev.count, p.data) : { ...p.data },
      count: (prev?.count ?? 0) + 1,
      firstSeenAt: prev?.firstSeenAt ?? now,
      lastSeenAt: now,
    });
  }
  return topPreferences([...byKey.values()], cap);
}

/**
 * A measure seen again (how much shorter, how many sentences a paragraph) is averaged over
 * every edit that showed it, so one unusual edit does not swing it; text fields take the latest.
 */
function runningMean(
  old: Record<string, string | number>,
  count: number,
  next: Record<string, string | number>,
): Record<string, string | number> {
  const out: Record<string, string | number> = { ...next };
  for (const [k, v] of Object.entries(next)) {
    const before = old[k];
    if (typeof v === "number" && typeof before === "number")
      out[k] = Math.round(((before * count + v) / (count + 1)) * 100) / 100;
  }
  return out;
}

export function topPreferences<T extends StoredPreference>(prefs: T[], n: number): T[] {
  return [...prefs]
    .sort(
      (a, b) =>
        b.count - a.count || b.lastSeenAt - a.lastSeenAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    )
    .slice(0, Math.max(0, n));
}

// ---------------------------------------------------------------- prompt lines

export function field(data: Record<string, string | number>, name: string): string {
  const v = data[name];
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
}

export function numberField(data: Record<string, string | number>, name: string): number {
  const n = Number(data[name]);
  return data[name] !== "" && Number.isFinite(n) ? n : Number.NaN;
}

/** One line, no control characters, at most `max` characters (never half a surrogate pair). */
export function oneLine(text: string, max: number): string {
  const flat = text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return Array.from(flat).slice(0, max).join("").trim();
}

const quoted = (text: string) => oneLine(text.replace(/"/g, "'"), QUOTE_MAX);

/** The drafting-prompt line for a preference; "" when its data is unusable. */
export function preferenceInstruction(p: Preference): string {
  switch (p.kind) {
    case "replace": {
      const from = quoted(field(p.data, "from"));
      const to = quoted(field(p.data, "to"));
      return from && to ? `Write "${to}", not "${from}".` : "";
    }
    case "avoid": {
      const phrase = quoted(field(p.data, "phrase"));
      return phrase ? `Never use the phrase "${phrase}".` : "";
    }
    case "shorter":
    case "longer": {
      const shorter = p.kind === "shorter";
      const pct = Math.round(
        (shorter ? 1 - numberField(p.data, "ratio") : numberField(p.data, "ratio") - 1) * 100,
      );
      const word = shorter ? "shorter" : "longer";
      const verb = shorter ? "Keep" : "Make";
      return pct > 0 && pct < (shorter ? 100 : 1000)
        ? `${verb} posts about ${pct}% ${word} than a first draft would be.`
        : `${verb} posts ${word} than a first draft would be.`;
    }
    case "no_exclamations":
      return "No exclamation marks.";
    case "no_emoji":
      return "No emoji.";
    case "formal_address":
      return "Address readers with the formal «ви», never «ти».";
    case "short_opening": {
      const n = Math.round(numberField(p.data, "words"));
      return n > 0 ? `Open with a short sentence (about ${n} words).` : "Open with a short sentence.";
    }
    case "no_questions":
      return "Do not ask readers questions; end on a statement (this overrides a platform's closing question).";
    case "short_sentences": {
      const n = Math.round(numberField(p.data, "words"));
      return n > 0 ? `Short sentences: about ${n} words each.` : "Short sentences.";
    }
    case "short_paragraphs": {
      const n = Math.round(numberField(p.data, "sentences"));
      return n > 0
        ? `Short paragraphs of about ${n} sentence${n === 1 ? "" : "s"}, separated by blank lines.`
        : "Short paragraphs, separated by blank lines.";
    }
    case "note":
      return oneLine(field(p.data, "text"), NOTE_MAX);
    default:
      return "";
  }
}
