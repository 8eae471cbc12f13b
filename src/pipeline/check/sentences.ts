/**
 * Splits a draft into sentences for the claim check. Lines are split first (paragraphs,
 * list items), then at . ! ? … followed by a capital, a digit or a quote. Citation markers
 * after the full stop ("… sleep. [2]") stay with their sentence; decimals, URLs, DOIs,
 * "e.g.", "et al." and initials never end one.
 */

const ABBREVIATIONS =
  /(?:\b(?:e\.g|i\.e|et al|vs|etc|approx|dr|prof|fig|no|mg|incl|cf|ca|St)|(?<![\p{L}])(?:напр|т\.?\s?зв|т\.?\s?д|т\.?\s?ч|див|р|рр|ст|проф|д-р|мг|тис|млн))\.$/iu;
const INITIAL = /(?<![\p{L}])\p{Lu}\.$/u;

// A sentence end: terminal punctuation, closing quotes, then any citation markers.
const END_BEFORE = /[.!?…]["”»)]*(?:\s*\[\d+(?:\s*[,–-]\s*\d+)*\])*$/u;
const START_AFTER = /^["“«(]?[\p{Lu}\p{N}]/u;
/**
 * Characters before a break that decide whether it ends a sentence. Testing bounded slices
 * (not the whole line behind each space) keeps the split linear in the draft.
 */
const LOOKAROUND = 80;

/** The line's pieces, broken at whitespace after a sentence end and before a sentence start. */
function splitAtSentenceEnds(line: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of line.matchAll(/\s+/g)) {
    const at = match.index;
    const next = at + match[0].length;
    if (!START_AFTER.test(line.slice(next, next + 3))) continue;
    if (!END_BEFORE.test(line.slice(Math.max(start, at - LOOKAROUND), at))) continue;
    pieces.push(line.slice(start, at));
    start = next;
  }
  pieces.push(line.slice(start));
  return pieces;
}

export function draftSentences(text: string): string[] {
  const out: string[] = [];
  for (const rawLine of text.replace(/\r\n?/g, "\n").split(/\n+/)) {
    const line = rawLine.replace(/^\s*(?:[-•*–]|\d+[.)])\s+/, "").trim();
    if (!line) continue;
    let pending = "";
    for (const piece of splitAtSentenceEnds(line)) {
      const joined = pending ? `${pending} ${piece}` : piece;
      // The longest abbreviation is a few characters: its tail decides (linear on long runs).
      const tail = joined.slice(-LOOKAROUND);
      if (ABBREVIATIONS.test(tail) || INITIAL.test(tail)) {
        pending = joined;
        continue;
      }
      out.push(joined.trim());
      pending = "";
    }
    if (pending) out.push(pending.trim());
  }
  return out.filter((s) => /[\p{L}\p{N}]/u.test(s));
}
