/**
 * Evidence excerpts: how much of a retrieved text the drafter and the claim checker see.
 *
 * Knowledge chunks are bounded by the chunker, so the excerpt budget is derived from its
 * settings and a chunk always arrives whole. Longer texts (PubMed abstracts, source pages)
 * are cut around the passage that matched the query — the contiguous run of sentences
 * sharing the most query keywords — never in the middle of a sentence, with "…" marking
 * what was left out. Otherwise retrieval could match a passage the drafter never sees.
 */
import { type ChunkOptions, GUIDELINE_CHUNKING, splitSentences, wrapAtSpaces } from "../../knowledge/chunk";
import { keywordOverlap } from "./keywords";

/**
 * The longest chunk `chunkGuideline` can produce with `options`. A token is estimated per 4
 * characters, rounded up, and every sentence is at least one token, so a sentence plus the
 * space joining it to the next is at most 5 characters per token. A chunk either stays
 * within targetTokens, or is the carried-over overlap followed by one sentence that alone
 * overshoots (`hardWrap` caps it at targetTokens * 4 characters). A bound, not a guess.
 */
export function maxChunkChars({ targetTokens, overlapTokens }: ChunkOptions): number {
  return Math.max(targetTokens * 5 - 1, overlapTokens * 5 + targetTokens * 4);
}

/** Excerpt budget for knowledge chunks and PubMed abstracts: a guideline chunk always fits. */
export const EXCERPT_CHARS = maxChunkChars(GUIDELINE_CHUNKING);

/** Source pages the physician chose get twice the room: they are the post's own subject. */
export const SOURCE_EXCERPT_CHARS = EXCERPT_CHARS * 2;

const ELLIPSIS = "…";

/**
 * `text` unchanged when it fits `maxChars`; otherwise the run of whole sentences with the
 * most distinct `terms` (then the most keyword hits), centred on its matches, within the
 * budget. With no match at all, the opening of the text.
 */
export function excerptAround(text: string, terms: string[], maxChars: number): string {
  if (text.length <= maxChars) return text;
  // Room for an elision mark on both sides ("… " and " …").
  const room = Math.max(1, maxChars - 2 * (ELLIPSIS.length + 1));
  const sentences = splitSentences(text).flatMap((s) => wrapAtSpaces(s, room));
  if (sentences.length === 0) return "";
  const hits = sentences.map((s) => terms.filter((t) => keywordOverlap([t], s) > 0));

  // Window widths from prefix sums: sentences [a, b) joined with single spaces.
  const prefix = [0];
  for (const s of sentences) prefix.push((prefix.at(-1) ?? 0) + s.length);
  const width = (a: number, b: number) => (prefix[b] ?? 0) - (prefix[a] ?? 0) + (b - a - 1);

  // Two pointers: for each start, the longest window that fits (widening only adds keywords).
  const counts = new Map<string, number>();
  let distinct = 0;
  let total = 0;
  const count = (i: number, step: 1 | -1) => {
    for (const t of hits[i] ?? []) {
      const n = (counts.get(t) ?? 0) + step;
      counts.set(t, n);
      if (step === 1 && n === 1) distinct++;
      if (step === -1 && n === 0) distinct--;
    }
    total += step * (hits[i]?.length ?? 0);
  };
  let best = { start: 0, end: 1, distinct: -1, total: -1 };
  let end = 0; // exclusive; every sentence fits alone (wrapLong), so end > start after widening
  for (let start = 0; start < sentences.length; start++) {
    while (end < sentences.length && width(start, end + 1) <= room) count(end++, 1);
    if (distinct > best.distinct || (distinct === best.distinct && total > best.total)) {
      best = { start, end, distinct, total };
    }
    count(start, -1);
  }

  // Centre the excerpt on the matched sentences: shrink the window to its first and last
  // sentence with a keyword, then widen it alternately after and before while it fits.
  let first = best.start;
  let last = best.end;
  if (best.distinct > 0) {
    while ((hits[first]?.length ?? 0) === 0) first++;
    while ((hits[last - 1]?.length ?? 0) === 0) last--;
    for (let grew = true; grew; ) {
      grew = false;
      if (last < sentences.length && width(first, last + 1) <= room) {
        last++;
        grew = true;
      }
      if (first > 0 && width(first - 1, last) <= room) {
        first--;
        grew = true;
      }
    }
  }

  const body = sentences.slice(first, last).join(" ");
  const before = first > 0 ? `${ELLIPSIS} ` : "";
  const after = last < sentences.length ? ` ${ELLIPSIS}` : "";
  return `${before}${body}${after}`;
}
