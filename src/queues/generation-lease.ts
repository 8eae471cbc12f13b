/**
 * The lease a generation attempt holds on its draft. Claiming (queued → generating) names
 * the attempt as owner until `now + GENERATION_LEASE_MS`; while the attempt works, a
 * heartbeat renews the lease every HEARTBEAT_MS. A Worker killed mid-draft stops renewing,
 * the lease runs out, and the minute cron re-queues the draft: a card again within about
 * 90 s (30 s lease + at most a minute to the next sweep). Every write that ends the attempt
 * is guarded by the owner, so a stale attempt that wakes up after the takeover writes nothing.
 */
import { and, eq, isNotNull, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Draft, type DraftStatus, drafts } from "../db/schema";
import { errorMessage, type Logger } from "../lib/log";

export const GENERATION_LEASE_MS = 30_000;
export const HEARTBEAT_MS = 10_000;

/** queued → generating for a new attempt; its owner id, or undefined when another got it. */
export async function claimForGeneration(
  db: Db,
  draft: Draft,
  now = Date.now(),
): Promise<string | undefined> {
  if (draft.status !== "queued") return undefined;
  const owner = crypto.randomUUID();
  const rows = await db
    .update(drafts)
    .set({
      status: "generating",
      attempts: draft.attempts + 1,
      retryAt: null,
      leaseOwner: owner,
      leaseUntil: now + GENERATION_LEASE_MS,
      updatedAt: now,
    })
    .where(and(eq(drafts.id, draft.id), eq(drafts.status, "queued")))
    .returning({ id: drafts.id });
  return rows.length === 1 ? owner : undefined;
}

/** Extends the lease while `owner` still holds it; false once it was taken over. */
export async function renewLease(db: Db, draftId: string, owner: string, now = Date.now()): Promise<boolean> {
  const rows = await db
    .update(drafts)
    .set({ leaseUntil: now + GENERATION_LEASE_MS })
    .where(and(eq(drafts.id, draftId), eq(drafts.status, "generating"), eq(drafts.leaseOwner, owner)))
    .returning({ id: drafts.id });
  return rows.length === 1;
}

/** Renews the lease every HEARTBEAT_MS until the returned function is called. */
export function keepAlive(db: Db, draftId: string, owner: string, log: Logger): () => void {
  const timer = setInterval(() => {
    renewLease(db, draftId, owner).then(
      (held) => {
        if (!held) log.warn("generation_lease_lost", { draft_id: draftId });
      },
      (err: unknown) => log.warn("generation_lease_renew_failed", { error: errorMessage(err) }),
    );
  }, HEARTBEAT_MS);
  return () => clearInterval(timer);
}

/** Ends the attempt: generating → `to`, only while `owner` holds the draft. */
export async function releaseDraft(
  db: Db,
  draftId: string,
  owner: string,
  to: Extract<DraftStatus, "queued" | "failed">,
  extras: { statusReason?: string | null; retryAt?: number | null } = {},
): Promise<boolean> {
  const rows = await db
    .update(drafts)
    .set({ ...extras, status: to, leaseOwner: null, leaseUntil: null, updatedAt: Date.now() })
    .where(and(eq(drafts.id, draftId), eq(drafts.status, "generating"), eq(drafts.leaseOwner, owner)))
    .returning({ id: drafts.id });
  return rows.length === 1;
}

/** Drafts whose attempt stopped renewing its lease. */
export async function findExpiredLeases(db: Db, now: number, limit = 50): Promise<Draft[]> {
  return db
    .select()
    .from(drafts)
    .where(and(eq(drafts.status, "generating"), isNotNull(drafts.leaseUntil), lt(drafts.leaseUntil, now)))
    .limit(limit);
}
