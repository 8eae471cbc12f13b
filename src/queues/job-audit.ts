/**
 * The job audit (D1 `job_runs`: stage timings, model route, tokens, cost — what the
 * original never recorded) and the job's Analytics Engine data points (one per attempt,
 * and per publish attempt one for its platform).
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Draft, type JOB_KINDS, jobRuns } from "../db/schema";
import type { Metrics } from "../observability/metrics";
import type { LlmReply } from "../platform/llm/types";
import type { Services } from "../services";

type JobKind = (typeof JOB_KINDS)[number];

/** One job attempt being audited: its D1 row and the metrics writer bound to its draft. */
export interface JobRun {
  id: number;
  kind: JobKind;
  attempt: number;
  platform: string;
  metrics: Metrics;
  /** Set by the first finishJobRun: an attempt is finished, and counted, once. */
  finished?: boolean;
}

export async function startJobRun(
  services: Pick<Services, "db" | "metrics">,
  kind: JobKind,
  draft: Pick<Draft, "id" | "physicianId" | "platform">,
  attempt: number,
  team?: string,
): Promise<JobRun> {
  const [row] = await services.db
    .insert(jobRuns)
    .values({ kind, draftId: draft.id, attempt, status: "running", startedAt: Date.now() })
    .returning({ id: jobRuns.id });
  const metrics = services.metrics.with({ physician: draft.physicianId, draft: draft.id, team });
  return { id: row?.id ?? 0, kind, attempt, platform: draft.platform, metrics };
}

/** How one publish attempt ended, for the per-platform publish metric. */
export interface PublishOutcome {
  outcome: "published" | "retrying" | "delayed" | "failed" | "uncertain" | "waiting";
  cause?: string;
  parts: number;
}

export interface JobRunOutcome {
  status: "succeeded" | "retrying" | "failed";
  started: number;
  /** Every LLM reply of the attempt, including those before a failure. */
  llmCalls?: LlmReply[];
  /** Provider attempts and failures, fallbacks and failed calls included. */
  llmAttempts?: { calls: number; errors: number };
  offline?: boolean;
  stages?: Record<string, number>;
  error?: string;
  publish?: PublishOutcome;
}

export function llmTotals(calls: LlmReply[], offline: boolean) {
  const last = calls.at(-1);
  return {
    provider: last?.provider ?? (offline ? "offline" : null),
    model: last?.model ?? null,
    fallback: calls.some((c) => c.fallback),
    inputTokens: calls.reduce((s, c) => s + c.usage.inputTokens, 0),
    outputTokens: calls.reduce((s, c) => s + c.usage.outputTokens, 0),
    costUsd: calls.reduce((s, c) => s + c.costUsd, 0),
  };
}

/**
 * Closes the attempt's audit row and writes its data points: every attempt counts —
 * retries and failures with what they cost — so failure rates and spend add up.
 */
export async function finishJobRun(db: Db, run: JobRun, outcome: JobRunOutcome): Promise<void> {
  // A failure after the attempt was finished (its card, say) must not count it again.
  if (run.finished) return;
  run.finished = true;
  const finishedAt = Date.now();
  const durationMs = finishedAt - outcome.started;
  const totals = llmTotals(outcome.llmCalls ?? [], outcome.offline ?? false);
  const llm = outcome.llmAttempts ?? { calls: 0, errors: 0 };
  run.metrics.write("job", {
    kind: run.kind,
    outcome: outcome.status,
    platform: run.platform,
    ms: durationMs,
    attempt: run.attempt,
    input_tokens: totals.inputTokens,
    output_tokens: totals.outputTokens,
    cost_usd: totals.costUsd,
    llm_calls: llm.calls,
    llm_errors: llm.errors,
  });
  if (outcome.publish) {
    run.metrics.write("publish", {
      platform: run.platform,
      outcome: outcome.publish.outcome,
      cause: outcome.publish.cause ?? "",
      ms: durationMs,
      parts: outcome.publish.parts,
    });
  }
  await db
    .update(jobRuns)
    .set({
      status: outcome.status,
      finishedAt,
      durationMs,
      stages: outcome.stages ?? null,
      error: outcome.error ?? null,
      llmCalls: llm.calls,
      llmErrors: llm.errors,
      ...totals,
    })
    .where(eq(jobRuns.id, run.id));
}
