/**
 * Quantities in a sentence: a value or a range, with its unit (dose, duration, percentage,
 * concentration, energy), a counted noun ("900 participants"), or a year; with what it is
 * per ("a day", "на тиждень") and whether a percentage is a share ("50 % of adults") or a
 * relative change ("50 % more common"). Bounds become ranges: "up to 400 mg" is a *limit*
 * [0, 400] mg that supports any dose inside it; "less than 6 hours" or "at least 7 hours"
 * is a *threshold*, which supports only the same threshold (a risk cut-off is not advice).
 *
 * Draft-side extraction is conservative (digits, or number words only in front of a
 * unit); evidence-side extraction is generous (number words before any noun too).
 */
import { hasCyrillic, numberValue, type Token, tokenize } from "./tokens";
import {
  concentrationUnit,
  type Dimension,
  isPerCent,
  isPersonNoun,
  numberWord,
  type Unit,
  unitOf,
} from "./units";

export type QuantityDimension = Dimension | "count" | "year";
export type Period = "hour" | "day" | "night" | "week" | "month" | "year";

export interface Quantity {
  /** The words as written, e.g. "up to 400 mg". */
  raw: string;
  dimension: QuantityDimension;
  /** Lower and upper bound in the dimension's base unit (a point when equal). */
  lo: number;
  hi: number;
  /** "limit": up to / no more than (values inside are supported); "threshold": less than, at least, or more. */
  bound?: "limit" | "threshold";
  /** The number(s) as written, without unit: used to spot "900 participants" vs "900 mg". */
  values: number[];
  /** Concentrations: the unit ("mmol/l"); values only compare within one unit. */
  unitKey?: string;
  /** Counts: the words after the number that may name what is counted. */
  nouns: string[];
  per?: Period;
  /** A percentage that is a relative change ("30 % lower"), not a share. */
  relative?: boolean;
  cyrillic: boolean;
  start: number;
  end: number;
}

const LIMITS = [
  ["up", "to"],
  ["never", "above"],
  ["not", "above"],
  ["never", "more", "than"],
  ["never", "exceeding"],
  ["not", "exceeding"],
  ["не", "вище"],
  ["не", "вище", "ніж"],
  ["no", "more", "than"],
  ["not", "more", "than"],
  ["at", "most"],
  ["maximum", "of"],
  ["max"],
  ["до"],
  ["не", "більше", "ніж"],
  ["не", "більше"],
  ["максимум"],
  ["не", "перевищує"],
];
const UPPER_THRESHOLDS = [
  ["less", "than"],
  ["fewer", "than"],
  ["under"],
  ["below"],
  ["менше", "ніж"],
  ["менше"],
  ["нижче"],
];
const LOWER_THRESHOLDS = [
  ["at", "least"],
  ["more", "than"],
  ["over"],
  ["above"],
  ["exceeding"],
  ["minimum", "of"],
  ["щонайменше"],
  ["принаймні"],
  ["понад"],
  ["більше", "ніж"],
  ["не", "менше", "ніж"],
  ["не", "менше"],
];
const OR_MORE = [
  ["or", "more"],
  ["and", "older"],
  ["and", "over"],
  ["and", "above"],
  ["or", "older"],
  ["і", "старше"],
  ["й", "старше"],
  ["та", "старше"],
  ["or", "longer"],
  ["і", "більше"],
  ["або", "більше"],
  ["чи", "більше"],
  ["+"],
];
const OR_LESS = [
  ["or", "less"],
  ["or", "fewer"],
  ["або", "менше"],
  ["чи", "менше"],
];
const PERIODS: [string[], Period][] = [
  [["a", "day"], "day"],
  [["per", "day"], "day"],
  [["each", "day"], "day"],
  [["every", "day"], "day"],
  [["daily"], "day"],
  [["a", "night"], "night"],
  [["per", "night"], "night"],
  [["each", "night"], "night"],
  [["every", "night"], "night"],
  [["nightly"], "night"],
  [["a", "week"], "week"],
  [["per", "week"], "week"],
  [["each", "week"], "week"],
  [["weekly"], "week"],
  [["a", "month"], "month"],
  [["per", "month"], "month"],
  [["monthly"], "month"],
  [["a", "year"], "year"],
  [["per", "year"], "year"],
  [["annually"], "year"],
  [["an", "hour"], "hour"],
  [["hourly"], "hour"],
  [["every", "hour"], "hour"],
  [["щогодини"], "hour"],
  [["кожну", "годину"], "hour"],
  [["per", "hour"], "hour"],
  [["на", "день"], "day"],
  [["на", "добу"], "day"],
  [["за", "добу"], "day"],
  [["за", "день"], "day"],
  [["щодня"], "day"],
  [["щоденно"], "day"],
  [["на", "ніч"], "night"],
  [["за", "ніч"], "night"],
  [["щоночі"], "night"],
  [["на", "тиждень"], "week"],
  [["за", "тиждень"], "week"],
  [["щотижня"], "week"],
  [["на", "місяць"], "month"],
  [["щомісяця"], "month"],
  [["на", "рік"], "year"],
  [["за", "рік"], "year"],
  [["щороку"], "year"],
  [["на", "годину"], "hour"],
];
const RELATIVE_AFTER = new Set([
  "more",
  "less",
  "higher",
  "lower",
  "fewer",
  "greater",
  "increase",
  "increased",
  "decrease",
  "decreased",
  "reduction",
  "risk",
  "більше",
  "менше",
  "вище",
  "нижче",
  "частіше",
  "рідше",
  "зростає",
  "знижує",
  "знижується",
]);
/** "reduced by 30 %", "знизився на 30 %": a change, not a share. */
const CHANGE_VERB =
  /^(?:reduc|increas|lower|rais|cut|fell|fall|rose|rise|drop|decreas|improv|declin|grow|grew|знизи|знижу|зменш|збільш|зрос|підвищ|покращ|скорот|впа)/u;
/** Single words that are a duration (in hours). */
const WORD_QUANTITIES: Record<string, number> = { півроку: 6 * 730, півгодини: 0.5, півдоби: 12 };

const MULTIPLIERS: Record<string, number> = {
  hundred: 100,
  thousand: 1000,
  тисяч: 1000,
  тисячі: 1000,
  тисяча: 1000,
  million: 1_000_000,
  мільйон: 1_000_000,
  мільйонів: 1_000_000,
};

const RANGE_OPEN = new Set(["between", "from", "від", "між"]);
const RANGE_JOIN = new Set(["-", "–", "—", "to", "and", "до", "і", "та", "й"]);
/** Words after a number that are not what it counts. */
const NOT_NOUNS = new Set([
  "at",
  "on",
  "for",
  "by",
  "with",
  "from",
  "is",
  "are",
  "was",
  "were",
  "in",
  "out",
  "and",
  "or",
  "to",
  "a",
  "an",
  "the",
  "per",
  "times",
  "x",
  "of",
  "у",
  "в",
  "і",
  "та",
  "на",
  "з",
  "із",
  "або",
  "чи",
  "до",
  "за",
  "разів",
  "рази",
]);
/** Suffixes that make a number an ordinal: 1st, 3rd, 5-й. */
const ORDINAL = /^(st|nd|rd|th|й|го|му|та|ий|ій)$/i;

interface Options {
  /** Evidence side: also read number words before any noun. */
  generous: boolean;
}

function phraseEndingAt(tokens: Token[], end: number, phrase: string[]): boolean {
  if (end - phrase.length < 0) return false;
  return phrase.every((word, i) => tokens[end - phrase.length + i]?.lower === word);
}

function phraseAt(tokens: Token[], start: number, phrase: string[]): boolean {
  return phrase.every((word, i) => tokens[start + i]?.lower === word);
}

type Bound = { kind: "limit" | "upper" | "lower"; start: number };

function boundBefore(tokens: Token[], i: number): Bound | undefined {
  const find = (phrases: string[][], kind: Bound["kind"]) => {
    for (const phrase of phrases)
      if (phraseEndingAt(tokens, i, phrase)) return { kind, start: i - phrase.length };
    return undefined;
  };
  return find(LIMITS, "limit") ?? find(UPPER_THRESHOLDS, "upper") ?? find(LOWER_THRESHOLDS, "lower");
}

/** A number at token i: digits, or a number word. */
function numberAt(tokens: Token[], i: number, cyrillic: boolean): number | undefined {
  const token = tokens[i];
  if (!token) return undefined;
  if (token.kind === "number") return numberValue(token.text, cyrillic);
  if (token.kind === "word") return numberWord(token.text);
  return undefined;
}

/** True when the digit token is part of a name, an ordinal, a clock time or a list number. */
function isNameOrOrdinal(text: string, tokens: Token[], i: number): boolean {
  const token = tokens[i];
  if (!token) return true;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  // Glued to letters before it: B12, COVID-19, omega-3, SARS-CoV-2.
  if (prev && prev.end === token.start && prev.kind === "word") return true;
  if (prev?.text === "-" && prev.end === token.start && tokens[i - 2]?.end === prev.start) {
    if (tokens[i - 2]?.kind === "word") return true;
  }
  if (next && next.start === token.end && next.kind === "word" && ORDINAL.test(next.text)) return true;
  if (next?.text === "-" && next.start === token.end && tokens[i + 2]?.start === next.end) {
    // 5-HT, 5-й, "8-річний": a compound, unless the word is a unit ("90-minute", "8-тижневий").
    const after = tokens[i + 2];
    if (after?.kind === "word" && unitOf(after.text) === undefined) return true;
  }
  // Clock times: 16:00, 4 pm, 4 p.m.
  if (next?.text === ":" && tokens[i + 2]?.kind === "number") return true;
  if (prev?.text === ":" && tokens[i - 2]?.kind === "number") return true;
  if (next && /^(pm|am)$/i.test(next.text)) return true;
  if ((next?.lower === "p" || next?.lower === "a") && tokens[i + 2]?.text === ".") return true;
  // A list number at the start of a line: "1." / "2)".
  const lineStart = text.lastIndexOf("\n", token.start - 1) + 1;
  if (text.slice(lineStart, token.start).trim() === "" && (next?.text === "." || next?.text === ")"))
    return true;
  return false;
}

/** The unit starting at token j: a symbol, a word, "per cent", or a concentration "mmol/L". */
function readUnit(tokens: Token[], at: number): { unit: Unit; next: number } | undefined {
  // "90-minute sessions", "a 12-week course": the unit glued with a hyphen.
  const hyphen = tokens[at];
  const j =
    hyphen?.text === "-" && tokens[at - 1]?.end === hyphen.start && tokens[at + 1]?.start === hyphen.end
      ? at + 1
      : at;
  const token = tokens[j];
  if (!token) return undefined;
  if (token.text === "%") return { unit: unitOf("%") as Unit, next: j + 1 };
  if (token.kind !== "word") return undefined;
  if (tokens[j + 1]?.text === "/" && tokens[j + 2]?.kind === "word") {
    const concentration = concentrationUnit(token.text, tokens[j + 2]?.text ?? "");
    if (concentration) return { unit: concentration, next: j + 3 };
  }
  if (isPerCent(token.text, tokens[j + 1]?.text)) return { unit: unitOf("percent") as Unit, next: j + 2 };
  const unit = unitOf(token.text);
  return unit ? { unit, next: j + 1 } : undefined;
}

/** Up to three words after the number, until a non-noun, that may name what is counted. */
function nounsAt(tokens: Token[], j: number): string[] {
  const out: string[] = [];
  for (let k = j; k < j + 3; k++) {
    const token = tokens[k];
    if (token?.kind !== "word" || NOT_NOUNS.has(token.lower)) break;
    out.push(token.lower);
  }
  return out;
}

const SLASH_PERIODS: Record<string, Period> = {
  day: "day",
  d: "day",
  добу: "day",
  день: "day",
  week: "week",
  тиждень: "week",
  night: "night",
  ніч: "night",
};

/** "a day", "per week", "/day", "на добу" within the next few words (not past punctuation). */
function periodAfter(tokens: Token[], j: number): Period | undefined {
  if (tokens[j]?.text === "/") {
    const slashed = SLASH_PERIODS[tokens[j + 1]?.lower ?? ""];
    if (slashed) return slashed;
  }
  for (let k = j; k < j + 6; k++) {
    const token = tokens[k];
    if (!token || (token.kind === "symbol" && /[,.;:!?()]/.test(token.text))) return undefined;
    for (const [phrase, period] of PERIODS) if (phraseAt(tokens, k, phrase)) return period;
  }
  return undefined;
}

function orMoreAfter(tokens: Token[], j: number): { kind: "lower" | "upper"; next: number } | undefined {
  for (const phrase of OR_MORE)
    if (phraseAt(tokens, j, phrase)) return { kind: "lower", next: j + phrase.length };
  for (const phrase of OR_LESS)
    if (phraseAt(tokens, j, phrase)) return { kind: "upper", next: j + phrase.length };
  return undefined;
}

export function extractQuantities(text: string, options: Options = { generous: false }): Quantity[] {
  const tokens = tokenize(text);
  const cyrillic = hasCyrillic(text);
  const out: Quantity[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    if (!token) break;
    const isDigit = token.kind === "number";
    const whole = WORD_QUANTITIES[token.lower];
    if (whole) {
      out.push({
        raw: token.text,
        dimension: "time",
        lo: whole,
        hi: whole,
        values: [whole],
        nouns: [],
        cyrillic,
        start: token.start,
        end: token.end,
      });
      i += 1;
      continue;
    }
    const base = numberAt(tokens, i, cyrillic);
    if (base === undefined || (isDigit && isNameOrOrdinal(text, tokens, i))) {
      i += 1;
      continue;
    }
    // "three hundred", "2 thousand", "5 тисяч": a multiplier word after the number.
    let j = i + 1;
    const multiplier = MULTIPLIERS[tokens[j]?.lower ?? ""];
    const value = multiplier && base < multiplier ? base * multiplier : base;
    if (multiplier && base < multiplier) j += 1;
    // Range: "7–9", "7 to 9", "between 7 and 9", "від 7 до 9".
    let high: number | undefined;
    const joiner = tokens[j];
    const opened = RANGE_OPEN.has(tokens[i - 1]?.lower ?? "");
    if (joiner && RANGE_JOIN.has(joiner.lower)) {
      const second = numberAt(tokens, j + 1, cyrillic);
      const dash = joiner.kind === "symbol";
      if (second !== undefined && second > value && (dash || opened || joiner.lower === "to")) {
        high = second;
        j += 2;
      }
    }
    // "3 or more days": the bound comes before the unit or noun.
    const trailing = high === undefined ? orMoreAfter(tokens, j) : undefined;
    if (trailing) j = trailing.next;
    const unitRead = readUnit(tokens, j);
    // "1 g/day or less": the bound may also follow the unit.
    let afterUnit = unitRead?.next;
    if (
      afterUnit !== undefined &&
      tokens[afterUnit]?.text === "/" &&
      SLASH_PERIODS[tokens[afterUnit + 1]?.lower ?? ""]
    )
      afterUnit += 2;
    const late =
      !trailing && high === undefined && afterUnit !== undefined ? orMoreAfter(tokens, afterUnit) : undefined;
    const leading = high === undefined && !trailing && !late ? boundBefore(tokens, i) : undefined;
    const boundKind = leading?.kind ?? trailing?.kind ?? late?.kind;
    const startToken = leading ? leading.start : high !== undefined && opened ? i - 1 : i;
    const start = tokens[startToken]?.start ?? token.start;
    const values = high === undefined ? [value] : [value, high];
    const make = (
      dimension: QuantityDimension,
      factor: number,
      endToken: number,
      extra: Partial<Quantity> = {},
    ): Quantity => {
      const end = tokens[endToken]?.end ?? token.end;
      const lo = value * factor;
      const hi = (high ?? value) * factor;
      const range =
        boundKind === "limit" || boundKind === "upper"
          ? { lo: 0, hi: lo }
          : boundKind === "lower"
            ? { lo, hi: Number.POSITIVE_INFINITY }
            : { lo, hi };
      return {
        raw: text.slice(start, end),
        dimension,
        ...range,
        ...(boundKind ? { bound: boundKind === "limit" ? ("limit" as const) : ("threshold" as const) } : {}),
        values,
        nouns: [],
        per: periodAfter(tokens, endToken + 1),
        cyrillic,
        start,
        end,
        ...extra,
      };
    };

    if (unitRead) {
      const { unit } = unitRead;
      const last = unitRead.next - 1;
      if (unit.symbol === "years" && high === undefined && isDigit && /^(19|20)\d{2}$/.test(token.text)) {
        out.push(make("year", 1, last)); // "2019 року"
      } else {
        const relative =
          unit.dimension === "proportion" &&
          (RELATIVE_AFTER.has(tokens[unitRead.next]?.lower ?? "") ||
            ((tokens[startToken - 1]?.lower === "by" || tokens[startToken - 1]?.lower === "на") &&
              CHANGE_VERB.test(tokens[startToken - 2]?.lower ?? "")));
        // "50 mg/kg", "50 mg per kg": a dose by body weight is not a dose.
        const perKg =
          (tokens[unitRead.next]?.text === "/" && /^(kg|кг)$/i.test(tokens[unitRead.next + 1]?.text ?? "")) ||
          (/^(per|на)$/i.test(tokens[unitRead.next]?.text ?? "") &&
            /^(kg|кг)$/i.test(tokens[unitRead.next + 1]?.text ?? ""));
        out.push(
          make(unit.dimension, unit.factor, perKg ? last + 2 : last, {
            ...(unit.dimension === "concentration"
              ? { unitKey: unit.symbol }
              : perKg
                ? { unitKey: "per kg" }
                : {}),
            ...(relative ? { relative: true } : {}),
          }),
        );
      }
      i = unitRead.next;
      continue;
    }
    const nouns = nounsAt(tokens, j);
    // A year: four digits, not counting people ("2000 participants").
    if (
      isDigit &&
      high === undefined &&
      !boundKind &&
      /^(19|20)\d{2}$/.test(token.text) &&
      !nouns.some(isPersonNoun)
    ) {
      out.push(make("year", 1, i));
      i += 1;
      continue;
    }
    if (!isDigit && !options.generous) {
      i += 1;
      continue;
    }
    // "3 in 10 adults" / "1 з 3": a proportion.
    const link = tokens[j]?.lower;
    const skipOf = tokens[j + 1]?.lower === "of" ? 1 : 0;
    const denominator = numberAt(tokens, j + 1 + skipOf, cyrillic);
    if (
      high === undefined &&
      !boundKind &&
      (link === "in" || link === "з" || link === "із" || link === "out") &&
      denominator !== undefined &&
      denominator > value
    ) {
      const last = j + 1 + skipOf;
      out.push({ ...make("proportion", 1 / denominator, last), values: [value, denominator] });
      i = last + 1;
      continue;
    }
    if (!isDigit && nouns.length === 0) {
      i += 1;
      continue;
    }
    out.push(make("count", 1, nouns.length ? j + nouns.length - 1 : j - 1, { nouns }));
    i = j;
  }
  return out;
}

const EPSILON = 1e-9;

/**
 * True when `evidence` states `claim`: same dimension (unit, counted thing, period, share or
 * change), and the claim lies inside the evidence's value, range or limit — or repeats its
 * threshold.
 */
export function supports(evidence: Quantity, claim: Quantity): boolean {
  if (!sameKind(evidence, claim)) return false;
  const tolerance = (x: number) => Math.max(EPSILON, Math.abs(x) * 1e-6);
  const near = (a: number, b: number) =>
    a === b || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= tolerance(b));
  // "Up to 90 minutes" is stated by "60–90 minutes" or "a maximum of 90 minutes": the same maximum.
  if (claim.bound === "limit" && near(claim.hi, evidence.hi)) return true;
  if (evidence.bound === "threshold") {
    // "Less than 6 hours" / "more than one hour" states a cut-off, not every value past it.
    const edge = evidence.hi === Number.POSITIVE_INFINITY ? evidence.lo : evidence.hi;
    return (
      (near(claim.lo, evidence.lo) && near(claim.hi, evidence.hi)) ||
      (near(claim.lo, edge) && near(claim.hi, edge))
    );
  }
  return claim.lo >= evidence.lo - tolerance(evidence.lo) && claim.hi <= evidence.hi + tolerance(evidence.hi);
}

/** Same dimension, unit, period, share-or-change and counted thing: comparable values. */
export function sameKind(evidence: Quantity, claim: Quantity): boolean {
  if (evidence.dimension !== claim.dimension) return false;
  if (evidence.unitKey !== claim.unitKey) return false;
  if (evidence.per && claim.per && evidence.per !== claim.per) return false;
  if (Boolean(evidence.relative) !== Boolean(claim.relative)) return false;
  return claim.dimension !== "count" || sameCountedThing(evidence, claim);
}

/** "900 participants" and "900 adults" count people; "41 trials" and "41 randomized trials" the same thing. */
function sameCountedThing(evidence: Quantity, claim: Quantity): boolean {
  if (claim.nouns.length === 0) return true;
  const claimPeople = claim.nouns.some(isPersonNoun);
  const evidencePeople = evidence.nouns.some(isPersonNoun);
  if (claimPeople && evidencePeople) return true;
  if (claimPeople !== evidencePeople && evidence.nouns.length > 0) return false;
  // Different languages: the words cannot be compared, the number and dimension can.
  if (claim.cyrillic !== evidence.cyrillic) return true;
  if (evidence.nouns.length === 0) return false;
  const stem = (w: string) => w.slice(0, Math.max(3, Math.min(5, w.length - 1)));
  return claim.nouns.some((a) => evidence.nouns.some((b) => stem(a) === stem(b)));
}

/** A quantity as a short label for messages: the words as written. */
export function quantityLabel(q: Quantity): string {
  return q.raw.replace(/\s+/g, " ").trim();
}
