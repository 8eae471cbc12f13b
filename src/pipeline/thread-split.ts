/**
 * Splits a long text into pieces that each satisfy a `fits` predicate, breaking at the
 * gentlest boundary available: paragraphs (kept whole when they fit in one piece), then
 * sentences and line breaks (EN and Ukrainian punctuation), then words. Only a single
 * "word" that cannot fit even alone (a huge URL on Threads) is cut, at grapheme
 * boundaries, as a last resort. Breaks happen only at whitespace otherwise, so a URL is
 * never cut and the pieces' words, in order, are the original words. Whitespace inside a
 * piece is kept as written (line breaks in lists survive); whitespace at a break is dropped.
 */

export type Fits = (piece: string) => boolean;

/** 0 paragraph, 1 sentence or line, 2 word, 3 grapheme (hard cut). */
type Level = 0 | 1 | 2 | 3;

interface Unit {
  /** The whitespace that preceded this unit in the original text. */
  sep: string;
  text: string;
  level: Level;
}

// Terminal punctuation, optionally followed by closing quotes or brackets.
const SENTENCE_END = /[.!?…](?:["'»”’)\]]*)$/u;
// What a new sentence may start with: a capital (Latin or Cyrillic), digit, quote, bracket,
// dash (Ukrainian dialogue) or emoji.
const SENTENCE_START = /^["'«„“([—–\p{Lu}\p{N}\p{Extended_Pictographic}]/u;
// Abbreviations after which a full stop does not end the sentence.
const ABBREVIATIONS = new Set([
  "e.g.",
  "i.e.",
  "dr.",
  "mr.",
  "mrs.",
  "ms.",
  "prof.",
  "vs.",
  "al.",
  "fig.",
  "no.",
  "approx.",
  "ca.",
  "напр.",
  "див.",
  "проф.",
  "д-р.",
  "рис.",
  "ст.",
  "т.",
  "зв.",
  "тис.",
  "млн.",
]);

/**
 * Splits `text` (already trimmed) into pieces that each satisfy `fits`. Returns at least
 * one piece; every piece is non-empty when `text` is.
 */
export function splitToFit(text: string, fits: Fits): string[] {
  const parts: string[] = [];
  let current = "";
  // A stack (next unit last) so oversized units can be replaced by their children in place.
  const stack: Unit[] = splitLevel(text, 0).reverse();
  for (let unit = stack.pop(); unit; unit = stack.pop()) {
    const candidate = current ? current + unit.sep + unit.text : unit.text;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (fits(unit.text)) {
      if (current) parts.push(current);
      current = unit.text;
      continue;
    }
    const children = expand(unit);
    if (children) {
      stack.push(...children.reverse());
      continue;
    }
    if (current) parts.push(current);
    const pieces = hardCut(unit.text, fits);
    current = pieces.pop() ?? "";
    parts.push(...pieces);
  }
  if (current || parts.length === 0) parts.push(current);
  return parts;
}

/** The unit's children at the next level that actually splits it, or null for a lone word. */
function expand(unit: Unit): Unit[] | null {
  for (let level = unit.level + 1; level <= 2; level++) {
    const children = splitLevel(unit.text, level as Level);
    const first = children[0];
    if (children.length > 1 && first) {
      first.sep = unit.sep;
      return children;
    }
  }
  return null;
}

/** Characters either side of a break that decide whether it ends a sentence. */
const LOOKAROUND = 40;

/** Splits at the whitespace runs that are boundaries at `level`, keeping each run as `sep`. */
function splitLevel(text: string, level: Level): Unit[] {
  const units: Unit[] = [];
  let start = 0;
  let sep = "";
  for (const match of text.matchAll(/\s+/g)) {
    const ws = match[0];
    const at = match.index;
    // Only the few characters around the break decide it: bounded slices keep this linear
    // in the text even when a sentence runs for pages.
    const before = text.slice(Math.max(start, at - LOOKAROUND), at);
    const after = text.slice(at + ws.length, at + ws.length + LOOKAROUND);
    if (at === 0 || !isBoundary(level, ws, before, after)) continue;
    units.push({ sep, text: text.slice(start, at), level });
    sep = ws;
    start = at + ws.length;
  }
  const rest = text.slice(start);
  if (rest || units.length === 0) units.push({ sep, text: rest, level });
  return units;
}

function isBoundary(level: Level, ws: string, before: string, after: string): boolean {
  const newlines = ws.split("\n").length - 1;
  if (level === 0) return newlines >= 2;
  if (level >= 2) return true;
  if (newlines >= 1) return true;
  if (!SENTENCE_END.test(before) || !SENTENCE_START.test(after)) return false;
  const lastWord = (before.split(/\s/).pop() ?? "").toLowerCase();
  // "e.g." and initials such as "J." do not end a sentence.
  return !ABBREVIATIONS.has(lastWord) && !/^\p{L}\.$/u.test(lastWord);
}

/**
 * Cuts a single oversized word into the longest grapheme prefixes that fit. The search
 * gallops (1, 2, 4 … graphemes) before bisecting, so `fits` only ever sees about twice a
 * piece's length: linear in the word, however long it is.
 */
function hardCut(word: string, fits: Fits): string[] {
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const graphemes = Array.from(segmenter.segment(word), (s) => s.segment);
  const pieces: string[] = [];
  let start = 0;
  while (start < graphemes.length) {
    const left = graphemes.length - start;
    // Always take at least one grapheme.
    let lo = 1;
    while (lo * 2 <= left && fits(graphemes.slice(start, start + lo * 2).join(""))) lo *= 2;
    let hi = Math.min(left, lo * 2 - 1);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(graphemes.slice(start, start + mid).join(""))) lo = mid;
      else hi = mid - 1;
    }
    pieces.push(graphemes.slice(start, start + lo).join(""));
    start += lo;
  }
  return pieces;
}
