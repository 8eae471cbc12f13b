/**
 * Hybrid retrieval over one collection and namespace: dense (vector store) and BM25
 * (D1 FTS5) rankings fused with reciprocal rank fusion (k = 60).
 *
 * Relevance is judged on absolute evidence, not on scores normalised within the result
 * list: a chunk is kept when its cosine similarity reaches the embedder's floor, or when
 * it contains enough of the query's keywords (`relevance.ts`; a query without keywords
 * leaves only the dense floor). Style retrieval passes no cut-off (any of the physician's
 * own posts shows their voice).
 */
import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type Collection, knowledgeChunks } from "../../db/schema";
import { vectorNamespace } from "../../knowledge/ingest";
import { errorMessage, type Logger } from "../../lib/log";
import type { Embedder } from "../../platform/embeddings/types";
import type { VectorStore } from "../../platform/vectors/types";
import { ftsQuery, keywordOverlap, keywords } from "./keywords";
import { passesCutoff, type RelevanceCutoff } from "./relevance";

export interface RetrievedChunk {
  id: string;
  documentId: string;
  text: string;
  metadata: Record<string, unknown>;
  dense?: number;
  bm25Rank?: number;
  fused: number;
  overlap: number;
}

export interface HybridQuery {
  collection: Collection;
  namespace: string;
  query: string;
  topK: number;
  /** Candidates taken from each ranking before fusion. */
  candidates?: number;
  /** Keep only relevant chunks (see module comment). */
  cutoff?: RelevanceCutoff;
}

export interface HybridDeps {
  db: Db;
  embedder: Embedder;
  vectors: VectorStore;
  /** Where a ranking that failed (and was skipped) is reported. */
  log?: Logger;
}

const RRF_K = 60;

export async function hybridSearch(deps: HybridDeps, q: HybridQuery): Promise<RetrievedChunk[]> {
  const candidates = q.candidates ?? Math.max(10, q.topK * 3);
  const terms = keywords(q.query);
  // Either ranking alone still finds something: embeddings or the vector index failing
  // leaves keyword search (and the reverse); only both failing is an error.
  const [dense, bm25] = await Promise.allSettled([
    denseSearch(deps, q, candidates),
    bm25Search(deps.db, q, terms, candidates),
  ]);
  if (dense.status === "rejected" && bm25.status === "rejected") throw dense.reason;
  if (dense.status === "rejected")
    deps.log?.warn("dense_search_failed", { error: errorMessage(dense.reason) });
  if (bm25.status === "rejected")
    deps.log?.warn("keyword_search_failed", { error: errorMessage(bm25.reason) });
  const denseMatches = dense.status === "fulfilled" ? dense.value : [];
  const bm25Ids = bm25.status === "fulfilled" ? bm25.value : [];

  const fused = new Map<string, { dense?: number; bm25Rank?: number; score: number }>();
  denseMatches.forEach((m, i) => {
    fused.set(m.id, { dense: m.score, score: 1 / (RRF_K + i + 1) });
  });
  bm25Ids.forEach((id, i) => {
    const entry = fused.get(id) ?? { score: 0 };
    entry.bm25Rank = i + 1;
    entry.score += 1 / (RRF_K + i + 1);
    fused.set(id, entry);
  });
  if (fused.size === 0) return [];

  const rows = await deps.db
    .select()
    .from(knowledgeChunks)
    .where(inArray(knowledgeChunks.id, [...fused.keys()].slice(0, 90)));
  const out: RetrievedChunk[] = [];
  for (const row of rows) {
    // The namespace check is belt and braces: both rankings are already namespaced.
    if (row.namespace !== q.namespace || row.collection !== q.collection) continue;
    const f = fused.get(row.id);
    if (!f) continue;
    const overlap = keywordOverlap(terms, row.text);
    if (q.cutoff && !passesCutoff({ dense: f.dense, overlap }, terms.length, q.cutoff)) continue;
    out.push({
      id: row.id,
      documentId: row.documentId,
      text: row.text,
      metadata: row.metadata ?? {},
      dense: f.dense,
      bm25Rank: f.bm25Rank,
      fused: f.score,
      overlap,
    });
  }
  out.sort((a, b) => b.fused - a.fused || a.id.localeCompare(b.id));
  return dedupe(out).slice(0, q.topK);
}

async function denseSearch(deps: HybridDeps, q: HybridQuery, topK: number) {
  const [vector] = await deps.embedder.embed([q.query]);
  if (!vector) return [];
  return deps.vectors.query(vector, { namespace: vectorNamespace(q.collection, q.namespace), topK });
}

async function bm25Search(db: Db, q: HybridQuery, terms: string[], limit: number): Promise<string[]> {
  const match = ftsQuery(terms);
  if (!match) return [];
  const result = await db.$client
    .prepare(
      `SELECT chunk_id FROM knowledge_chunks_fts
       WHERE knowledge_chunks_fts MATCH ?1 AND namespace = ?2 AND collection = ?3
       ORDER BY bm25(knowledge_chunks_fts) LIMIT ?4`,
    )
    .bind(match, q.namespace, q.collection, limit)
    .all<{ chunk_id: string }>();
  return result.results.map((r) => r.chunk_id);
}

/** Drops near-duplicates (the same post indexed from two files, reposts). */
function dedupe(chunks: RetrievedChunk[]): RetrievedChunk[] {
  const seen = new Set<string>();
  return chunks.filter((c) => {
    const key = c.text.toLowerCase().replace(/\s+/g, " ").slice(0, 120);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
