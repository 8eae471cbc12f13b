/**
 * The alert rules measured from the product's own D1: the job audit (`job_runs`) for
 * failure rate, generation time and LLM errors, and the drafts and publications still
 * waiting for the backlog — wrangler shows no queue depth, and the product knows what it
 * owes better than the queue does.
 */
import { and, count, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { drafts, jobRuns, publications } from "../db/schema";
import { type AlertName, type AlertResult, evaluateAlerts, type Measurement, percentile } from "./alerts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const FINISHED = ["succeeded", "retrying", "failed"] as const;
/** Generation times read for the p95 at most (a busy hour); the newest ones. */
const MAX_DURATIONS = 5000;

export interface Backlog {
  queued: number;
  generating: number;
  publishing: number;
  total: number;
}

export async function measureBacklog(db: Db): Promise<Backlog> {
  const [draftRows, pubRows] = await Promise.all([
    db
      .select({ status: drafts.status, n: count() })
      .from(drafts)
      .where(inArray(drafts.status, ["queued", "generating", "publishing"]))
      .groupBy(drafts.status),
    db
      .select({ n: count() })
      .from(publications)
      .where(inArray(publications.status, ["pending", "publishing"])),
  ]);
  const of = (status: string) => draftRows.find((r) => r.status === status)?.n ?? 0;
  const queued = of("queued");
  const generating = of("generating");
  // Pending publications, not publishing drafts: a thread to three platforms owes three posts.
  const publishing = pubRows[0]?.n ?? 0;
  return { queued, generating, publishing, total: queued + generating + publishing };
}

export async function measureFromD1(
  db: Db,
  now: number,
  backlog?: Backlog,
): Promise<Record<AlertName, Measurement>> {
  const finishedSince = (ms: number) =>
    and(gt(jobRuns.finishedAt, now - ms), inArray(jobRuns.status, [...FINISHED]));
  const [jobs, durations, llm, depth] = await Promise.all([
    db
      .select({ total: count(), failed: sql<number>`sum(${jobRuns.status} != 'succeeded')` })
      .from(jobRuns)
      .where(finishedSince(HOUR_MS)),
    db
      .select({ ms: jobRuns.durationMs })
      .from(jobRuns)
      .where(
        and(
          gt(jobRuns.finishedAt, now - HOUR_MS),
          eq(jobRuns.kind, "generate"),
          eq(jobRuns.status, "succeeded"),
        ),
      )
      .orderBy(sql`${jobRuns.finishedAt} desc`)
      .limit(MAX_DURATIONS),
    db
      .select({
        calls: sql<number>`coalesce(sum(${jobRuns.llmCalls}), 0)`,
        errors: sql<number>`coalesce(sum(${jobRuns.llmErrors}), 0)`,
      })
      .from(jobRuns)
      .where(and(finishedSince(5 * MINUTE_MS), ne(jobRuns.llmCalls, 0))),
    backlog ? Promise.resolve(backlog) : measureBacklog(db),
  ]);
  const total = jobs[0]?.total ?? 0;
  const calls = Number(llm[0]?.calls ?? 0);
  const times = durations.map((r) => r.ms ?? 0);
  return {
    job_failure_rate: { value: total ? Number(jobs[0]?.failed ?? 0) / total : null, samples: total },
    queue_backlog: { value: depth.total, samples: 1 },
    generation_p95: { value: percentile(times, 0.95), samples: times.length },
    llm_error_rate: { value: calls ? Number(llm[0]?.errors ?? 0) / calls : null, samples: calls },
  };
}

/** The backlog and the four rules evaluated now from D1 (the cron and GET /admin/alerts). */
export async function evaluateFromD1(
  db: Db,
  now: number,
): Promise<{ backlog: Backlog; alerts: AlertResult[] }> {
  const backlog = await measureBacklog(db);
  return { backlog, alerts: evaluateAlerts(await measureFromD1(db, now, backlog)) };
}
