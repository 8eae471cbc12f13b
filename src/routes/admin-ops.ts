/**
 * The operators' admin views (Bearer ADMIN_TOKEN): drafts by status and age, one draft's
 * whole story, re-queueing failed drafts, dead letters (list, inspect, replay, discard),
 * the local outbox and physicians (allow-list and settings). Every list is keyset-paginated
 * (`admin-pages`); every input is validated with zod. Documented in docs/api.md.
 */
import { and, asc, desc, eq, gte, lt, lte, or } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-context";
import { getDraft, transitionDraft } from "../db/drafts";
import { getPhysician, updatePhysicianSettings } from "../db/physicians";
import {
  citations,
  claims,
  DRAFT_STATUSES,
  deadLetters,
  drafts,
  draftVersions,
  jobRuns,
  LANGUAGES,
  outbox,
  PLATFORMS,
  physicians,
  publications,
} from "../db/schema";
import { NotFoundError } from "../lib/errors";
import { parseJsonBody } from "../lib/validate";
import { replayDeadLetter } from "../queues/dead-letter-store";
import type { Services } from "../services";
import { isAllowed } from "../slack/access";
import { enqueueGeneration } from "../slack/handlers/order-draft";
import { isValidTimeZone } from "../slack/time";
import { requireAdmin } from "./admin-auth";
import { decodeCursor, page, pageQuery, parseQuery } from "./admin-pages";

const MINUTE_MS = 60_000;
/** Drafts re-queued by one bulk call at most (the rest: call again with the same `since`). */
const MAX_BULK_REQUEUE = 200;

const draftsQuery = pageQuery.extend({
  status: z.enum(DRAFT_STATUSES).optional(),
  /** Only drafts unchanged for at least this many minutes (stuck ones). */
  olderThanMin: z.coerce.number().int().min(0).optional(),
});

const instant = z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]);
const toMs = (t: string | number) => (typeof t === "number" ? t : Date.parse(t));

const requeueBody = z.object({
  /** Failed drafts whose last change is at or after this time (ISO 8601 or epoch ms)… */
  since: instant,
  /**
   * …and at or before this one: now by default. A next call passes the `until` the first
   * answered, so a draft that fails again after its re-queue is not picked up again.
   */
  until: instant.optional(),
});

const physicianPatch = z
  .object({
    displayName: z.string().min(1).max(120),
    specialty: z.string().min(1).max(80),
    language: z.enum(LANGUAGES),
    timezone: z.string().refine(isValidTimeZone, "must be an IANA time zone"),
    defaultPlatform: z.enum(PLATFORMS),
    styleNamespace: z.string().min(1).max(48).nullable(),
    /** May publish to the clinic's accounts where they have none (CLINIC_ACCOUNTS=listed). */
    clinicAccounts: z.boolean(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: "send at least one setting" });

const numericId = (raw: string) => {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new NotFoundError("no such id");
  return id;
};

/** Failed → queued with fresh attempts, then on the queue (as the card's Retry, without its rate limit). */
async function requeueFailed(services: Services, draftId: string, requestId: string): Promise<boolean> {
  const ok = await transitionDraft(services.db, draftId, "failed", "queued", {
    statusReason: null,
    attempts: 0,
  });
  if (ok) await enqueueGeneration(services, { type: "generate", draftId, requestId, reason: "retry" });
  return ok;
}

export const adminOpsRoutes = new Hono<AppEnv>()
  .use(requireAdmin)
  .get("/drafts", async (c) => {
    const q = parseQuery(c.req.query(), draftsQuery);
    const cursor = decodeCursor(q.cursor);
    const conditions = [
      q.status ? eq(drafts.status, q.status) : undefined,
      q.olderThanMin !== undefined
        ? lt(drafts.updatedAt, Date.now() - q.olderThanMin * MINUTE_MS)
        : undefined,
      // Paged by creation, which never changes: a draft updated meanwhile keeps its place.
      cursor
        ? or(lt(drafts.createdAt, cursor.at), and(eq(drafts.createdAt, cursor.at), lt(drafts.id, cursor.id)))
        : undefined,
    ];
    const rows = await c
      .get("services")
      .db.select({
        id: drafts.id,
        physicianId: drafts.physicianId,
        topic: drafts.topic,
        platform: drafts.platform,
        status: drafts.status,
        statusReason: drafts.statusReason,
        attempts: drafts.attempts,
        currentVersion: drafts.currentVersion,
        scheduledAt: drafts.scheduledAt,
        createdAt: drafts.createdAt,
        updatedAt: drafts.updatedAt,
      })
      .from(drafts)
      .where(and(...conditions))
      .orderBy(desc(drafts.createdAt), desc(drafts.id))
      .limit(q.limit + 1);
    const { items, nextCursor } = page(rows, q.limit, (r) => ({ at: r.createdAt, id: r.id }));
    return c.json({ drafts: items, nextCursor });
  })
  .get("/drafts/:id", async (c) => {
    const { db } = c.get("services");
    const id = c.req.param("id");
    const draft = await getDraft(db, id);
    if (!draft) throw new NotFoundError("no such draft");
    const [versions, claimRows, citationRows, runs, pubs] = await Promise.all([
      db
        .select()
        .from(draftVersions)
        .where(eq(draftVersions.draftId, id))
        .orderBy(asc(draftVersions.version)),
      db
        .select()
        .from(claims)
        .where(eq(claims.draftId, id))
        .orderBy(asc(claims.version), asc(claims.ordinal)),
      db
        .select()
        .from(citations)
        .where(eq(citations.draftId, id))
        .orderBy(asc(citations.version), asc(citations.number)),
      db.select().from(jobRuns).where(eq(jobRuns.draftId, id)).orderBy(asc(jobRuns.startedAt)),
      db.select().from(publications).where(eq(publications.draftId, id)),
    ]);
    return c.json({
      draft,
      versions,
      claims: claimRows,
      citations: citationRows,
      jobRuns: runs,
      publications: pubs,
    });
  })
  .post("/drafts/:id/requeue", async (c) => {
    const services = c.get("services");
    const draft = await getDraft(services.db, c.req.param("id"));
    if (!draft) throw new NotFoundError("no such draft");
    if (!(await requeueFailed(services, draft.id, c.get("requestId")))) {
      return c.json(
        { error: "not_failed", message: `the draft is ${draft.status}; only failed drafts are re-queued` },
        409,
      );
    }
    services.log.info("admin_requeued", { draft_id: draft.id });
    return c.json({ requeued: [draft.id] }, 202);
  })
  .post("/drafts/requeue", async (c) => {
    const services = c.get("services");
    const body = await parseJsonBody(c, requeueBody);
    const from = toMs(body.since);
    const until = body.until === undefined ? Date.now() : toMs(body.until);
    const failed = await services.db
      .select({ id: drafts.id })
      .from(drafts)
      .where(and(eq(drafts.status, "failed"), gte(drafts.updatedAt, from), lte(drafts.updatedAt, until)))
      .orderBy(asc(drafts.updatedAt), asc(drafts.id))
      .limit(MAX_BULK_REQUEUE + 1);
    const requeued: string[] = [];
    for (const { id } of failed.slice(0, MAX_BULK_REQUEUE)) {
      if (await requeueFailed(services, id, `${c.get("requestId")}:${id}`)) requeued.push(id);
    }
    services.log.info("admin_requeued", { count: requeued.length, since: from });
    return c.json({ requeued, more: failed.length > MAX_BULK_REQUEUE, until }, 202);
  })
  .get("/dead-letters", async (c) => {
    const q = parseQuery(c.req.query(), pageQuery);
    const cursor = decodeCursor(q.cursor);
    const rows = await c
      .get("services")
      .db.select({
        id: deadLetters.id,
        jobType: deadLetters.jobType,
        requestId: deadLetters.requestId,
        attempts: deadLetters.attempts,
        outcome: deadLetters.outcome,
        createdAt: deadLetters.createdAt,
        replayedAt: deadLetters.replayedAt,
      })
      .from(deadLetters)
      .where(cursor ? lt(deadLetters.id, Number(cursor.id)) : undefined)
      .orderBy(desc(deadLetters.id))
      .limit(q.limit + 1);
    const { items, nextCursor } = page(rows, q.limit, (r) => ({ at: r.createdAt, id: String(r.id) }));
    return c.json({ deadLetters: items, nextCursor });
  })
  .get("/dead-letters/:id", async (c) => {
    const id = numericId(c.req.param("id"));
    const row = await c.get("services").db.query.deadLetters.findFirst({ where: eq(deadLetters.id, id) });
    if (!row) throw new NotFoundError("no such dead letter");
    return c.json({ deadLetter: row });
  })
  .post("/dead-letters/:id/replay", async (c) => {
    const id = numericId(c.req.param("id"));
    const result = await replayDeadLetter(c.get("services"), id, c.req.query("force") === "1");
    if (result.kind === "not_found") throw new NotFoundError("no such dead letter");
    if (result.kind === "already_replayed") {
      return c.json(
        {
          error: "already_replayed",
          message: "already replayed; add ?force=1 to replay again",
          replayedAt: result.at,
        },
        409,
      );
    }
    if (result.kind === "invalid_payload") {
      return c.json({ error: "invalid_payload", message: "the stored payload is not a valid job" }, 422);
    }
    return c.json({ replayed: id, jobType: result.jobType });
  })
  .delete("/dead-letters/:id", async (c) => {
    const services = c.get("services");
    const id = numericId(c.req.param("id"));
    const gone = await services.db
      .delete(deadLetters)
      .where(eq(deadLetters.id, id))
      .returning({ id: deadLetters.id });
    if (gone.length === 0) throw new NotFoundError("no such dead letter");
    services.log.info("dead_letter_discarded", { id });
    return c.json({ discarded: id });
  })
  // What the local outbox "published" (development without platform credentials).
  .get("/outbox", async (c) => {
    const q = parseQuery(c.req.query(), pageQuery);
    const cursor = decodeCursor(q.cursor);
    const rows = await c
      .get("services")
      .db.select()
      .from(outbox)
      .where(cursor ? lt(outbox.id, Number(cursor.id)) : undefined)
      .orderBy(desc(outbox.id))
      .limit(q.limit + 1);
    const { items, nextCursor } = page(rows, q.limit, (r) => ({ at: r.createdAt, id: String(r.id) }));
    return c.json({ posts: items, nextCursor });
  })
  .get("/physicians", async (c) => {
    const { db, config } = c.get("services");
    const q = parseQuery(c.req.query(), pageQuery);
    const cursor = decodeCursor(q.cursor);
    const rows = await db
      .select()
      .from(physicians)
      .where(
        cursor
          ? or(
              lt(physicians.createdAt, cursor.at),
              and(eq(physicians.createdAt, cursor.at), lt(physicians.id, cursor.id)),
            )
          : undefined,
      )
      .orderBy(desc(physicians.createdAt), desc(physicians.id))
      .limit(q.limit + 1);
    const { items, nextCursor } = page(rows, q.limit, (r) => ({ at: r.createdAt, id: r.id }));
    const listed = items.map((p) => ({ ...p, allowed: isAllowed(config, p.slackTeamId, p.slackUserId) }));
    return c.json({ physicians: listed, nextCursor });
  })
  .patch("/physicians/:id", async (c) => {
    const { db, config } = c.get("services");
    const id = c.req.param("id");
    const patch = await parseJsonBody(c, physicianPatch);
    if (!(await getPhysician(db, id))) throw new NotFoundError("no such physician");
    await updatePhysicianSettings(db, id, patch);
    const updated = await getPhysician(db, id);
    return c.json({
      physician: updated && {
        ...updated,
        allowed: isAllowed(config, updated.slackTeamId, updated.slackUserId),
      },
    });
  });
