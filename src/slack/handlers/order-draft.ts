/**
 * Ordering a draft — shared by `/draft <topic>` and the generation form. The order of the
 * checks is the contract:
 *   1. a Slack request we already handled → "duplicate" (retries are free: the limiter,
 *      asked alongside, counts a request key once);
 *   2. the physician's Durable Object limit → "rate_limited", nothing recorded or queued;
 *   3. the request key and the draft are written in ONE D1 transaction, so a concurrent
 *      retry either sees both or neither;
 *   4. the generation job is queued. If queueing fails the draft is failed with a reason,
 *      never left "queued" with no job behind it.
 */

import { createDraftStatement, transitionDraft } from "../../db/drafts";
import { type Draft, type Language, type Physician, type Platform, slackRequests } from "../../db/schema";
import { findSlackRequest, isUniqueViolation } from "../../db/slack-requests";
import { reason } from "../../db/status-reasons";
import { checkLimit } from "../../durable/limits";
import { draftLanguage } from "../../pipeline/prompt";
import type { GenerateJob } from "../../queues/messages";
import type { Services } from "../../services";

export interface DraftOrder {
  physician: Physician;
  topic: string;
  platform: Platform;
  /** Chosen with the order; otherwise resolved from the topic and the physician's default. */
  language?: Language;
  sourceUrl?: string | null;
  channelId?: string | null;
  /** Idempotency key of the Slack request (trigger id, view id). */
  requestKey: string;
  /** Whether `requestKey` was found already handled, when the caller read it with the physician. */
  handled?: boolean;
  requestId: string;
}

export type OrderOutcome =
  | { kind: "queued"; draft: Draft }
  | { kind: "duplicate" }
  | { kind: "rate_limited"; retryAfterS: number };

export async function orderDraft(services: Services, order: DraftOrder): Promise<OrderOutcome> {
  const { db, env, config } = services;
  // Side by side: the limiter counts a request key once, so a duplicate whose first delivery
  // was counted costs nothing there, and one whose first delivery was refused left no key.
  if (order.handled) return { kind: "duplicate" };
  const [handled, counted] = await Promise.allSettled([
    order.handled === false ? undefined : findSlackRequest(db, order.requestKey),
    checkLimit(env, config, order.physician.id, "draft", order.requestKey),
  ]);
  if (handled.status === "rejected") throw handled.reason;
  // A retry of an order we have is answered as such even when the limiter is unreachable.
  if (handled.value) return { kind: "duplicate" };
  if (counted.status === "rejected") throw counted.reason;
  const limit = counted.value;
  if (!limit.allowed) return { kind: "rate_limited", retryAfterS: Math.ceil(limit.retryAfterMs / 1000) };

  const draftId = crypto.randomUUID();
  let draft: Draft | undefined;
  try {
    const [, created] = await db.batch([
      db.insert(slackRequests).values({ key: order.requestKey, kind: "draft", draftId }),
      createDraftStatement(db, {
        id: draftId,
        physicianId: order.physician.id,
        topic: order.topic,
        platform: order.platform,
        language: order.language ?? draftLanguage(order.topic, order.physician.language),
        sourceUrl: order.sourceUrl ?? null,
        slackChannelId: order.channelId ?? null,
      }).returning(),
    ]);
    draft = created[0];
  } catch (err) {
    if (isUniqueViolation(err)) return { kind: "duplicate" };
    throw err;
  }
  if (!draft) throw new Error("draft vanished after insert");

  await enqueueGeneration(services, { type: "generate", draftId, requestId: order.requestId, reason: "new" });
  services.log.info("draft_ordered", {
    physician_id: order.physician.id,
    draft_id: draftId,
    platform: order.platform,
  });
  return { kind: "queued", draft };
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
