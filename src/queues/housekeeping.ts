/**
 * Housekeeping for tables that only grow: expired PubMed cache rows, old job audit rows
 * (kept 90 days — long enough for monthly cost reviews) and Slack de-duplication keys
 * (Slack retries within minutes; a day is plenty). Each runs from the minute cron and
 * deletes in bounded chunks so one invocation never does unbounded work.
 */
import { inArray, lt } from "drizzle-orm";
import { jobRuns, pubmedCache, slackRequests } from "../db/schema";
import type { Services } from "../services";

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEDUP_RETENTION_MS = DAY_MS;
export const JOB_RUN_RETENTION_MS = 90 * DAY_MS;
/** Rows deleted per table per minute at most. */
const BATCH = 500;

export async function pruneSlackDedup({ db }: Services, now: number): Promise<Record<string, number>> {
  const removed = await db
    .delete(slackRequests)
    .where(lt(slackRequests.createdAt, now - DEDUP_RETENTION_MS))
    .returning({ key: slackRequests.key });
  return { removed: removed.length };
}

export async function prunePubmedCache({ db }: Services, now: number): Promise<Record<string, number>> {
  const expired = await db
    .select({ key: pubmedCache.key })
    .from(pubmedCache)
    .where(lt(pubmedCache.expiresAt, now))
    .limit(BATCH);
  for (let i = 0; i < expired.length; i += 90) {
    await db.delete(pubmedCache).where(
      inArray(
        pubmedCache.key,
        expired.slice(i, i + 90).map((r) => r.key),
      ),
    );
  }
  return { removed: expired.length };
}

export async function pruneJobRuns({ db }: Services, now: number): Promise<Record<string, number>> {
  const old = await db
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(lt(jobRuns.startedAt, now - JOB_RUN_RETENTION_MS))
    .limit(BATCH);
  for (let i = 0; i < old.length; i += 90) {
    await db.delete(jobRuns).where(
      inArray(
        jobRuns.id,
        old.slice(i, i + 90).map((r) => r.id),
      ),
    );
  }
  return { removed: old.length };
}
