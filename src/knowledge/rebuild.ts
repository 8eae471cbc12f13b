/**
 * Rebuilds vectors from the chunks kept in D1 — for a lost or recreated Vectorize index,
 * or a new embedding model. Works in pages (ordered by chunk id) so each queue message
 * stays small and bounded in time; each page queues the next one.
 */
import { asc, eq, gt } from "drizzle-orm";
import { knowledgeChunks, knowledgeDocuments } from "../db/schema";
import type { Services } from "../services";
import { embedAndStore } from "./ingest";

export const REBUILD_PAGE_SIZE = 200;

export interface RebuildPage {
  rebuilt: number;
  /** The cursor for the next page, or undefined when done. */
  next?: string;
}

export async function rebuildVectorsPage(
  services: Services,
  cursor: string | undefined,
): Promise<RebuildPage> {
  const rows = await services.db
    .select({
      id: knowledgeChunks.id,
      text: knowledgeChunks.text,
      collection: knowledgeChunks.collection,
      namespace: knowledgeChunks.namespace,
      ordinal: knowledgeChunks.ordinal,
      documentId: knowledgeChunks.documentId,
      title: knowledgeDocuments.title,
    })
    .from(knowledgeChunks)
    .innerJoin(knowledgeDocuments, eq(knowledgeDocuments.id, knowledgeChunks.documentId))
    .where(cursor ? gt(knowledgeChunks.id, cursor) : undefined)
    .orderBy(asc(knowledgeChunks.id))
    .limit(REBUILD_PAGE_SIZE);
  if (rows.length === 0) return { rebuilt: 0 };
  await embedAndStore(services, rows);
  const last = rows.at(-1)?.id;
  return { rebuilt: rows.length, next: rows.length === REBUILD_PAGE_SIZE ? last : undefined };
}
