/**
 * The relevance cut-off (ADR 0003) in one place: a retrieved text is evidence for a query
 * only on absolute grounds — its dense similarity reaches the embedder's floor, or it
 * shares enough of the query's keywords. Used for knowledge chunks and PubMed articles.
 */

export interface RelevanceCutoff {
  /** Cosine similarity at or above which a chunk is close enough in meaning. */
  denseFloor: number;
  /** Distinct query keywords a text must contain (all of them when the query has fewer). */
  minOverlap: number;
}

/**
 * Whether `overlap` shared keywords out of the query's `termCount` are enough. A query
 * with no keywords (only stop words, or very short) vouches for nothing: without this
 * `min(minOverlap, 0)` would be 0 and every text would pass.
 */
export function enoughOverlap(overlap: number, termCount: number, minOverlap: number): boolean {
  return termCount > 0 && overlap >= Math.min(minOverlap, termCount);
}

/** The cut-off for a chunk: dense similarity (absent when it was found by BM25 only) or keywords. */
export function passesCutoff(
  chunk: { dense?: number; overlap: number },
  termCount: number,
  cutoff: RelevanceCutoff,
): boolean {
  const closeInMeaning = chunk.dense !== undefined && chunk.dense >= cutoff.denseFloor;
  return closeInMeaning || enoughOverlap(chunk.overlap, termCount, cutoff.minOverlap);
}
