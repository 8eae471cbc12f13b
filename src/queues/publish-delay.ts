/**
 * Over a platform's limit, a post waits; it is never dropped or dead-lettered for it.
 *
 * - A hold (`publish_holds`) records that an account must not be posted to before a time:
 *   X's 15-minute window or daily cap, Threads' 24-hour quota, a Telegram chat's
 *   `retry_after`. Every publish job for that account checks it first, so the next post
 *   waits too instead of spending an attempt on a certain 429.
 * - The delayed post is a *fresh* publish message sent with a delay (Queues allow 12 h at
 *   most; a longer wait is re-delayed on arrival), so waiting never uses up the message's
 *   retries. The publication row's `not_before` says when it is due, for the card and for
 *   the sweeper (which must not start a second chain meanwhile).
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { publishHolds } from "../db/schema";
import type { RateScope } from "../publishers/types";
import type { Services } from "../services";
import type { PublishJob } from "./messages";

/** Queues' longest per-message delay. */
export const MAX_QUEUE_DELAY_S = 12 * 60 * 60;

export interface Hold {
  until: number;
  limit: RateScope["limit"];
}

export async function activeHold(db: Db, key: string, now: number): Promise<Hold | undefined> {
  const row = await db.query.publishHolds.findFirst({ where: eq(publishHolds.key, key) });
  if (!row || row.until <= now) return undefined;
  return { until: row.until, limit: row.reason as RateScope["limit"] };
}

/** Records (or extends — never shortens) the hold on an account. */
export async function setHold(db: Db, scope: RateScope, until: number): Promise<void> {
  await db
    .insert(publishHolds)
    .values({ key: scope.key, until, reason: scope.limit, updatedAt: Date.now() })
    .onConflictDoUpdate({
      target: publishHolds.key,
      set: {
        until: sql`MAX(${publishHolds.until}, ${until})`,
        reason: sql`CASE WHEN ${until} >= ${publishHolds.until} THEN ${scope.limit} ELSE ${publishHolds.reason} END`,
        updatedAt: Date.now(),
      },
    });
}

/** Sends the job again, due at `until` (or as late as Queues allow, if that is sooner). */
export async function deferPublish(services: Services, job: PublishJob, until: number): Promise<number> {
  const delaySeconds = Math.min(MAX_QUEUE_DELAY_S, Math.max(1, Math.ceil((until - Date.now()) / 1000)));
  await services.env.PUBLISH_QUEUE.send(job, { delaySeconds });
  return delaySeconds;
}
