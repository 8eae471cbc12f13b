/**
 * Splits a draft into sentences for the claim check. Lines are split first (paragraphs,
 * list items), then at . ! ? … followed by a capital, a digit or a quote. Citation markers
 * after the full stop ("… sleep. [2]") stay with their sentence; decimals, URLs, DOIs,
 * "e.g.", "et al." and initials never end one.
 */

const ABBREVIATIONS =
  /(?:\b(?:e\.g|i\.e|et al|vs|etc|approx|dr|prof|fig|no|mg|incl|cf|ca|St)|(?<![\p{L}])(?:напр|т\.?\s?зв|т\.?\s?д|т\.?\s?ч|див|р|рр|ст|проф|д-р|мг|тис|млн))\.$/iu;
const INITIAL = /(?<![\p{L}])\p{Lu}\.$/u;

export function draftSentences(text: string): string[] {
  const out: string[] = [];
  for (const rawLine of text.replace(/\r\n?/g, "\n").split(/\n+/)) {
    const line = rawLine.replace(/^\s*(?:[-•*–]|\d+[.)])\s+/, "").trim();
    if (!line) continue;
    const pieces = line.split(
      /(?<=[.!?…](?:["”»)]*)(?:\s*\[\d+(?:\s*[,–-]\s*\d+)*\])*)\s+(?=["“«(]?[\p{Lu}\p{N}])/u,
    );
    let pending = "";
    for (const piece of pieces) {
      const joined = pending ? `${pending} ${piece}` : piece;
      if (ABBREVIATIONS.test(joined) || INITIAL.test(joined)) {
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
