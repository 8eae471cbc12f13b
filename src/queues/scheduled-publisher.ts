/**
 * Scheduled publishing (cron, every minute): each `scheduled` draft whose time has come is
 * handed to `enqueuePublish` (scheduled → publishing by compare-and-set, its pending
 * publication row and one publish job). Overlapping cron runs see the same due drafts, but
 * only one run wins each compare-and-set, so a draft is never queued — or posted — twice.
 * A draft whose job could not be queued stays `scheduled` (time kept) and is tried again
 * on the next run. A draft the review gate does not pass is held: back to `needs_review`.
 */
import { findDueScheduled, transitionDraft } from "../db/drafts";
import { publishVerdict, reviewState } from "../db/review-gate";
import { reason } from "../db/status-reasons";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import { refreshCard } from "../slack/card-sender";
import { enqueuePublish } from "./enqueue-publish";

export async function publishDueDrafts(services: Services, now: number): Promise<Record<string, number>> {
  const due = await findDueScheduled(services.db, now);
  let queued = 0;
  let skipped = 0;
  let failed = 0;
  let held = 0;
  for (const draft of due) {
    const log = services.log.child({ draft_id: draft.id, platform: draft.platform });
    // The review gate holds here too: a scheduled draft with unresolved claims nobody
    // confirmed (or never-retrieved citations) goes back to the physician, not out.
    let verdict: ReturnType<typeof publishVerdict>;
    try {
      verdict = publishVerdict(await reviewState(services.db, draft));
    } catch (err) {
      failed += 1;
      log.error("scheduled_publish_gate_failed", { error: errorMessage(err) });
      continue;
    }
    if (verdict !== "ok") {
      const moved = await transitionDraft(services.db, draft.id, "scheduled", "needs_review", {
        statusReason: reason("scheduled_unreviewed"),
        scheduledAt: null,
      });
      if (moved) {
        held += 1;
        log.warn("scheduled_publish_held", { reason: verdict });
        await refreshCard(services, draft.id).catch((err: unknown) =>
          log.warn("slack_card_failed", { error: errorMessage(err) }),
        );
      }
      continue;
    }
    try {
      if (!(await enqueuePublish(services, draft, "scheduled", `cron:${draft.id}:${now}`))) {
        skipped += 1; // another run (or the physician) got there first
        continue;
      }
    } catch (err) {
      failed += 1;
      log.error("scheduled_publish_enqueue_failed", { error: errorMessage(err) });
      continue;
    }
    queued += 1;
    log.info("scheduled_publish_queued", { scheduled_at: draft.scheduledAt ?? 0 });
    await refreshCard(services, draft.id).catch((err: unknown) =>
      log.warn("slack_card_failed", { error: errorMessage(err) }),
    );
  }
  return { due: due.length, queued, skipped, failed, held };
}
