/**
 * Admin API (Bearer ADMIN_TOKEN): the knowledge-base indexing endpoint the index script
 * talks to (text, or base64 bytes for PDFs, parsed here with the same extractor as Slack
 * uploads), document listing and removal (for --prune), linking a Slack user to a style
 * namespace, vector rebuilds, collection statistics, refused publications and alerts; the
 * operators' views of drafts, dead letters, outbox and physicians are in `admin-ops`.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-context";
import { findPhysicianBySlack, updatePhysicianSettings, upsertPhysician } from "../db/physicians";
import { COLLECTIONS, LANGUAGES } from "../db/schema";
import { deleteDocument, ingestDocument, listDocumentSources } from "../knowledge/ingest";
import { DOCUMENT_FORMATS, extractDocumentText, UnreadableDocumentError } from "../knowledge/parse";
import { knowledgeStats } from "../knowledge/stats";
import { BadRequestError, NotFoundError } from "../lib/errors";
import { parseJsonBody } from "../lib/validate";
import { evaluateFromD1 } from "../observability/measure-d1";
import { indexJobSchema } from "../queues/messages";
import { listRefusedPublications } from "../queues/publication-store";
import { isValidTimeZone } from "../slack/time";
import { adminAccountRoutes } from "./admin-accounts";
import { requireAdmin } from "./admin-auth";
import { adminOpsRoutes } from "./admin-ops";

const MAX_BASE64_CHARS = 14_000_000; // ≈ 10 MB of bytes

const documentSchema = indexJobSchema.shape.document
  .extend({
    text: z.string().min(1).max(500_000).optional(),
    contentBase64: z.string().min(1).max(MAX_BASE64_CHARS).optional(),
    format: z.enum(DOCUMENT_FORMATS).optional(),
  })
  .refine((d) => Boolean(d.text) !== Boolean(d.contentBase64), {
    message: "send either text or contentBase64",
  })
  .refine((d) => !d.contentBase64 || d.format, { message: "contentBase64 needs a format" });

const listQuery = z.object({ collection: z.enum(COLLECTIONS), namespace: z.string().min(1) });

const linkSchema = z.object({
  slackTeamId: z.string().min(1),
  slackUserId: z.string().min(1),
  styleNamespace: z.string().min(1).max(48),
  displayName: z.string().min(1).max(120).optional(),
  specialty: z.string().min(1).max(80).optional(),
  language: z.enum(LANGUAGES).optional(),
  timezone: z.string().refine(isValidTimeZone, "must be an IANA time zone").optional(),
});

export const adminRoutes = new Hono<AppEnv>()
  .use(requireAdmin)
  .route("/", adminOpsRoutes)
  .route("/", adminAccountRoutes)
  .post("/documents", async (c) => {
    const { contentBase64, format, ...doc } = await parseJsonBody(c, documentSchema);
    let text = doc.text ?? "";
    if (contentBase64 && format) {
      try {
        text = await extractDocumentText(
          format,
          Uint8Array.from(atob(contentBase64), (ch) => ch.charCodeAt(0)),
          c.get("services").pdf,
        );
      } catch (err) {
        if (err instanceof UnreadableDocumentError)
          throw new BadRequestError(err.message, "unreadable_document");
        throw new BadRequestError("contentBase64 is not valid base64", "invalid_body");
      }
    }
    const result = await ingestDocument(c.get("services"), { ...doc, text });
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
  .put("/physicians/link", async (c) => {
    const { db } = c.get("services");
    const link = await parseJsonBody(c, linkSchema);
    const physician = await upsertPhysician(db, {
      slackTeamId: link.slackTeamId,
      slackUserId: link.slackUserId,
    });
    await updatePhysicianSettings(db, physician.id, {
      styleNamespace: link.styleNamespace,
      displayName: link.displayName,
      specialty: link.specialty,
      language: link.language,
      timezone: link.timezone,
    });
    const updated = await findPhysicianBySlack(db, link.slackTeamId, link.slackUserId);
    return c.json({ physician: updated });
  })
  .post("/vectors/rebuild", async (c) => {
    const requestId = c.get("requestId");
    await c.env.INDEX_QUEUE.send({ type: "rebuild_vectors", requestId, done: 0 });
    c.get("services").log.info("vectors_rebuild_queued", { request_id: requestId });
    return c.json({ queued: true, request_id: requestId }, 202);
  })
  .get("/stats", async (c) => c.json(await knowledgeStats(c.get("services"))))
  // The four alert rules evaluated now from D1 (what the minute cron announces).
  .get("/alerts", async (c) => {
    const now = Date.now();
    const { backlog, alerts } = await evaluateFromD1(c.get("services").db, now);
    return c.json({ source: "d1", evaluatedAt: new Date(now).toISOString(), backlog, alerts });
  })
  // Publications a platform refused, with its own words (the card shows a plain cause).
  .get("/publications/refused", async (c) =>
    c.json({ refused: await listRefusedPublications(c.get("services").db) }),
  );
