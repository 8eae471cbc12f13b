/**
 * The publication row (draft × platform) and its durable progress:
 *
 * - `parts`: every live part (id, link, hash of its text) — kept across failures, so a
 *   thread refused half way resumes after its last live part and never posts one twice;
 * - `in_flight`: the part an attempt is sending; still set when the attempt died or lost
 *   the answer, which tells the next attempt to reconcile before sending again;
 * - `not_before`: a delayed retry is due then; the sweeper leaves the row alone until it is.
 *
 * Every write by an attempt is a compare-and-set on (status = publishing, attempts), so an
 * attempt that lost its claim can never overwrite the progress of the one that took over.
 */
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { type InFlightPart, type LivePart, type Platform, publications } from "../db/schema";
import { sha256Hex } from "../lib/hash";

export type Publication = typeof publications.$inferSelect;

/** How long a claim protects an attempt; a queue consumer runs for at most 15 minutes. */
export const PUBLISH_LEASE_MS = 15 * 60 * 1000;

const COUNTER = / \(\d+\/\d+\)$/;

/** Hash of a part's text without its ` (i/N)` counter (a thread's length may change). */
export async function partHash(formatted: string): Promise<string> {
  return (await sha256Hex(formatted.replace(COUNTER, ""))).slice(0, 16);
}

/** The live parts; rows written before `parts` existed kept comma-separated ids in `external_id`. */
export function liveParts(row: Publication): LivePart[] {
  if (row.parts) return row.parts;
  if (row.status === "published" || !row.externalId) return [];
  return row.externalId
    .split(",")
    .filter(Boolean)
    .map((id) => ({ id, url: null, hash: "" }));
}

/** True when the live parts were sent with the text the post has now ("" = unknown, trusted). */
export function sameText(live: LivePart[], hashes: string[]): boolean {
  if (live.length > hashes.length) return false;
  return live.every((part, i) => part.hash === "" || part.hash === hashes[i]);
}

export async function findPublication(
  db: Db,
  draftId: string,
  platform: Platform,
): Promise<Publication | undefined> {
  return db.query.publications.findFirst({
    where: and(eq(publications.draftId, draftId), eq(publications.platform, platform)),
  });
}

/** The pending row for (draft, platform); an existing row is kept as it is. */
export async function ensurePublication(db: Db, draftId: string, platform: Platform): Promise<Publication> {
  await db.insert(publications).values({ draftId, platform, status: "pending" }).onConflictDoNothing();
  const row = await findPublication(db, draftId, platform);
  if (!row) throw new Error("publication row missing after insert");
  return row;
}

/**
 * pending | failed | expired `publishing` → publishing, as a compare-and-set on status and
 * attempt count. Live parts and the in-flight marker are kept: the attempt resumes.
 */
export async function claimPublication(
  db: Db,
  row: Publication,
  now: number,
): Promise<Publication | undefined> {
  if (!["pending", "failed", "publishing"].includes(row.status)) return undefined;
  if (row.status === "publishing" && now - row.updatedAt < PUBLISH_LEASE_MS) return undefined;
  const [claimed] = await db
    .update(publications)
    .set({
      status: "publishing",
      attempts: row.attempts + 1,
      parts: liveParts(row),
      lastError: null,
      notBefore: null,
      updatedAt: now,
    })
    .where(
      and(
        eq(publications.id, row.id),
        eq(publications.status, row.status),
        eq(publications.attempts, row.attempts),
      ),
    )
    .returning();
  return claimed;
}

type PublicationSet = Partial<Omit<Publication, "id" | "draftId" | "platform">>;

/** Writes `set` (and a fresh `updatedAt`) where `guard` still matches; false when it no longer does. */
async function guardedUpdate(db: Db, guard: SQL | undefined, set: PublicationSet): Promise<boolean> {
  const rows = await db
    .update(publications)
    .set({ ...set, updatedAt: Date.now() })
    .where(guard)
    .returning({ id: publications.id });
  return rows.length === 1;
}

/** Writes `set` only while `claimed` still owns the row; false when it no longer does. */
export function updateClaimed(db: Db, claimed: Publication, set: PublicationSet): Promise<boolean> {
  const guard = and(
    eq(publications.id, claimed.id),
    eq(publications.status, "publishing"),
    eq(publications.attempts, claimed.attempts),
  );
  return guardedUpdate(db, guard, set);
}

/** About to send part `index` (and, for Threads, its container `ref`). */
export function markSending(db: Db, claimed: Publication, inFlight: InFlightPart): Promise<boolean> {
  return updateClaimed(db, claimed, { inFlight });
}

/** Part(s) confirmed live: progress saved, nothing in flight. */
export function markPosted(db: Db, claimed: Publication, parts: LivePart[]): Promise<boolean> {
  return updateClaimed(db, claimed, { parts, externalId: parts[0]?.id ?? null, inFlight: null });
}

/**
 * The physician's answer to a publication waiting for them (`uncertain` or `waiting`):
 * `set` is written only if the row is still exactly as the card showed it.
 */
export function answerPublication(db: Db, row: Publication, set: PublicationSet): Promise<boolean> {
  const guard = and(
    eq(publications.id, row.id),
    eq(publications.status, row.status),
    eq(publications.attempts, row.attempts),
    eq(publications.updatedAt, row.updatedAt),
  );
  return guardedUpdate(db, guard, set);
}

/**
 * Publications the platform refused, newest first, with the platform's own words
 * (`last_error`, prefixed by the cause the card showed) — for operators; Slack never shows them.
 */
export async function listRefusedPublications(db: Db, limit = 50) {
  return db
    .select({
      draftId: publications.draftId,
      platform: publications.platform,
      lastError: publications.lastError,
      attempts: publications.attempts,
      updatedAt: publications.updatedAt,
    })
    .from(publications)
    .where(eq(publications.status, "failed"))
    .orderBy(desc(publications.updatedAt))
    .limit(limit);
}
