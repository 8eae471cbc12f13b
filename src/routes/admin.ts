/**
 * Admin API (Bearer ADMIN_TOKEN): the knowledge-base indexing endpoint the index script
 * talks to, document listing and removal (for --prune), and collection statistics.
 */
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-context";
import { COLLECTIONS, knowledgeChunks, knowledgeDocuments } from "../db/schema";
import { deleteDocument, ingestDocument, listDocumentSources } from "../knowledge/ingest";
import { NotFoundError } from "../lib/errors";
import { parseJsonBody } from "../lib/validate";
import { indexJobSchema } from "../queues/messages";
import { requireAdmin } from "./admin-auth";

const documentSchema = indexJobSchema.shape.document;
const listQuery = z.object({ collection: z.enum(COLLECTIONS), namespace: z.string().min(1) });

export const adminRoutes = new Hono<AppEnv>()
  .use(requireAdmin)
  .post("/documents", async (c) => {
    const input = await parseJsonBody(c, documentSchema);
    const result = await ingestDocument(c.get("services"), input);
    return c.json(result);
  })
  .get("/documents", async (c) => {
    const query = listQuery.safeParse(c.req.query());
    if (!query.success)
      return c.json({ error: "invalid_query", message: "collection and namespace are required" }, 400);
    const docs = await listDocumentSources(c.get("services").db, query.data.collection, query.data.namespace);
    return c.json({ documents: docs });
  })
  .delete("/documents/:id", async (c) => {
    const deleted = await deleteDocument(c.get("services"), c.req.param("id"));
    if (!deleted) throw new NotFoundError("no such document");
    return c.json({ deleted: true });
  })
  .get("/stats", async (c) => {
    const { db, vectors, embedder } = c.get("services");
    const rows = await db
      .select({
        collection: knowledgeDocuments.collection,
        namespace: knowledgeDocuments.namespace,
        documents: sql<number>`count(distinct ${knowledgeDocuments.id})`,
        chunks: sql<number>`count(${knowledgeChunks.id})`,
      })
      .from(knowledgeDocuments)
      .leftJoin(knowledgeChunks, sql`${knowledgeChunks.documentId} = ${knowledgeDocuments.id}`)
      .groupBy(knowledgeDocuments.collection, knowledgeDocuments.namespace);
    return c.json({ vector_backend: vectors.name, embeddings: embedder.model, collections: rows });
  });
