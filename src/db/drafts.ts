/**
 * Draft queries. Status changes are compare-and-set (`WHERE status = from`): a writer that
 * lost a race gets `false` back and must not act, which is how double clicks and
 * overlapping crons are kept from doing work twice.
 */
import { and, asc, desc, eq, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "./client";
import { assertTransition } from "./lifecycle";
import { type Draft, type DraftStatus, drafts, draftVersions, type Language, type Platform } from "./schema";

export interface NewDraft {
  physicianId: string;
  topic: string;
  platform: Platform;
  language?: Language | null;
  sourceUrl?: string | null;
  slackChannelId?: string | null;
}

/**
 * The insert statement for a new draft (to batch with other writes in one transaction). The
 * physician, platform and language may be SQL: a subquery on the physician's row, when the
 * row is written in the same batch (`recordOrder`).
 */
export function createDraftStatement(
  db: Db,
  input: Omit<NewDraft, "physicianId" | "platform" | "language"> & {
    physicianId: string | SQL;
    platform: Platform | SQL;
    language?: Language | SQL | null;
    id: string;
    status?: "queued" | "ready" | "needs_review";
    statusReason?: string | null;
    currentVersion?: number;
  },
) {
  return db.insert(drafts).values({
    id: input.id,
    physicianId: input.physicianId,
    topic: input.topic,
    platform: input.platform,
    language: input.language ?? null,
    sourceUrl: input.sourceUrl ?? null,
    slackChannelId: input.slackChannelId ?? null,
    status: input.status ?? "queued",
    statusReason: input.statusReason ?? null,
    currentVersion: input.currentVersion ?? 0,
  });
}

export async function createDraft(db: Db, input: NewDraft): Promise<Draft> {
  const [row] = await createDraftStatement(db, { ...input, id: crypto.randomUUID() }).returning();
  if (!row) throw new Error("draft insert returned nothing");
  return row;
}

export async function getDraft(db: Db, id: string): Promise<Draft | undefined> {
  return db.query.drafts.findFirst({ where: and(eq(drafts.id, id), isNull(drafts.deletedAt)) });
}

export interface TransitionExtras {
  statusReason?: string | null;
  evidenceNote?: string | null;
  scheduledAt?: number | null;
  attempts?: number;
  slackChannelId?: string | null;
  slackMessageTs?: string | null;
  /** A quick edit the next generation applies (null: a full draft). */
  pendingRewrite?: string | null;
}

/**
 * Moves a draft from `from` to `to` if it is still in `from`. Throws on a transition the
 * lifecycle forbids; returns false when another writer changed the status first.
 */
export async function transitionDraft(
  db: Db,
  id: string,
  from: DraftStatus,
  to: DraftStatus,
  extras: TransitionExtras = {},
): Promise<boolean> {
  assertTransition(from, to);
  const updated = await db
    .update(drafts)
    .set({ ...extras, status: to, updatedAt: Date.now() })
    .where(and(eq(drafts.id, id), eq(drafts.status, from)))
    .returning({ id: drafts.id });
  return updated.length === 1;
}

/** Adds a text version and makes it current. Versions are never overwritten. */
export async function addDraftVersion(
  db: Db,
  draftId: string,
  text: string,
  source: (typeof draftVersions.$inferInsert)["source"],
  options: { createdBy?: string; offline?: boolean } = {},
): Promise<number> {
  const [row] = await db
    .select({ next: sql<number>`coalesce(max(${draftVersions.version}), 0) + 1` })
    .from(draftVersions)
    .where(eq(draftVersions.draftId, draftId));
  const version = row?.next ?? 1;
  await db.batch([
    db.insert(draftVersions).values({
      draftId,
      version,
      text,
      source,
      createdBy: options.createdBy ?? null,
      offline: options.offline ?? false,
    }),
    db.update(drafts).set({ currentVersion: version, updatedAt: Date.now() }).where(eq(drafts.id, draftId)),
  ]);
  return version;
}

export async function getCurrentText(db: Db, draft: Draft): Promise<string | undefined> {
  const row = await db.query.draftVersions.findFirst({
    where: and(eq(draftVersions.draftId, draft.id), eq(draftVersions.version, draft.currentVersion)),
  });
  return row?.text;
}

/** A physician's own drafts, newest first (App Home). Never another physician's. */
export async function listDraftsForPhysician(
  db: Db,
  physicianId: string,
  page: { limit: number; offset: number },
): Promise<Draft[]> {
  return db
    .select()
    .from(drafts)
    .where(and(eq(drafts.physicianId, physicianId), isNull(drafts.deletedAt)))
    .orderBy(desc(drafts.createdAt), desc(drafts.id))
    .limit(page.limit)
    .offset(page.offset);
}

/** Drafts in `statuses` not touched since `before` (stuck-job sweep). */
export async function findStaleDrafts(
  db: Db,
  statuses: DraftStatus[],
  before: number,
  limit = 50,
): Promise<Draft[]> {
  return db
    .select()
    .from(drafts)
    .where(and(inArray(drafts.status, statuses), lt(drafts.updatedAt, before), isNull(drafts.deletedAt)))
    .limit(limit);
}

/** Scheduled drafts whose time has come, the longest overdue first. */
export async function findDueScheduled(db: Db, now: number, limit = 50): Promise<Draft[]> {
  return db
    .select()
    .from(drafts)
    .where(and(eq(drafts.status, "scheduled"), lt(drafts.scheduledAt, now + 1), isNull(drafts.deletedAt)))
    .orderBy(asc(drafts.scheduledAt), asc(drafts.createdAt))
    .limit(limit);
}
