/**
 * The stuck-job sweep (every minute, from the cron). A draft must never stay "queued" or
 * "generating" forever — a lost queue message or a Worker restart mid-job (the original's
 * "Redis data loss" case) would otherwise leave it pending. Drafts untouched for longer
 * than an attempt's budget plus a margin are re-queued, or failed with a reason once they
 * have used their attempts. Re-queueing is safe: a duplicate message finds the draft
 * claimed or done and does nothing.
 */

import { and, eq } from "drizzle-orm";
import { findStaleDrafts, transitionDraft } from "../db/drafts";
import { drafts } from "../db/schema";
import { reason } from "../db/status-reasons";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import { refreshCard } from "../slack/card-sender";

/** The first attempt plus the queue's three retries. */
export const MAX_GENERATION_ATTEMPTS = 4;
const MARGIN_MS = 2 * 60 * 1000;

export async function sweepStuckDrafts(services: Services, now: number): Promise<Record<string, number>> {
  const staleBefore = now - services.config.GENERATION_BUDGET_S * 1000 - MARGIN_MS;
  const stale = await findStaleDrafts(services.db, ["queued", "generating"], staleBefore);
  let requeued = 0;
  let failed = 0;
  for (const draft of stale) {
    const log = services.log.child({ draft_id: draft.id });
    if (draft.attempts >= MAX_GENERATION_ATTEMPTS) {
      const ok = await transitionDraft(services.db, draft.id, draft.status, "failed", {
        statusReason: reason("generation_stuck"),
      });
      if (ok) {
        failed += 1;
        log.warn("draft_swept_failed", { attempts: draft.attempts, status: draft.status });
        await refreshCard(services, draft.id).catch((err: unknown) =>
          log.warn("slack_card_failed", { error: errorMessage(err) }),
        );
      }
      continue;
    }
    const ok =
      draft.status === "generating"
        ? await transitionDraft(services.db, draft.id, "generating", "queued")
        : (
            await services.db
              .update(drafts)
              .set({ updatedAt: now })
              // Compare-and-set on the time read: an overlapping sweep that already re-sent
              // this draft has moved `updated_at`, so only one of them sends.
              .where(
                and(
                  eq(drafts.id, draft.id),
                  eq(drafts.status, "queued"),
                  eq(drafts.updatedAt, draft.updatedAt),
                ),
              )
              .returning({ id: drafts.id })
          ).length === 1;
    if (!ok) continue;
    await services.env.GENERATE_QUEUE.send({
      type: "generate",
      draftId: draft.id,
      requestId: `sweep:${now}`,
      reason: "sweep",
    });
    requeued += 1;
    log.warn("draft_swept_requeued", { attempts: draft.attempts, status: draft.status });
  }
  return { stale: stale.length, requeued, failed };
}
