/**
 * Text primitives for learning from a physician's edits (see edit-rules.ts): word and
 * punctuation tokens with citation markers and links masked out, a token diff grouped into
 * hunks, the word edit ratio, and sentence spans. Pure and dependency-free (Workers and Node).
 */

/** Citation markers ("[2]", "[1, 3]", "[2–4]") and links: facts and sources, never the voice. */
export const PROTECTED = /\[\d+(?:\s*[,–-]\s*\d+)*\]|https?:\/\/[^\s<>()[\]]+/gu;

/** A word (letters, digits, inner apostrophes and hyphens: «п’ять», "half-life") or one symbol. */
const TOKEN = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’ʼ-][\p{L}\p{M}\p{N}]+)*|\S/gu;
const WORD_START = /^[\p{L}\p{N}]/u;

/** Cells of the LCS table; beyond it the changed middle is one hunk (inputs are ~3,000 chars). */
const MAX_DIFF_CELLS = 1_500_000;
/** Cells of the edit-distance loop; beyond it a bag-of-words estimate stands in. */
const MAX_DISTANCE_CELLS = 4_000_000;

export interface Token {
  text: string;
  /** Lower-cased, apostrophes unified: what the diff compares (case-only edits are no edits). */
  norm: string;
  word: boolean;
  start: number;
  end: number;
}

/** One changed stretch: tokens deleted from the first text, tokens inserted from the second. */
export interface Hunk {
  del: Token[];
  ins: Token[];
  /** Unchanged context on both sides: two words, or up to the text's edge. */
  anchored: boolean;
}

export interface Span {
  start: number;
  end: number;
}

export function normWord(word: string): string {
  return word.toLowerCase().replace(/[’ʼ]/g, "'");
}

export function maskProtected(text: string): string {
  return text.replace(PROTECTED, (m) => " ".repeat(m.length));
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of maskProtected(text).matchAll(TOKEN)) {
    const word = WORD_START.test(m[0]);
    const start = m.index;
    tokens.push({ text: m[0], norm: word ? normWord(m[0]) : m[0], word, start, end: start + m[0].length });
  }
  return tokens;
}

export function words(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.word);
}

function item<T>(list: readonly T[], i: number): T {
  const value = list[i];
  if (value === undefined) throw new RangeError(`index ${i} out of range`);
  return value;
}

type Op = { kind: "eq" | "del" | "ins"; token: Token };

/** LCS over the changed middle (common prefix and suffix trimmed first). */
function middleOps(a: readonly Token[], b: readonly Token[]): Op[] {
  const n = a.length;
  const m = b.length;
  const dels = a.map((token): Op => ({ kind: "del", token }));
  const inss = b.map((token): Op => ({ kind: "ins", token }));
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_DIFF_CELLS) return [...dels, ...inss];
  const w = m + 1;
  const dp = new Uint16Array((n + 1) * w);
  const at = (i: number, j: number) => dp[i * w + j] ?? 0;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i * w + j] =
        item(a, i).norm === item(b, j).norm ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (item(a, i).norm === item(b, j).norm) {
      ops.push({ kind: "eq", token: item(a, i) });
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) ops.push(item(dels, i++));
    else ops.push(item(inss, j++));
  }
  return [...ops, ...dels.slice(i), ...inss.slice(j)];
}

function diffOps(a: readonly Token[], b: readonly Token[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && item(a, pre).norm === item(b, pre).norm) pre++;
  let suf = 0;
  while (
    suf < a.length - pre &&
    suf < b.length - pre &&
    item(a, a.length - 1 - suf).norm === item(b, b.length - 1 - suf).norm
  )
    suf++;
  const eq = (token: Token): Op => ({ kind: "eq", token });
  return [
    ...a.slice(0, pre).map(eq),
    ...middleOps(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)),
    ...a.slice(a.length - suf).map(eq),
  ];
}

/** The diff as changed hunks, each marked anchored or not (see Hunk). */
export function diffHunks(a: readonly Token[], b: readonly Token[]): Hunk[] {
  type Run = { eqWords: number } | { del: Token[]; ins: Token[] };
  const runs: Run[] = [];
  for (const op of diffOps(a, b)) {
    const last = runs[runs.length - 1];
    if (op.kind === "eq") {
      if (last && "eqWords" in last) last.eqWords += op.token.word ? 1 : 0;
      else runs.push({ eqWords: op.token.word ? 1 : 0 });
    } else {
      const hunk = last && "del" in last ? last : { del: [], ins: [] };
      if (hunk !== last) runs.push(hunk);
      (op.kind === "del" ? hunk.del : hunk.ins).push(op.token);
    }
  }
  // Context: the text's edge, or an unchanged run reaching it, or two unchanged words.
  const context = (k: number) => {
    const run = runs[k];
    return run === undefined || k === 0 || k === runs.length - 1 || ("eqWords" in run && run.eqWords >= 2);
  };
  const hunks: Hunk[] = [];
  runs.forEach((run, k) => {
    if ("del" in run) hunks.push({ ...run, anchored: context(k - 1) && context(k + 1) });
  });
  return hunks;
}

/** Levenshtein distance over two word lists, two rows of memory. */
function distance(a: readonly string[], b: readonly string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Words of `a` with no counterpart in `b` (as a multiset): the estimate for huge inputs. */
function bagDistance(a: readonly string[], b: readonly string[]): number {
  const left = new Map<string, number>();
  for (const w of b) left.set(w, (left.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of a) {
    const n = left.get(w) ?? 0;
    if (n > 0) {
      shared++;
      left.set(w, n - 1);
    }
  }
  return Math.max(a.length, b.length) - shared;
}

/**
 * 0 = the same words, 1 = nothing in common: word-level edit distance / the longer word count.
 * Words only (punctuation, case, citation markers and links ignored), so re-punctuating is
 * not rewording.
 */
export function wordEditRatio(before: string, after: string): number {
  const a = words(tokenize(before)).map((t) => t.norm);
  const b = words(tokenize(after)).map((t) => t.norm);
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 0;
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf])
    suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const d = am.length * bm.length > MAX_DISTANCE_CELLS ? bagDistance(am, bm) : distance(am, bm);
  return d / longest;
}

// A sentence ends at . ! ? … (closing quotes and citation markers stay with it), before
// whitespace and a capital, a digit or an opening quote; "e.g." and "Dr." never end one.
const END_BEFORE = /[.!?…]["”»’)]*(?:\s*\[\d+(?:\s*[,–-]\s*\d+)*\])*$/u;
const START_AFTER = /^["“«(]?[\p{Lu}\p{N}]/u;
const ABBREVIATION =
  /(?:\b(?:e\.g|i\.e|et al|vs|etc|approx|dr|prof|fig|no|cf)|(?<!\p{L})(?:напр|див|проф|д-р))\.$/iu;

/** Sentences of a text as trimmed spans: lines first, then sentence ends; wordless bits skipped. */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const line of text.matchAll(/[^\n]+/g)) {
    let start = line.index;
    const push = (end: number) => {
      const raw = text.slice(start, end);
      const lead = raw.length - raw.trimStart().length;
      const span = { start: start + lead, end: start + raw.trimEnd().length };
      if (/[\p{L}\p{N}]/u.test(text.slice(span.start, span.end))) spans.push(span);
    };
    for (const gap of line[0].matchAll(/\s+/g)) {
      const at = line.index + gap.index;
      const next = at + gap[0].length;
      const head = text.slice(Math.max(start, at - 80), at);
      if (!START_AFTER.test(text.slice(next, next + 3)) || !END_BEFORE.test(head) || ABBREVIATION.test(head))
        continue;
      push(at);
      start = next;
    }
    push(line.index + line[0].length);
  }
  return spans;
}
