/**
 * The stuck-job sweep (every minute, from the cron). A draft must never stay "queued" or
 * "generating" forever — a lost queue message or a Worker restart mid-job (the original's
 * "Redis data loss" case) would otherwise leave it pending. Drafts untouched for longer
 * than an attempt's budget plus a margin are re-queued, or failed with a reason once they
 * have used their attempts. Re-queueing is safe: a duplicate message finds the draft
 * claimed or done and does nothing.
 *
 * A `generating` draft whose attempt stopped renewing its lease (`generation-lease`: a
 * Worker killed mid-draft) is taken back at once, not after the whole budget: the lease is
 * what says the attempt is alive.
 */

import { and, eq, isNull } from "drizzle-orm";
import { findStaleDrafts, transitionDraft } from "../db/drafts";
import { type Draft, drafts } from "../db/schema";
import { reason } from "../db/status-reasons";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import { refreshCard } from "../slack/card-sender";
import { findExpiredLeases } from "./generation-lease";
import { GENERATE_ATTEMPTS } from "./retry";

const MARGIN_MS = 2 * 60 * 1000;

export async function sweepStuckDrafts(
  services: Services,
  cronTime: number,
): Promise<Record<string, number>> {
  // Leases are written with Date.now(); compare on the same clock.
  const now = Date.now();
  const staleBefore = now - services.config.GENERATION_BUDGET_S * 1000 - MARGIN_MS;
  const [old, expired] = await Promise.all([
    findStaleDrafts(services.db, ["queued", "generating"], staleBefore),
    findExpiredLeases(services.db, now),
  ]);
  // A leased attempt is judged by its lease alone (renewals do not touch updated_at); a
  // queued draft waiting out a retry (an LLM's long Retry-After) is not a lost message.
  const unleased = old.filter(
    (d) =>
      (d.status === "queued" && (d.retryAt === null || d.retryAt + MARGIN_MS < now)) ||
      (d.status === "generating" && d.leaseUntil === null),
  );
  const stale = [...new Map([...unleased, ...expired].map((d) => [d.id, d])).values()];
  let requeued = 0;
  let failed = 0;
  for (const draft of stale) {
    const log = services.log.child({ draft_id: draft.id });
    if (draft.attempts >= GENERATE_ATTEMPTS) {
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
        ? await takeBack(services, draft)
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
      requestId: `sweep:${cronTime}`,
      reason: "sweep",
    });
    requeued += 1;
    log.warn("draft_swept_requeued", { attempts: draft.attempts, status: draft.status });
  }
  return { stale: stale.length, requeued, failed };
}

/** generating → queued, as a compare-and-set on the lease read (a renewed lease wins). */
async function takeBack(services: Services, draft: Draft): Promise<boolean> {
  const rows = await services.db
    .update(drafts)
    .set({ status: "queued", leaseOwner: null, leaseUntil: null, updatedAt: Date.now() })
    .where(
      and(
        eq(drafts.id, draft.id),
        eq(drafts.status, "generating"),
        draft.leaseUntil === null ? isNull(drafts.leaseUntil) : eq(drafts.leaseUntil, draft.leaseUntil),
      ),
    )
    .returning({ id: drafts.id });
  return rows.length === 1;
}
