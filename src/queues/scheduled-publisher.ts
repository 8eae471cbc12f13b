/**
 * Scheduled publishing (cron, every minute): each `scheduled` draft whose time has come is
 * moved scheduled → publishing by compare-and-set, gets its pending publication row and one
 * publish job. Overlapping cron runs see the same due drafts, but only one run wins each
 * compare-and-set, so a draft is never queued — or posted — twice.
 */
import { findDueScheduled, transitionDraft } from "../db/drafts";
import { publications } from "../db/schema";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import { refreshCard } from "../slack/card-sender";
import type { PublishJob } from "./messages";

export async function publishDueDrafts(services: Services, now: number): Promise<Record<string, number>> {
  const due = await findDueScheduled(services.db, now);
  let queued = 0;
  let skipped = 0;
  let failed = 0;
  for (const draft of due) {
    const log = services.log.child({ draft_id: draft.id, platform: draft.platform });
    if (!(await transitionDraft(services.db, draft.id, "scheduled", "publishing", { statusReason: null }))) {
      skipped += 1; // another run (or the physician) got there first
      continue;
    }
    await services.db
      .insert(publications)
      .values({ draftId: draft.id, platform: draft.platform, status: "pending" })
      .onConflictDoNothing();
    const job: PublishJob = {
      type: "publish",
      draftId: draft.id,
      requestId: `cron:${draft.id}:${now}`,
      platform: draft.platform,
    };
    try {
      await services.env.PUBLISH_QUEUE.send(job);
      queued += 1;
      log.info("scheduled_publish_queued", { scheduled_at: draft.scheduledAt ?? 0 });
    } catch (err) {
      failed += 1;
      log.error("scheduled_publish_enqueue_failed", { error: errorMessage(err) });
      await transitionDraft(services.db, draft.id, "publishing", "ready", {
        statusReason: "Scheduled publishing could not be queued. Publish or schedule it again.",
      });
    }
    await refreshCard(services, draft.id).catch((err: unknown) =>
      log.warn("slack_card_failed", { error: errorMessage(err) }),
    );
  }
  return { due: due.length, queued, skipped, failed };
}
