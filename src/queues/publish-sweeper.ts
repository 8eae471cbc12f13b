/**
 * The publish sweep (every minute, from the cron). A draft must never stay "publishing"
 * forever: a lost publish message, a Worker that died between the publish and the status
 * change, or a job that could not be re-queued would otherwise leave it there. Drafts in
 * `publishing` untouched (draft and publication row alike) for longer than the publish
 * lease plus a margin are settled from their publication row:
 *
 * - `published` → the draft is finished (`published`);
 * - `failed` → the draft goes back to the physician, as after a refusal;
 * - `uncertain` or `waiting` → left alone: the card asks the physician;
 * - a delayed retry still pending (`not_before` ahead, or passed less than the margin ago)
 *   → left alone: its message is on the way, and a second chain must not start;
 * - `pending`, an expired `publishing` claim, or no row → the publish job is re-sent. The
 *   consumer is idempotent (the row allows one post), so a duplicate job is harmless.
 *
 * Re-sending first moves the draft's `updatedAt` by compare-and-set, so overlapping cron
 * runs re-send once, and the same draft is not looked at again for another lease.
 * Staleness is measured on the clock that wrote `updatedAt` (`Date.now()`), not on the
 * cron's scheduled minute, which only labels the re-sent job.
 */

import { and, eq } from "drizzle-orm";
import { findStaleDrafts, transitionDraft } from "../db/drafts";
import { type Draft, drafts } from "../db/schema";
import { reason } from "../db/status-reasons";
import { errorMessage, type Logger } from "../lib/log";
import { encodeRefusal, refusalCauseOf } from "../publishers/refusal";
import type { Services } from "../services";
import { refreshCard } from "../slack/card-sender";
import { publishJobFor } from "./messages";
import { findPublication, liveParts, PUBLISH_LEASE_MS } from "./publication-store";
import { returnAfterFailedPublish } from "./publish-consumer";

/** Past the lease, so a live attempt (or its retry) is never taken for a stuck one. */
export const PUBLISH_SWEEP_MARGIN_MS = 2 * 60 * 1000;

type Outcome = "finished" | "returned" | "resent" | "skipped" | "waiting" | "failed";

export async function sweepStuckPublishing(
  services: Services,
  cronTime: number,
): Promise<Record<string, number>> {
  const now = Date.now();
  const staleBefore = now - PUBLISH_LEASE_MS - PUBLISH_SWEEP_MARGIN_MS;
  const stale = await findStaleDrafts(services.db, ["publishing"], staleBefore);
  const counts: Record<Outcome, number> = {
    finished: 0,
    returned: 0,
    resent: 0,
    skipped: 0,
    waiting: 0,
    failed: 0,
  };
  for (const draft of stale) {
    const log = services.log.child({ draft_id: draft.id, platform: draft.platform });
    try {
      counts[await settle(services, draft, { now, cronTime, staleBefore }, log)] += 1;
    } catch (err) {
      counts.failed += 1;
      log.error("publish_sweep_failed", { error: errorMessage(err) });
    }
  }
  const result = { stale: stale.length, ...counts };
  if (stale.length > 0) services.log.warn("publish_swept", result);
  return result;
}

interface Clock {
  now: number;
  cronTime: number;
  staleBefore: number;
}

async function settle(services: Services, draft: Draft, clock: Clock, log: Logger): Promise<Outcome> {
  const { now, cronTime, staleBefore } = clock;
  const { db } = services;
  const publication = await findPublication(db, draft.id, draft.platform);
  if (publication?.status === "published") {
    // Posted; the attempt stopped before finishing the draft.
    if (!(await transitionDraft(db, draft.id, "publishing", "published", { statusReason: null }))) {
      return "skipped";
    }
    await refresh(services, draft.id, log);
    return "finished";
  }
  if (publication?.status === "failed") {
    // The platform's words stay on the publication row; the physician reads a cause.
    const live = liveParts(publication).length;
    const cause = refusalCauseOf(publication.lastError) ?? "other";
    const refusal = { platform: publication.platform, cause, live, total: 0 };
    const why = publication.lastError
      ? reason("publish_refused", encodeRefusal(refusal))
      : reason("publish_stuck");
    if (!(await returnAfterFailedPublish(db, draft, why))) return "skipped";
    await refresh(services, draft.id, log);
    return "returned";
  }
  if (publication?.status === "uncertain" || publication?.status === "waiting") return "waiting";
  // A job touched the row recently: it is alive (waiting out a retry), leave it.
  if (publication && publication.updatedAt >= staleBefore) return "skipped";
  // A delayed retry is due later (or only just was): its message is still on its way.
  if (publication?.notBefore && publication.notBefore + PUBLISH_SWEEP_MARGIN_MS > now) return "skipped";
  const claimed = await db
    .update(drafts)
    .set({ updatedAt: now })
    .where(
      and(eq(drafts.id, draft.id), eq(drafts.status, "publishing"), eq(drafts.updatedAt, draft.updatedAt)),
    )
    .returning({ id: drafts.id });
  if (claimed.length !== 1) return "skipped"; // another sweep, or the draft moved on
  const job = publishJobFor(draft, `sweep:${draft.id}:${cronTime}`);
  await services.env.PUBLISH_QUEUE.send(job);
  log.warn("publish_job_resent", { publication: publication?.status ?? "missing" });
  return "resent";
}

async function refresh(services: Services, draftId: string, log: Logger): Promise<void> {
  await refreshCard(services, draftId).catch((err: unknown) =>
    log.warn("slack_card_failed", { error: errorMessage(err) }),
  );
}
