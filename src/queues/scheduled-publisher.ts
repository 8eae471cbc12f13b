/**
 * Scheduled publishing (cron, every minute): each `scheduled` draft whose time has come is
 * handed to `enqueuePublish` (scheduled → publishing by compare-and-set, its pending
 * publication row and one publish job). Overlapping cron runs see the same due drafts, but
 * only one run wins each compare-and-set, so a draft is never queued — or posted — twice.
 * A draft whose job could not be queued stays `scheduled` (time kept) and is tried again
 * on the next run. Due drafts go out oldest first (after an outage, in the order planned).
 *
 * Held instead of posted, back to the physician with the reason:
 * - the review gate does not pass → `needs_review`;
 * - more than SCHEDULE_MAX_LATENESS_MIN late (the service was down) → `ready`: a post
 *   about tonight's event should not go out tomorrow without the physician saying so;
 * - the physician is no longer on the Slack allow-list → `ready`.
 */
import { findDueScheduled, transitionDraft } from "../db/drafts";
import { getPhysician } from "../db/physicians";
import { publishVerdict, reviewState } from "../db/review-gate";
import type { Draft } from "../db/schema";
import { reason } from "../db/status-reasons";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import { isAllowed } from "../slack/access";
import { refreshCard } from "../slack/card-sender";
import { enqueuePublish } from "./enqueue-publish";

export async function publishDueDrafts(services: Services, now: number): Promise<Record<string, number>> {
  const due = await findDueScheduled(services.db, now);
  let queued = 0;
  let skipped = 0;
  let failed = 0;
  let held = 0;
  let missed = 0;
  for (const draft of due) {
    const log = services.log.child({ draft_id: draft.id, platform: draft.platform });
    const handBack = await holdBack(services, draft, now).catch((err: unknown) => {
      log.error("scheduled_publish_check_failed", { error: errorMessage(err) });
      return "error" as const;
    });
    if (handBack === "error") {
      failed += 1;
      continue;
    }
    if (handBack) {
      const moved = await transitionDraft(services.db, draft.id, "scheduled", "ready", {
        statusReason: handBack,
        scheduledAt: null,
      });
      if (moved) {
        missed += 1;
        log.warn("scheduled_publish_held", {
          reason: handBack,
          late_min: Math.round((now - (draft.scheduledAt ?? now)) / 60_000),
        });
        await refreshCard(services, draft.id).catch((err: unknown) =>
          log.warn("slack_card_failed", { error: errorMessage(err) }),
        );
      }
      continue;
    }
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
  return { due: due.length, queued, skipped, failed, held, missed };
}

/** The encoded reason to hand a due draft back to its physician, or null to post it. */
async function holdBack(services: Services, draft: Draft, now: number): Promise<string | null> {
  const lateMin = Math.floor((now - (draft.scheduledAt ?? now)) / 60_000);
  if (lateMin > services.config.SCHEDULE_MAX_LATENESS_MIN) return reason("scheduled_missed", lateMin);
  const physician = await getPhysician(services.db, draft.physicianId);
  if (!physician || !isAllowed(services.config, physician.slackTeamId, physician.slackUserId)) {
    return reason("scheduled_not_allowed");
  }
  return null;
}
