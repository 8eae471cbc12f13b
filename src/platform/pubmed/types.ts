/**
 * PubMed port (NCBI E-utilities): search for PMIDs, resolve summaries (a PMID that does
 * not resolve is dropped — it must never reach a card), fetch abstracts.
 */
export interface PubmedSummary {
  pmid: string;
  title: string;
  journal: string;
  year: string;
  authors: string[];
  pubTypes: string[];
  doi?: string;
}

export interface PubmedArticle extends PubmedSummary {
  abstract: string;
}

export interface PubmedSearchOptions {
  /** At most this many PMIDs (default 5). */
  retmax?: number;
  /** Restrict to reviews, systematic reviews, meta-analyses, guidelines and RCTs. */
  preferHighEvidence?: boolean;
}

export interface PubmedClient {
  search(query: string, options?: PubmedSearchOptions): Promise<string[]>;
  /** Only PMIDs that resolved; unknown ones are absent from the map. */
  summaries(pmids: string[]): Promise<Map<string, PubmedSummary>>;
  abstracts(pmids: string[]): Promise<Map<string, string>>;
  /**
   * Cache writes run behind the answers (off the draft's critical path): waits for those
   * still in flight. Call before the job ends, so the runtime does not cancel them.
   */
  settle(): Promise<void>;
}

/** PubMed could not be reached or kept refusing (429 / 5xx / timeout): degrade, do not fail. */
export class PubmedUnavailableError extends Error {
  override readonly name = "PubmedUnavailableError";
}
