/**
 * Text → stylometric measurements for stylometry.ts: sentences, paragraphs, punctuation
 * and emoji rates, pronoun rates, script share and a function-word frequency vector.
 * English and Ukrainian; pure and linear-time (no regex here can backtrack over its input).
 */
import { countEmoji } from "./emoji";

export const VOICE_FEATURES = [
  "sentence_length",
  "sentence_spread",
  "paragraph_length",
  "post_length",
  "function_words",
  "exclamations",
  "questions",
  "ellipses",
  "dashes",
  "quotes",
  "colons",
  "emoji",
  "first_person",
  "address",
  "language",
] as const;

export type VoiceFeature = (typeof VOICE_FEATURES)[number];

export interface TextAnalysis {
  features: Record<VoiceFeature, number>;
  /** Relative frequency of each entry of FUNCTION_WORDS (0 when the text has no words). */
  functionWords: number[];
  words: number;
}

// The most common function words of each language (pronouns counted by first_person and
// address are left out), plus one entry for all English contractions ("it's", "don't"; the
// possessive "'s" looks the same): whether a writer contracts is a strong English marker.
const CONTRACTION = "'";
const EN_FUNCTION_WORDS =
  "' the a an and or but if so because as of in on at to for with from by about into than then that this these those it its is are was were be been have has had do does did not no can will would should could may might there what which who when how all some more most just also only very even still we they one two";
const UK_FUNCTION_WORDS =
  "і й та а але або чи що як це не ні на в у з із зі до від за по про для при після без через під перед коли якщо тому бо щоб ж же теж також вже ще лише тільки навіть саме просто так то б би є був була було цей ця ці той який яка які все всі свій себе ми вони він вона його її їх";

export const FUNCTION_WORDS: readonly string[] = [
  ...new Set(`${EN_FUNCTION_WORDS} ${UK_FUNCTION_WORDS}`.split(" ")),
];
const FUNCTION_WORD_INDEX = new Map(FUNCTION_WORDS.map((word, i) => [word, i]));

const FIRST_PERSON = new Set(
  "i me my mine myself i'm i've i'll i'd я мене мені мій моя моє мої мною мого моєї моєму моїм моїй моїх моїми мою".split(
    " ",
  ),
);
// Ukrainian «ви» doubles as the polite singular, so it and the polite imperative count as
// formal address; «ти» and its verb forms as informal. English has only one form.
const FORMAL_ADDRESS = new Set(
  "you your yours yourself yourselves you're you've you'll you'd ви вас вам вами ваш ваша ваше ваші вашого вашої вашому вашим вашій ваших вашими вашу".split(
    " ",
  ),
);
const INFORMAL_ADDRESS = new Set(
  "ти тебе тобі тобою твій твоя твоє твої твого твоєї твоєму твоїм твоїй твоїх твоїми твою".split(" "),
);
const FORMAL_VERB = /(?:йте|іть|ьте|йтеся|іться|ьтеся|ете|єте|ите|їте|етеся|єтеся|итеся|їтеся)$/u;
const INFORMAL_VERB = /(?:уй|йся|еш|єш|иш|їш|ешся|єшся|ишся|їшся)$/u;
const MIN_VERB_LENGTH = 5;
const ENGLISH_CONTRACTION = /^[a-z]+'(?:t|s|m|re|ve|ll|d)$/;
// Quoted speech is usually a patient's: its "I" and "you" are not the author's.
const QUOTED = /«[^«»\n]*»|“[^“”\n]*”|"[^"\n]*"/g;

// A period after these (or after a single letter: initials, "e.g.", "т.д.") ends no sentence.
const ABBREVIATIONS = new Set(
  "dr mr mrs ms prof vs etc al approx fig no st jr sr inc cf ref vol pp ca проф співавт напр див тис млн млрд грн хв год ст рр вул".split(
    " ",
  ),
);

const URL = /https?:\/\/\S+/g;
const CITATION = /\[\d+(?:[,–-] ?\d+)*\]/g;
// "2.5", "14:00", "1,000": one word, and their dots and colons are not punctuation.
const NUMBER = /(?<!\d)\d+(?:[.,:]\d+)+/g;
const WORD = /\p{L}\.(?:\p{L}\.)+|[\p{L}\p{N}\p{M}]+(?:['’ʼ-][\p{L}\p{N}\p{M}]+)*/gu;
// Greedy with nothing after it, so it never backtracks; the caller checks what follows.
const TERMINATOR = /[.!?…]+["'»”’)\]]*/gu;
const PARAGRAPH_BREAK = /\n[ \t]*\n/;
const LETTER = /\p{L}/u;
const SPACE = /\s/u;
const HAS_WORD = /[\p{L}\p{N}]/u;

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && LETTER.test(text[start - 1] ?? "")) start--;
  return text.slice(start, end).toLowerCase();
}

function endsSentence(line: string, match: RegExpExecArray): boolean {
  const after = line[match.index + match[0].length];
  if (after !== undefined && !SPACE.test(after)) return false;
  if (match[0] !== ".") return true;
  const word = wordBefore(line, match.index);
  return word.length !== 1 && !ABBREVIATIONS.has(word);
}

/** Sentences of one line; a piece with no letter yet (a list number) joins the next one. */
function lineSentences(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  let checked = 0;
  let hasLetter = false;
  for (const match of line.matchAll(TERMINATOR)) {
    if (!endsSentence(line, match)) continue;
    const end = match.index + match[0].length;
    hasLetter ||= LETTER.test(line.slice(checked, end));
    checked = end;
    if (!hasLetter) continue;
    out.push(line.slice(start, end));
    start = end;
    hasLetter = false;
  }
  const rest = line.slice(start);
  if (HAS_WORD.test(rest)) out.push(rest);
  return out;
}

function paragraphsOf(text: string): string[][] {
  return text
    .split(PARAGRAPH_BREAK)
    .map((paragraph) => paragraph.split("\n").flatMap(lineSentences))
    .filter((sentences) => sentences.length > 0);
}

function meanAndSd(values: number[]): [number, number] {
  if (values.length === 0) return [0, 0];
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return [mean, Math.sqrt(variance)];
}

function addressOf(word: string): number {
  if (FORMAL_ADDRESS.has(word)) return 1;
  if (INFORMAL_ADDRESS.has(word)) return -1;
  if (word.length < MIN_VERB_LENGTH || !/[а-яіїєґ]/.test(word)) return 0;
  if (FORMAL_VERB.test(word)) return 1;
  return INFORMAL_VERB.test(word) ? -1 : 0;
}

interface WordCounts {
  functionWords: number[];
  firstPerson: number;
  address: number;
}

function countWords(words: string[], unquoted: string[]): WordCounts {
  const functionWords = new Array<number>(FUNCTION_WORDS.length).fill(0);
  let firstPerson = 0;
  let address = 0;
  for (const word of words) {
    const index = FUNCTION_WORD_INDEX.get(ENGLISH_CONTRACTION.test(word) ? CONTRACTION : word);
    if (index !== undefined) functionWords[index] = (functionWords[index] ?? 0) + 1;
  }
  for (const word of unquoted) {
    if (FIRST_PERSON.has(word)) firstPerson++;
    address += addressOf(word);
  }
  return { functionWords, firstPerson, address };
}

function punctuationCounts(text: string) {
  return {
    exclamations: count(text, /!/g),
    questions: count(text, /\?/g),
    ellipses: count(text, /…|\.{3,}/g),
    // A dash between digits is a range ("150–300"), not a pause in the sentence.
    dashes: count(text, /—|–| - /g) - count(text, /\d[–—]\d/g),
    quotes: count(text, /[“”„"«»]/g),
    colons: count(text, /:/g),
    emoji: countEmoji(text),
  };
}

function cyrillicShare(text: string): number {
  const letters = count(text, /\p{L}/gu);
  return letters === 0 ? 0 : count(text, /\p{Script=Cyrillic}/gu) / letters;
}

const wordsOf = (text: string): string[] =>
  (text.match(WORD) ?? []).map((w) => w.toLowerCase().replace(/[’ʼ]/g, "'"));

export function analyzeText(raw: string): TextAnalysis {
  const text = raw.replace(/\r\n?/g, "\n").replace(URL, " ").replace(CITATION, "").replace(NUMBER, "0");
  const tokens = wordsOf(text);
  const counted = countWords(tokens, wordsOf(text.replace(QUOTED, " ")));
  const total = tokens.length;
  const paragraphs = paragraphsOf(text);
  const lengths = paragraphs.flat().map((sentence) => count(sentence, WORD));
  const [sentenceLength, sentenceSpread] = meanAndSd(lengths);
  const per100 = (n: number) => (total === 0 ? 0 : (100 * n) / total);
  const marks = punctuationCounts(text);
  const functionWords = counted.functionWords.map((n) => (total === 0 ? 0 : n / total));
  return {
    words: total,
    functionWords,
    features: {
      sentence_length: sentenceLength,
      sentence_spread: sentenceSpread,
      paragraph_length: paragraphs.length === 0 ? 0 : lengths.length / paragraphs.length,
      post_length: total,
      function_words: per100(counted.functionWords.reduce((sum, n) => sum + n, 0)),
      exclamations: per100(marks.exclamations),
      questions: per100(marks.questions),
      ellipses: per100(marks.ellipses),
      dashes: per100(marks.dashes),
      quotes: per100(marks.quotes),
      colons: per100(marks.colons),
      emoji: per100(marks.emoji),
      first_person: per100(counted.firstPerson),
      address: per100(counted.address),
      language: cyrillicShare(text),
    },
  };
}
