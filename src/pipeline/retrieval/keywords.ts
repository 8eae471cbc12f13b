/**
 * Query keywords for BM25 and relevance checks: Unicode word tokens, lower-cased, minus
 * English and Ukrainian stop words. Also builds a safe FTS5 MATCH expression (every term
 * quoted, so user text can never inject FTS5 syntax).
 */
const STOP_WORDS = new Set(
  (
    "a an and are as at be but by for from has have how i if in into is it its of on or our so than that the their them " +
    "then there these they this to was we what when which who why will with you your about after before can do does " +
    "не на та і й в у з із за до від для що як це чи але або бо же ще ти ви ми він вона вони його її їх мене мені " +
    "собі свій своє своя свої так там тут при про по під над між через коли щоб якщо лише вже теж також"
  ).split(/\s+/),
);

export function keywords(text: string, max = 12): string[] {
  const out: string[] = [];
  for (const token of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (token.length < 3 || STOP_WORDS.has(token) || out.includes(token)) continue;
    out.push(token);
    if (out.length >= max) break;
  }
  return out;
}

/** `"sleep" OR "caffeine"` — or undefined when there is nothing to search for. */
export function ftsQuery(terms: string[]): string | undefined {
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.replace(/"/g, "")}"*`).join(" OR ");
}

/** How many distinct query keywords occur in `text` (prefix match on 5 chars for inflection). */
export function keywordOverlap(terms: string[], text: string): number {
  return prefixOverlap(terms, wordPrefixes(text));
}

/** The 5-character prefixes of `text`'s words: what `keywordOverlap` compares. */
export function wordPrefixes(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.slice(0, 5)));
}

/** `keywordOverlap` against prefixes computed once (`wordPrefixes`). */
export function prefixOverlap(terms: string[], prefixes: Set<string>): number {
  return terms.filter((t) => prefixes.has(t.slice(0, 5))).length;
}
