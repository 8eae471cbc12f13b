/**
 * esearch: the search term (optionally restricted to high-evidence publication types),
 * the request parameters, and the validated JSON response (PMIDs in relevance order).
 */
import { z } from "zod";

/** Systematic reviews, meta-analyses, reviews, guidelines and RCTs. */
export const HIGH_EVIDENCE_FILTER =
  "(systematic review[pt] OR meta-analysis[pt] OR review[pt] OR practice guideline[pt] OR " +
  "guideline[pt] OR randomized controlled trial[pt])";

export const MAX_RETMAX = 100;

export function searchTerm(query: string, highEvidence: boolean): string {
  return highEvidence ? `(${query}) AND ${HIGH_EVIDENCE_FILTER}` : query;
}

export function esearchParams(term: string, retmax: number): Record<string, string> {
  return { term, retmax: String(retmax), retmode: "json", sort: "relevance" };
}

/** NCBI reports query errors inside a 200 (`esearchresult.ERROR`, no idlist): that fails here. */
export const esearchResponse = z.object({
  esearchresult: z.object({
    idlist: z.array(z.string().regex(/^\d+$/)),
  }),
});

export type EsearchResponse = z.infer<typeof esearchResponse>;

export function normaliseRetmax(retmax: number | undefined): number {
  const value = Math.trunc(retmax ?? 5);
  return Number.isFinite(value) ? Math.min(MAX_RETMAX, Math.max(1, value)) : 5;
}
