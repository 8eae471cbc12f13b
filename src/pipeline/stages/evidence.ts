/**
 * Evidence stage: the curated knowledge base (hybrid retrieval with a real relevance
 * cut-off), PubMed (English query, high-evidence publication types first, only PMIDs
 * that esummary resolves), and the physician's optional source URL (SSRF-guarded) — run
 * in parallel, each degrading on its own. Items are numbered for citation: knowledge
 * base first, then PubMed, then the source URL.
 */
import { inArray } from "drizzle-orm";
import type { Config } from "../../config";
import { knowledgeDocuments } from "../../db/schema";
import type { Logger } from "../../lib/log";
import { errorMessage } from "../../lib/log";
import { dohResolver, fetchSourceText } from "../../platform/fetch-guard";
import type { PubmedClient } from "../../platform/pubmed/types";
import { buildPubmedQuery, type QueryLlm } from "../query";
import { type HybridDeps, hybridSearch } from "../retrieval/hybrid";
import type { EvidenceItem, EvidenceResult } from "../types";

export interface EvidenceDeps extends HybridDeps {
  config: Config;
  log: Logger;
  pubmed: PubmedClient;
  /** The physician whose own uploaded guidelines are searched alongside the shared ones. */
  physicianId?: string;
  pubmedDeadlineMs?: number;
  queryLlm?: QueryLlm;
  queryTimeoutMs?: number;
}

export const KB_ITEMS = 4;
export const PUBMED_ITEMS = 3;
const EXCERPT_CHARS = 1200;

/** Longest PubMed may take (query translation, queueing behind the NCBI limiter, requests). */
export const PUBMED_DEADLINE_MS = 18_000;

async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<T>((resolve) => (timer = setTimeout(() => resolve(onTimeout()), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export type EvidenceNote = "pubmed_unavailable" | "source_unavailable" | "no_evidence";

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
    try {
      return await work();
    } finally {
      timings[name] = Date.now() - started;
      deps.log.info("stage", { stage: name, duration_ms: timings[name] });
    }
  };

  const [kb, pubmed, source] = await Promise.all([
    timed("knowledge", () => knowledgeItems(deps, input.topic)),
    // PubMed has its own deadline inside the stage's: slow NCBI degrades, it never fails the draft.
    timed("pubmed", () =>
      withDeadline(pubmedItems(deps, input.topic), deps.pubmedDeadlineMs ?? PUBMED_DEADLINE_MS, () => {
        deps.log.warn("pubmed_unavailable", { reason: "deadline" });
        return { items: [], status: "unavailable" as const };
      }),
    ),
    input.sourceUrl
      ? timed("source_url", () => sourceItem(deps, input.sourceUrl ?? ""))
      : Promise.resolve(undefined),
  ]);

  const items: EvidenceItem[] = [];
  for (const item of [...kb, ...pubmed.items, ...(source?.item ? [source.item] : [])]) {
    items.push({ ...item, number: items.length + 1 });
  }
  const notes: EvidenceNote[] = [];
  if (pubmed.status === "unavailable") notes.push("pubmed_unavailable");
  if (source && !source.item) notes.push("source_unavailable");
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

async function knowledgeItems(deps: EvidenceDeps, topic: string): Promise<EvidenceItem[]> {
  // The curated shared base, plus what this physician uploaded (never another's uploads).
  const namespaces = deps.physicianId ? ["global", deps.physicianId] : ["global"];
  const found = await Promise.all(
    namespaces.map((namespace) =>
      hybridSearch(deps, {
        collection: "guidelines",
        namespace,
        query: topic,
        topK: KB_ITEMS,
        cutoff: { denseFloor: deps.embedder.relevanceFloor, minOverlap: 2 },
      }),
    ),
  );
  const chunks = found
    .flat()
    .sort((a, b) => b.fused - a.fused || a.id.localeCompare(b.id))
    .slice(0, KB_ITEMS);
  if (chunks.length === 0) return [];
  const docs = await deps.db
    .select({ id: knowledgeDocuments.id, title: knowledgeDocuments.title, source: knowledgeDocuments.source })
    .from(knowledgeDocuments)
    .where(inArray(knowledgeDocuments.id, [...new Set(chunks.map((c) => c.documentId))]));
  const titles = new Map(docs.map((d) => [d.id, d.title]));
  return chunks.map((c) => ({
    number: 0,
    kind: "knowledge" as const,
    ref: c.id,
    title: titles.get(c.documentId) ?? "Knowledge base",
    text: c.text.slice(0, EXCERPT_CHARS),
  }));
}

async function pubmedItems(
  deps: EvidenceDeps,
  topic: string,
): Promise<{ items: EvidenceItem[]; status: EvidenceResult["pubmed"]; query?: string }> {
  const { query } = await buildPubmedQuery(topic, deps.queryLlm, deps.log, deps.queryTimeoutMs);
  try {
    const pmids = await deps.pubmed.search(query, { retmax: 6, preferHighEvidence: true });
    if (pmids.length === 0) return { items: [], status: "empty", query };
    // Only PMIDs that esummary resolves may ever be cited.
    const summaries = await deps.pubmed.summaries(pmids);
    const resolved = pmids.filter((id) => summaries.has(id)).slice(0, PUBMED_ITEMS);
    const abstracts = resolved.length ? await deps.pubmed.abstracts(resolved) : new Map<string, string>();
    const items = resolved.flatMap((pmid) => {
      const s = summaries.get(pmid);
      if (!s) return [];
      return [
        {
          number: 0,
          kind: "pubmed" as const,
          ref: pmid,
          title: `${s.title}${s.journal ? ` (${s.journal}${s.year ? `, ${s.year}` : ""})` : ""}`,
          url: `https://pubmed.ncbi.nlm.nih.gov/${pmid}/`,
          text: (abstracts.get(pmid) ?? s.title).slice(0, EXCERPT_CHARS),
          year: s.year,
        },
      ];
    });
    return { items, status: items.length ? "ok" : "empty", query };
  } catch (err) {
    deps.log.warn("pubmed_unavailable", { error: errorMessage(err), query });
    return { items: [], status: "unavailable", query };
  }
}

async function sourceItem(deps: EvidenceDeps, url: string): Promise<{ item?: EvidenceItem }> {
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
        text: page.text.slice(0, EXCERPT_CHARS * 2),
      },
    };
  } catch (err) {
    deps.log.warn("source_url_failed", { error: errorMessage(err) });
    return {};
  }
}
