/**
 * Ordering a draft — shared by `/draft <topic>` and the generation form. The order of the
 * steps is the contract:
 *   1. the physician's Durable Object limit (keyed by their Slack identity, so it is asked
 *      before any D1 read) → "rate_limited", nothing recorded or queued. It counts a request
 *      key once, so a Slack retry of a counted order costs nothing there;
 *   2. the physician's row (on first contact), the request key and the draft are written in
 *      ONE D1 transaction: a retry (or a concurrent duplicate) finds the key taken →
 *      "duplicate", and either sees all of it or none;
 *   3. the generation job is queued. If queueing fails the draft is failed with a reason,
 *      never left "queued" with no job behind it.
 * The refusals read the physician afterwards (their language for the answer): the rare paths.
 */

import { transitionDraft } from "../../db/drafts";
import { type OrderRecord, recordOrder } from "../../db/orders";
import { upsertPhysician } from "../../db/physicians";
import type { Draft, Physician } from "../../db/schema";
import { findSlackRequest } from "../../db/slack-requests";
import { reason } from "../../db/status-reasons";
import { checkLimit, noteRefusal } from "../../durable/limits";
import type { GenerateJob } from "../../queues/messages";
import type { Services } from "../../services";

/** An order as `recordOrder` writes it, plus the request it came with (for the job's logs). */
export interface DraftOrder extends OrderRecord {
  requestId: string;
}

export type OrderOutcome =
  | { kind: "queued"; draft: Draft; physician: Physician }
  | { kind: "duplicate"; physician: Physician }
  | { kind: "rate_limited"; retryAfterS: number; physician: Physician };

export async function orderDraft(services: Services, order: DraftOrder): Promise<OrderOutcome> {
  const { db, env, config } = services;
  const physician = () => upsertPhysician(db, order.who);
  // The identity alone: the refusal's data point is written below, once, with the row's id.
  const owner = { slackTeamId: order.who.slackTeamId, slackUserId: order.who.slackUserId };
  let limit: Awaited<ReturnType<typeof checkLimit>>;
  try {
    limit = await checkLimit(env, config, owner, "draft", order.requestKey);
  } catch (err) {
    // A retry of an order we have is answered as such even while the limiter is unreachable;
    // anything else reports the limiter's error, not a second one from the fallback read.
    const handled = await findSlackRequest(db, order.requestKey).catch(() => undefined);
    if (handled) return { kind: "duplicate", physician: await physician() };
    throw err;
  }
  if (!limit.allowed) {
    const who = await physician();
    noteRefusal(env, who.id, "draft", limit);
    return { kind: "rate_limited", retryAfterS: Math.ceil(limit.retryAfterMs / 1000), physician: who };
  }

  const recorded = await recordOrder(db, order);
  if (!recorded) return { kind: "duplicate", physician: await physician() };
  const { draft } = recorded;
  await enqueueGeneration(services, {
    type: "generate",
    draftId: draft.id,
    requestId: order.requestId,
    reason: "new",
  });
  services.log.info("draft_ordered", {
    physician_id: recorded.physician.id,
    draft_id: draft.id,
    platform: draft.platform,
  });
  return { kind: "queued", ...recorded };
}

/** Queues a generation job; on failure the draft is failed visibly instead of stuck. */
export async function enqueueGeneration(services: Services, job: GenerateJob): Promise<void> {
  try {
    await services.env.GENERATE_QUEUE.send(job);
  } catch (err) {
    await transitionDraft(services.db, job.draftId, "queued", "failed", {
      statusReason: reason("not_queued"),
    });
    throw err;
  }
}
