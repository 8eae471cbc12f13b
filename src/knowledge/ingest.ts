/**
 * The one ingestion path (index script, Slack upload, feedback loop all call it).
 *
 * Idempotent by content: document ids come from (collection, namespace, source), chunk ids
 * from the document id and chunk text. Re-indexing an unchanged document writes nothing; a
 * changed one embeds only its new chunks and deletes exactly the ones that disappeared.
 * Order matters for crash safety: vectors first, then the chunk rows, then the document's
 * content hash. A chunk row exists only once its vector does, so a failure part-way (an
 * embedding outage) leaves those chunks "new" for the next run, which embeds them again;
 * the old hash stays until everything is written.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Collection, knowledgeChunks, knowledgeDocuments } from "../db/schema";
import { sha256Hex } from "../lib/hash";
import type { Embedder } from "../platform/embeddings/types";
import type { VectorStore } from "../platform/vectors/types";
import { textLanguage } from "../voice/language";
import { chunkGuideline, estimateTokens, splitPosts } from "./chunk";

export interface DocumentInput {
  collection: Collection;
  /** Physician id for `style`; "global" for shared guidelines. */
  namespace: string;
  /** Stable source key, e.g. the path under knowledge_base/ or "slack:<file id>". */
  source: string;
  title: string;
  text: string;
  metadata?: Record<string, string | number | boolean>;
  /** Per-post metadata for style documents, in post order. */
  postMetadata?: Record<string, string | number | boolean>[];
}

export type IngestStatus = "added" | "changed" | "unchanged";

export interface IngestResult {
  documentId: string;
  status: IngestStatus;
  chunks: number;
  embedded: number;
  removed: number;
}

export interface IngestDeps {
  db: Db;
  embedder: Embedder;
  vectors: VectorStore;
}

/** Vectorize namespaces (≤ 64 bytes): style per physician, guidelines shared. */
export function vectorNamespace(collection: Collection, namespace: string): string {
  return `${collection}:${namespace}`;
}

export async function documentId(collection: Collection, namespace: string, source: string): Promise<string> {
  return (await sha256Hex(`${collection}\u0000${namespace}\u0000${source}`)).slice(0, 32);
}

interface PlannedChunk {
  id: string;
  ordinal: number;
  text: string;
  metadata: Record<string, string | number | boolean>;
}

// D1: at most 100 bound parameters per statement; a chunk row binds 9.
const CHUNK_ROWS_PER_INSERT = 10;

export async function ingestDocument(deps: IngestDeps, input: DocumentInput): Promise<IngestResult> {
  const { db } = deps;
  const docId = await documentId(input.collection, input.namespace, input.source);
  const contentHash = await sha256Hex(
    JSON.stringify([input.title, input.text, input.metadata ?? {}, input.postMetadata ?? []]),
  );
  const existing = await db.query.knowledgeDocuments.findFirst({ where: eq(knowledgeDocuments.id, docId) });
  if (existing?.contentHash === contentHash) {
    return { documentId: docId, status: "unchanged", chunks: existing.chunkCount, embedded: 0, removed: 0 };
  }

  const planned = await planChunks(docId, input);
  const oldRows = await db
    .select({ id: knowledgeChunks.id })
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.documentId, docId));
  const oldIds = new Set(oldRows.map((r) => r.id));
  const newIds = new Set(planned.map((c) => c.id));
  const toAdd = planned.filter((c) => !oldIds.has(c.id));
  const toRemove = [...oldIds].filter((id) => !newIds.has(id));

  if (!existing) {
    await db.insert(knowledgeDocuments).values({
      id: docId,
      collection: input.collection,
      namespace: input.namespace,
      source: input.source,
      title: input.title,
      contentHash: "",
      chunkCount: 0,
      metadata: input.metadata ?? {},
    });
  }

  if (toRemove.length > 0) {
    await deps.vectors.deleteByIds(toRemove);
    for (let i = 0; i < toRemove.length; i += 90) {
      await db.delete(knowledgeChunks).where(inArray(knowledgeChunks.id, toRemove.slice(i, i + 90)));
    }
  }

  if (toAdd.length > 0) {
    await embedAndStore(
      deps,
      toAdd.map((c) => ({
        ...c,
        collection: input.collection,
        namespace: input.namespace,
        title: input.title,
        documentId: docId,
      })),
    );
    const rows = toAdd.map((c) => ({
      id: c.id,
      documentId: docId,
      collection: input.collection,
      namespace: input.namespace,
      ordinal: c.ordinal,
      text: c.text,
      tokenCount: estimateTokens(c.text),
      metadata: c.metadata,
      createdAt: Date.now(),
    }));
    for (let i = 0; i < rows.length; i += CHUNK_ROWS_PER_INSERT) {
      await db
        .insert(knowledgeChunks)
        .values(rows.slice(i, i + CHUNK_ROWS_PER_INSERT))
        .onConflictDoNothing();
    }
  }

  // Kept chunks may have moved (a post inserted above them).
  for (const c of planned.filter((p) => oldIds.has(p.id))) {
    await db.update(knowledgeChunks).set({ ordinal: c.ordinal }).where(eq(knowledgeChunks.id, c.id));
  }

  await db
    .update(knowledgeDocuments)
    .set({
      title: input.title,
      contentHash,
      chunkCount: planned.length,
      metadata: input.metadata ?? {},
      updatedAt: Date.now(),
    })
    .where(eq(knowledgeDocuments.id, docId));

  return {
    documentId: docId,
    // A document whose first indexing never finished (empty hash) is still being added.
    status: existing?.contentHash ? "changed" : "added",
    chunks: planned.length,
    embedded: toAdd.length,
    removed: toRemove.length,
  };
}

/** Removes a document, its chunks (and FTS rows, by trigger) and its vectors. */
export async function deleteDocument(deps: IngestDeps, docId: string): Promise<boolean> {
  const chunks = await deps.db
    .select({ id: knowledgeChunks.id })
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.documentId, docId));
  await deps.vectors.deleteByIds(chunks.map((c) => c.id));
  await deps.db.delete(knowledgeChunks).where(eq(knowledgeChunks.documentId, docId));
  const deleted = await deps.db
    .delete(knowledgeDocuments)
    .where(eq(knowledgeDocuments.id, docId))
    .returning({ id: knowledgeDocuments.id });
  return deleted.length > 0;
}

export async function listDocumentSources(
  db: Db,
  collection: Collection,
  namespace: string,
): Promise<{ id: string; source: string }[]> {
  return db
    .select({ id: knowledgeDocuments.id, source: knowledgeDocuments.source })
    .from(knowledgeDocuments)
    .where(and(eq(knowledgeDocuments.collection, collection), eq(knowledgeDocuments.namespace, namespace)));
}

async function planChunks(docId: string, input: DocumentInput): Promise<PlannedChunk[]> {
  const texts = input.collection === "style" ? splitPosts(input.text) : chunkGuideline(input.text);
  const seen = new Set<string>();
  const out: PlannedChunk[] = [];
  for (const [i, text] of texts.entries()) {
    const id = await sha256Hex(`${docId}\u0000${text}`);
    if (seen.has(id)) continue; // the same post twice in one file is indexed once
    seen.add(id);
    const own = input.postMetadata?.[i] ?? {};
    // Every style example says whose words it is and its language; uploads and the index
    // script carry the physician's own posts.
    const metadata =
      input.collection === "style" ? { origin: "own", language: textLanguage(text), ...own } : own;
    out.push({ id, ordinal: out.length, text, metadata });
  }
  return out;
}

export interface ChunkToEmbed {
  id: string;
  collection: Collection;
  namespace: string;
  title: string;
  text: string;
  documentId: string;
  ordinal: number;
}

/** Embeds chunks (in Workers AI–sized batches) and writes their vectors: ingestion and rebuild share it. */
export async function embedAndStore(
  deps: Pick<IngestDeps, "embedder" | "vectors">,
  chunks: ChunkToEmbed[],
): Promise<void> {
  const embeddings = await deps.embedder.embed(
    chunks.map((c) => embeddingText(c.collection, c.title, c.text)),
  );
  await deps.vectors.upsert(
    chunks.map((c, i) => ({
      id: c.id,
      namespace: vectorNamespace(c.collection, c.namespace),
      values: embeddings[i] ?? [],
      metadata: { collection: c.collection, document_id: c.documentId, ordinal: c.ordinal },
    })),
  );
}

/** Guideline chunks carry their document title for context; a post stands on its own. */
export function embeddingText(collection: Collection, title: string, text: string): string {
  return collection === "guidelines" ? `${title}\n\n${text}` : text;
}
