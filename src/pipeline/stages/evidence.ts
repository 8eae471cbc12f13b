/**
 * Evidence stage: the curated knowledge base (hybrid retrieval with a real relevance
 * cut-off; a Ukrainian topic is searched in both languages), PubMed (English query,
 * high-evidence publication types first, only PMIDs that esummary resolves and whose
 * title and abstract are about the query), and the physician's optional source URL
 * (SSRF-guarded) — run in parallel, each degrading on its own. Items are numbered for
 * citation: knowledge base first, then PubMed, then the source URL. Texts reach the
 * drafter whole, or cut around the passage that matched (`retrieval/excerpt.ts`).
 */

import { inArray } from "drizzle-orm";
import type { Config } from "../../config";
import { knowledgeDocuments } from "../../db/schema";
import { withDeadline } from "../../lib/deadline";
import type { Logger } from "../../lib/log";
import { errorMessage } from "../../lib/log";
import type { Metrics } from "../../observability/metrics";
import { dohResolver, fetchSourceText } from "../../platform/fetch-guard";
import type { PubmedClient } from "../../platform/pubmed/types";
import { buildPubmedQuery, hasCyrillic, type PubmedQueryResult, type QueryLlm } from "../query";
import { EXCERPT_CHARS, excerptAround, SOURCE_EXCERPT_CHARS } from "../retrieval/excerpt";
import { type HybridDeps, hybridSearch, type RetrievedChunk } from "../retrieval/hybrid";
import { keywordOverlap, keywords } from "../retrieval/keywords";
import { enoughOverlap } from "../retrieval/relevance";
import type { EvidenceItem, EvidenceResult } from "../types";

export interface EvidenceDeps extends HybridDeps {
  config: Config;
  log: Logger;
  /** Stage data points (knowledge, pubmed, source_url) when the pipeline runs it. */
  metrics?: Metrics;
  pubmed: PubmedClient;
  /** The physician whose own uploaded guidelines are searched alongside the shared ones. */
  physicianId?: string;
  pubmedDeadlineMs?: number;
  queryLlm?: QueryLlm;
  queryTimeoutMs?: number;
}

export const KB_ITEMS = 4;
export const PUBMED_ITEMS = 3;
/** PubMed candidates judged by the relevance gate before the best PUBMED_ITEMS are kept. */
const PUBMED_CANDIDATES = 6;
/** Keywords of the English query an article's title and abstract must share (ADR 0003's rule). */
const PUBMED_MIN_OVERLAP = 2;
const KB_CUTOFF_MIN_OVERLAP = 2;

/** Longest PubMed may take (query translation, queueing behind the NCBI limiter, requests). */
export const PUBMED_DEADLINE_MS = 18_000;

export type EvidenceNote =
  | "pubmed_unavailable"
  | "source_unavailable"
  | "no_evidence"
  | "knowledge_unavailable"
  | "style_unavailable";

export interface EvidenceOutcome extends EvidenceResult {
  notes: EvidenceNote[];
  timings: Record<string, number>;
}

export async function gatherEvidence(
  deps: EvidenceDeps,
  input: { topic: string; sourceUrl?: string | null },
): Promise<EvidenceOutcome> {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    let outcome = "error";
    try {
      const result = await work();
      outcome = "ok";
      return result;
    } finally {
      timings[name] = Date.now() - started;
      deps.log.info("stage", { stage: name, duration_ms: timings[name] });
      deps.metrics?.write("stage", { stage: name, outcome, platform: "", ms: timings[name] });
    }
  };

  const deadlineMs = deps.pubmedDeadlineMs ?? PUBMED_DEADLINE_MS;
  // The English query is built once and shared (a model call only for a Ukrainian topic).
  const english = buildPubmedQuery(input.topic, deps.queryLlm, deps.log, deps.queryTimeoutMs);
  const translation = translatedQuery(input.topic, english, deadlineMs);
  const terms = translation.then((q) => keywordsOf([input.topic, q]));

  let knowledgeFailed = false;
  const [kb, pubmed, source] = await Promise.all([
    // The knowledge base (D1 search, embeddings, vectors) degrades on its own like PubMed.
    timed("knowledge", () =>
      knowledgeItems(deps, input.topic, translation, terms).catch((err: unknown) => {
        knowledgeFailed = true;
        deps.log.warn("knowledge_unavailable", { error: errorMessage(err) });
        return [] as EvidenceItem[];
      }),
    ),
    // PubMed has its own deadline inside the stage's: slow NCBI degrades, it never fails the draft.
    timed("pubmed", () =>
      withDeadline(pubmedItems(deps, english), deadlineMs, () => {
        deps.log.warn("pubmed_unavailable", { reason: "deadline" });
        return { items: [], status: "unavailable" as const };
      }),
    ),
    input.sourceUrl
      ? timed("source_url", () => sourceItem(deps, input.sourceUrl ?? "", terms))
      : Promise.resolve(undefined),
  ]);

  const items: EvidenceItem[] = [];
  for (const item of [...kb, ...pubmed.items, ...(source?.item ? [source.item] : [])]) {
    items.push({ ...item, number: items.length + 1 });
  }
  const notes: EvidenceNote[] = [];
  if (pubmed.status === "unavailable") notes.push("pubmed_unavailable");
  if (source && !source.item) notes.push("source_unavailable");
  if (knowledgeFailed) notes.push("knowledge_unavailable");
  if (items.length === 0) notes.push("no_evidence");
  const sources = (kb.length > 0 ? 1 : 0) + (pubmed.items.length > 0 ? 1 : 0);
  return {
    items,
    level: sources === 2 ? "full" : items.length > 0 ? "limited" : "absent",
    pubmed: pubmed.status,
    pubmedQuery: pubmed.query,
    notes,
    timings,
  };
}

/**
 * The English query for a Ukrainian topic (the sample guidelines are mostly English), or
 * undefined: for a topic already in Latin script, or when no English query came out of it
 * in time (the knowledge base is then searched with the topic alone).
 */
async function translatedQuery(
  topic: string,
  english: Promise<PubmedQueryResult>,
  deadlineMs: number,
): Promise<string | undefined> {
  if (!hasCyrillic(topic)) return undefined;
  const usable = english.then((r) => (r.source === "keywords" || hasCyrillic(r.query) ? undefined : r.query));
  return withDeadline(usable, deadlineMs, () => undefined);
}

function keywordsOf(texts: (string | undefined)[]): string[] {
  return [...new Set(texts.flatMap((text) => (text ? keywords(text) : [])))];
}

async function knowledgeItems(
  deps: EvidenceDeps,
  topic: string,
  translation: Promise<string | undefined>,
  terms: Promise<string[]>,
): Promise<EvidenceItem[]> {
  const [original, translated] = await Promise.all([
    searchKnowledge(deps, topic),
    translation.then((query) => (query ? searchKnowledge(deps, query) : [])),
  ]);
  // A chunk both queries found counts once, with its better score.
  const best = new Map<string, RetrievedChunk>();
  for (const chunk of [...original, ...translated]) {
    const seen = best.get(chunk.id);
    if (!seen || chunk.fused > seen.fused) best.set(chunk.id, chunk);
  }
  const chunks = [...best.values()]
    .sort((a, b) => b.fused - a.fused || a.id.localeCompare(b.id))
    .slice(0, KB_ITEMS);
  if (chunks.length === 0) return [];
  const docs = await deps.db
    .select({ id: knowledgeDocuments.id, title: knowledgeDocuments.title, source: knowledgeDocuments.source })
    .from(knowledgeDocuments)
    .where(inArray(knowledgeDocuments.id, [...new Set(chunks.map((c) => c.documentId))]));
  const titles = new Map(docs.map((d) => [d.id, d.title]));
  const matched = await terms;
  return chunks.map((c) => ({
    number: 0,
    kind: "knowledge" as const,
    ref: c.id,
    title: titles.get(c.documentId) ?? "Knowledge base",
    // EXCERPT_CHARS is derived from the chunker's settings: a chunk is never cut.
    text: excerptAround(c.text, matched, EXCERPT_CHARS),
  }));
}

/** The curated shared base, plus what this physician uploaded (never another's uploads). */
async function searchKnowledge(deps: EvidenceDeps, query: string): Promise<RetrievedChunk[]> {
  const namespaces = deps.physicianId ? ["global", deps.physicianId] : ["global"];
  const found = await Promise.all(
    namespaces.map((namespace) =>
      hybridSearch(deps, {
        collection: "guidelines",
        namespace,
        query,
        topK: KB_ITEMS,
        cutoff: { denseFloor: deps.embedder.relevanceFloor, minOverlap: KB_CUTOFF_MIN_OVERLAP },
      }),
    ),
  );
  return found.flat();
}

async function pubmedItems(
  deps: EvidenceDeps,
  english: Promise<PubmedQueryResult>,
): Promise<{ items: EvidenceItem[]; status: EvidenceResult["pubmed"]; query?: string }> {
  const { query } = await english;
  const terms = keywords(query);
  try {
    const pmids = await deps.pubmed.search(query, { retmax: PUBMED_CANDIDATES, preferHighEvidence: true });
    if (pmids.length === 0) return { items: [], status: "empty", query };
    // Only PMIDs that esummary resolves may ever be cited. Abstracts are fetched alongside
    // (one round trip instead of two); an abstract whose PMID did not resolve is dropped.
    const [summaries, abstracts] = await Promise.all([
      deps.pubmed.summaries(pmids),
      deps.pubmed.abstracts(pmids),
    ]);
    const resolved = pmids.filter((id) => summaries.has(id));
    const items = resolved.flatMap((pmid) => {
      const s = summaries.get(pmid);
      if (!s) return [];
      const abstract = abstracts.get(pmid) ?? s.title;
      // esearch ranks whatever it matched; only an article about the query becomes evidence.
      const overlap = keywordOverlap(terms, `${s.title} ${abstract}`);
      if (!enoughOverlap(overlap, terms.length, PUBMED_MIN_OVERLAP)) {
        deps.log.info("pubmed_irrelevant", { pmid, overlap, query });
        return [];
      }
      return [
        {
          number: 0,
          kind: "pubmed" as const,
          ref: pmid,
          title: `${s.title}${s.journal ? ` (${s.journal}${s.year ? `, ${s.year}` : ""})` : ""}`,
          url: `https://pubmed.ncbi.nlm.nih.gov/${pmid}/`,
          text: excerptAround(abstract, terms, EXCERPT_CHARS),
          year: s.year,
          ...(s.doi ? { doi: s.doi } : {}),
        },
      ];
    });
    const kept = items.slice(0, PUBMED_ITEMS);
    return { items: kept, status: kept.length ? "ok" : "empty", query };
  } catch (err) {
    deps.log.warn("pubmed_unavailable", { error: errorMessage(err), query });
    return { items: [], status: "unavailable", query };
  }
}

async function sourceItem(
  deps: EvidenceDeps,
  url: string,
  terms: Promise<string[]>,
): Promise<{ item?: EvidenceItem }> {
  try {
    const page = await fetchSourceText(url, {
      allowPrivate: deps.config.SOURCE_FETCH_ALLOW_PRIVATE,
      resolve: deps.config.SOURCE_FETCH_ALLOW_PRIVATE ? undefined : dohResolver(deps.config.DOH_URL),
    });
    return {
      item: {
        number: 0,
        kind: "url",
        ref: page.url,
        title: page.title || new URL(page.url).hostname,
        url: page.url,
        text: excerptAround(page.text, await terms, SOURCE_EXCERPT_CHARS),
      },
    };
  } catch (err) {
    deps.log.warn("source_url_failed", { error: errorMessage(err) });
    return {};
  }
}
