/**
 * Knowledge statistics — the runbook's "check collection sizes": documents, chunks and
 * vectors per collection and namespace. The local store counts vectors per namespace; for
 * Vectorize the index reports its total (per-namespace counts are not exposed).
 */
import { count, sql } from "drizzle-orm";
import { z } from "zod";
import { knowledgeChunks, knowledgeDocuments, localVectors } from "../db/schema";
import { VectorizeStore } from "../platform/vectors/vectorize";
import type { Services } from "../services";

const describeSchema = z.looseObject({
  vectorCount: z.number().optional(),
  vectorsCount: z.number().optional(),
});

export interface CollectionStats {
  collection: string;
  namespace: string;
  documents: number;
  chunks: number;
  /** Local store only. */
  vectors?: number;
}

export async function knowledgeStats(services: Services) {
  const { db, vectors, embedder, env } = services;
  const rows = await db
    .select({
      collection: knowledgeDocuments.collection,
      namespace: knowledgeDocuments.namespace,
      documents: sql<number>`count(distinct ${knowledgeDocuments.id})`,
      chunks: sql<number>`count(${knowledgeChunks.id})`,
    })
    .from(knowledgeDocuments)
    .leftJoin(knowledgeChunks, sql`${knowledgeChunks.documentId} = ${knowledgeDocuments.id}`)
    .groupBy(knowledgeDocuments.collection, knowledgeDocuments.namespace)
    .orderBy(knowledgeDocuments.collection, knowledgeDocuments.namespace);

  const collections: CollectionStats[] = rows.map((r) => ({ ...r }));
  let totalVectors: number | null = null;
  if (vectors instanceof VectorizeStore && env.VECTORIZE) {
    // V2 indexes report `vectorCount`, the legacy type says `vectorsCount`: accept either.
    const info = describeSchema.parse(await env.VECTORIZE.describe());
    totalVectors = info.vectorCount ?? info.vectorsCount ?? null;
  } else {
    const perNamespace = await db
      .select({ namespace: localVectors.namespace, n: count() })
      .from(localVectors)
      .groupBy(localVectors.namespace);
    const byNs = new Map(perNamespace.map((r) => [r.namespace, r.n]));
    for (const c of collections) c.vectors = byNs.get(`${c.collection}:${c.namespace}`) ?? 0;
    totalVectors = perNamespace.reduce((s, r) => s + r.n, 0);
  }
  const totalChunks = collections.reduce((s, c) => s + c.chunks, 0);
  return {
    vector_backend: vectors.name,
    embeddings: embedder.model,
    totals: {
      documents: collections.reduce((s, c) => s + c.documents, 0),
      chunks: totalChunks,
      vectors: totalVectors,
    },
    collections,
  };
}
