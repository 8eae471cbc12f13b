/**
 * Starting a publish: the one way a draft enters `publishing` (Publish button, manual post,
 * scheduled cron). In one D1 transaction the draft moves `fromStatus → publishing` by
 * compare-and-set and its publication row (draft × platform) is upserted to `pending` —
 * only if that compare-and-set matched, so a writer that lost the race writes nothing.
 * Then the publish job is sent; if anything fails after the compare-and-set, the draft goes
 * back to `fromStatus` (a scheduled draft keeps its time, so the cron tries again) and the
 * error is rethrown. A draft is never left `publishing` without a job on its way; if the
 * Worker dies in between anyway, the publish sweeper re-sends the job.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { transitionDraft } from "../db/drafts";
import { assertTransition } from "../db/lifecycle";
import { type Draft, type DraftStatus, drafts, publications } from "../db/schema";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import { publishJobFor } from "./messages";
import { PUBLISH_LEASE_MS } from "./publication-store";

/**
 * Moves `draft` from `fromStatus` to `publishing` and queues its publish job.
 * Returns false (having written nothing) when the draft was no longer in `fromStatus`.
 */
export async function enqueuePublish(
  services: Services,
  draft: Draft,
  fromStatus: DraftStatus,
  requestId: string,
): Promise<boolean> {
  assertTransition(fromStatus, "publishing");
  const { db } = services;
  const now = Date.now();
  const [moved] = await db.batch([
    db
      .update(drafts)
      .set({ status: "publishing", statusReason: null, updatedAt: now })
      // The version the review gate passed: an edit in between makes the compare-and-set fail.
      .where(
        and(
          eq(drafts.id, draft.id),
          eq(drafts.status, fromStatus),
          eq(drafts.currentVersion, draft.currentVersion),
          isNull(drafts.deletedAt),
        ),
      )
      .returning({ id: drafts.id }),
    upsertPendingPublication(services, draft, now),
  ]);
  if (moved.length !== 1) return false;

  const job = publishJobFor(draft, requestId);
  try {
    await services.env.PUBLISH_QUEUE.send(job);
  } catch (err) {
    await rollBack(services, draft, fromStatus, err);
    throw err;
  }
  return true;
}

/**
 * The publication row, `pending` — inserted only when the preceding statement (the draft's
 * compare-and-set) changed a row. An existing row is kept: a `published` one stays
 * published (the consumer then just finishes the draft) and a `publishing` one whose claim
 * is live is left to its holder, as is one waiting for the physician's answer; anything
 * else is reset to `pending`. Live parts are kept: publishing again resumes after them
 * (or, if the text changed, asks the physician).
 */
function upsertPendingPublication(services: Services, draft: Draft, now: number) {
  const { db } = services;
  const liveClaimSince = now - PUBLISH_LEASE_MS;
  const keep = sql`(${publications.status} IN ('published', 'uncertain', 'waiting') OR (${publications.status} = 'publishing' AND ${publications.updatedAt} > ${liveClaimSince}))`;
  return db
    .insert(publications)
    .select(
      db
        .select({
          id: sql<number | null>`NULL`.as("id"),
          draftId: drafts.id,
          platform: drafts.platform,
          status: sql<"pending">`'pending'`.as("status"),
          externalId: sql<string | null>`NULL`.as("external_id"),
          url: sql<string | null>`NULL`.as("url"),
          attempts: sql<number>`0`.as("attempts"),
          lastError: sql<string | null>`NULL`.as("last_error"),
          publishedAt: sql<number | null>`NULL`.as("published_at"),
          createdAt: sql<number>`${now}`.as("created_at"),
          updatedAt: sql<number>`${now}`.as("updated_at"),
          parts: sql<null>`NULL`.as("parts"),
          inFlight: sql<null>`NULL`.as("in_flight"),
          notBefore: sql<number | null>`NULL`.as("not_before"),
          accountRef: sql<string | null>`NULL`.as("account_ref"),
        })
        .from(drafts)
        .where(and(eq(drafts.id, draft.id), sql`changes() = 1`)),
    )
    .onConflictDoUpdate({
      target: [publications.draftId, publications.platform],
      set: {
        status: sql`CASE WHEN ${keep} THEN ${publications.status} ELSE 'pending' END`,
        lastError: sql`CASE WHEN ${publications.status} = 'failed' THEN NULL ELSE ${publications.lastError} END`,
        notBefore: sql`CASE WHEN ${keep} THEN ${publications.notBefore} ELSE NULL END`,
        // A thread with live parts continues on its account; otherwise the account is chosen
        // afresh (the physician may have connected one since).
        accountRef: sql`CASE WHEN ${keep} OR coalesce(json_array_length(${publications.parts}), 0) > 0 THEN ${publications.accountRef} ELSE NULL END`,
        updatedAt: sql`CASE WHEN ${keep} THEN ${publications.updatedAt} ELSE ${now} END`,
      },
    });
}

/** Puts the draft back where it was, with the reason it had; the caller rethrows `cause`. */
async function rollBack(services: Services, draft: Draft, fromStatus: DraftStatus, cause: unknown) {
  const log = services.log.child({ draft_id: draft.id, platform: draft.platform });
  log.error("publish_enqueue_failed", { error: errorMessage(cause), from: fromStatus });
  try {
    const restored = await transitionDraft(services.db, draft.id, "publishing", fromStatus, {
      statusReason: draft.statusReason,
    });
    if (!restored) log.warn("publish_rollback_skipped", { reason: "draft left publishing" });
  } catch (err) {
    // The sweeper re-sends the job of a draft left in `publishing`.
    log.error("publish_rollback_failed", { error: errorMessage(err) });
  }
}
