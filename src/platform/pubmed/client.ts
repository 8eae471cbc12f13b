/**
 * PubmedClient over NCBI E-utilities, with a D1 cache in front.
 *
 * - search: esearch sorted by relevance; with `preferHighEvidence` (default) the term is
 *   restricted to high-evidence publication types, and an empty filtered result gets one
 *   more search without the filter. Cached for a day, keyed by a hash of the request.
 * - summaries: esummary JSON; a PMID that does not resolve is dropped (logged as
 *   `pubmed_unresolved`). Cached a week per PMID, so overlapping requests share entries.
 * - abstracts: efetch XML, structured abstracts kept as "LABEL: text" paragraphs. Cached a
 *   week per PMID; a record without an abstract is cached as such and left out of the map.
 *
 * Cache writes do not hold up the answer; `settle()` waits for them at the end of the job.
 * Transport, pacing and the failure policy live in `eutils.ts`: whatever goes wrong with
 * NCBI surfaces as `PubmedUnavailableError`.
 */
import { z } from "zod";
import type { Db } from "../../db/client";
import { sha256Hex } from "../../lib/hash";
import type { Logger } from "../../lib/log";
import type { Metrics } from "../../observability/metrics";
import { createPubmedCache, RECORD_TTL_MS, SEARCH_TTL_MS } from "./cache";
import { EfetchParseError, parseEfetchAbstracts } from "./efetch-xml";
import { esearchParams, esearchResponse, normaliseRetmax, searchTerm } from "./esearch";
import { esummaryParams, esummaryResponse, pubmedSummarySchema, readEsummary } from "./esummary";
import { createEutils, type EutilsCall, type PubmedConfig, parseJsonBody } from "./eutils";
import type { NcbiLimiter } from "./limiter";
import { type PubmedClient, type PubmedSummary, PubmedUnavailableError } from "./types";

export interface PubmedClientDeps {
  config: PubmedConfig;
  db: Db;
  /** Reserves a send slot at `rate` requests/s; resolves to the wait in ms. */
  limiter: NcbiLimiter;
  log: Logger;
  metrics?: Metrics;
  /** Per-HTTP-call timeout (default 8 s). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 8000;
/** UIDs per esummary/efetch request. */
const IDS_PER_REQUEST = 200;
const CACHE_VERSION = "v1";
const PMID = /^\d{1,9}$/;

const searchKey = async (query: string, retmax: number, highEvidence: boolean) =>
  `pubmed:search:${CACHE_VERSION}:${await sha256Hex(JSON.stringify({ query, retmax, highEvidence }))}`;
const summaryKey = (pmid: string) => `pubmed:summary:${CACHE_VERSION}:${pmid}`;
const abstractKey = (pmid: string) => `pubmed:abstract:${CACHE_VERSION}:${pmid}`;

const cachedIds = z.array(z.string());
const cachedAbstract = z.string();

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createPubmedClient(deps: PubmedClientDeps): PubmedClient {
  const { log } = deps;
  const cache = createPubmedCache(deps.db, log);
  // Writes are never awaited by the caller (putMany logs its own failures and never throws).
  const writes = new Set<Promise<void>>();
  const store = (entries: Array<{ key: string; value: unknown }>, ttlMs: number) => {
    const write = cache.putMany(entries, ttlMs);
    writes.add(write);
    void write.finally(() => writes.delete(write));
  };
  const eutils: EutilsCall = createEutils({
    config: deps.config,
    limiter: deps.limiter,
    log,
    metrics: deps.metrics,
    timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });

  /** Trimmed, de-duplicated, well-formed PMIDs; anything else is unresolvable by definition. */
  function validPmids(pmids: string[], endpoint: string): string[] {
    const unique = [...new Set(pmids.map((pmid) => pmid.trim()))];
    const invalid = unique.filter((pmid) => !PMID.test(pmid));
    if (invalid.length > 0)
      log.info("pubmed_unresolved", { endpoint, reason: "invalid_pmid", count: invalid.length });
    return unique.filter((pmid) => PMID.test(pmid));
  }

  async function esearch(term: string, retmax: number): Promise<string[]> {
    const body = await eutils("esearch", esearchParams(term, retmax));
    return parseJsonBody(body, esearchResponse, "esearch", log).esearchresult.idlist.slice(0, retmax);
  }

  async function search(query: string, options: { retmax?: number; preferHighEvidence?: boolean } = {}) {
    const text = query.trim();
    if (!text) return [];
    const retmax = normaliseRetmax(options.retmax);
    const highEvidence = options.preferHighEvidence ?? true;
    const key = await searchKey(text, retmax, highEvidence);
    const hit = cachedIds.safeParse((await cache.getMany([key])).get(key));
    if (hit.success) return hit.data;

    let ids = await esearch(searchTerm(text, highEvidence), retmax);
    if (ids.length === 0 && highEvidence) {
      log.info("pubmed_search_fallback", { reason: "no high-evidence results" });
      ids = await esearch(searchTerm(text, false), retmax);
    }
    store([{ key, value: ids }], SEARCH_TTL_MS);
    return ids;
  }

  async function summaries(pmids: string[]): Promise<Map<string, PubmedSummary>> {
    const wanted = validPmids(pmids, "esummary");
    const found = new Map<string, PubmedSummary>();
    const cached = await cache.getMany(wanted.map(summaryKey));
    for (const pmid of wanted) {
      const hit = pubmedSummarySchema.safeParse(cached.get(summaryKey(pmid)));
      if (hit.success) found.set(pmid, hit.data);
    }
    const misses = wanted.filter((pmid) => !found.has(pmid));
    const unresolved: string[] = [];
    for (const batch of chunks(misses, IDS_PER_REQUEST)) {
      const body = await eutils("esummary", esummaryParams(batch));
      const result = readEsummary(parseJsonBody(body, esummaryResponse, "esummary", log), batch);
      unresolved.push(...result.unresolved);
      for (const [pmid, summary] of result.resolved) found.set(pmid, summary);
      store(
        [...result.resolved].map(([pmid, summary]) => ({ key: summaryKey(pmid), value: summary })),
        RECORD_TTL_MS,
      );
    }
    if (unresolved.length > 0) log.info("pubmed_unresolved", { endpoint: "esummary", pmids: unresolved });
    return inOrder(wanted, found);
  }

  async function abstracts(pmids: string[]): Promise<Map<string, string>> {
    const wanted = validPmids(pmids, "efetch");
    const found = new Map<string, string>();
    const cached = await cache.getMany(wanted.map(abstractKey));
    for (const pmid of wanted) {
      const hit = cachedAbstract.safeParse(cached.get(abstractKey(pmid)));
      if (hit.success) found.set(pmid, hit.data);
    }
    const misses = wanted.filter((pmid) => !found.has(pmid));
    const unresolved: string[] = [];
    for (const batch of chunks(misses, IDS_PER_REQUEST)) {
      const body = await eutils("efetch", { id: batch.join(","), retmode: "xml", rettype: "abstract" });
      const parsed = parseAbstracts(body);
      const fetched = batch.filter((pmid) => parsed.has(pmid));
      unresolved.push(...batch.filter((pmid) => !parsed.has(pmid)));
      for (const pmid of fetched) found.set(pmid, parsed.get(pmid) ?? "");
      store(
        fetched.map((pmid) => ({ key: abstractKey(pmid), value: parsed.get(pmid) ?? "" })),
        RECORD_TTL_MS,
      );
    }
    if (unresolved.length > 0) log.info("pubmed_unresolved", { endpoint: "efetch", pmids: unresolved });
    // "" marks a record without an abstract: cached, but not an abstract to hand out.
    const withText = new Map([...found].filter(([, text]) => text !== ""));
    return inOrder(wanted, withText);
  }

  function parseAbstracts(body: string): Map<string, string> {
    try {
      return parseEfetchAbstracts(body);
    } catch (err) {
      const reason = err instanceof EfetchParseError ? err.message : "unreadable XML";
      log.warn("pubmed_unavailable", { endpoint: "efetch", reason });
      throw new PubmedUnavailableError(`PubMed efetch unavailable: ${reason}`);
    }
  }

  const settle = async () => {
    await Promise.all([...writes]);
  };

  return { search, summaries, abstracts, settle };
}

function inOrder<V>(order: string[], values: Map<string, V>): Map<string, V> {
  const out = new Map<string, V>();
  for (const key of order) {
    const value = values.get(key);
    if (value !== undefined) out.set(key, value);
  }
  return out;
}
