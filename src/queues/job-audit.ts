/**
 * The job audit (D1 `job_runs`: stage timings, model route, tokens, cost — what the
 * original never recorded) and one Analytics Engine data point per generation for the
 * dashboards (outcome, durations, tokens, cost, provider).
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Draft, jobRuns } from "../db/schema";
import type { PipelineResult } from "../pipeline/run";
import type { LlmReply } from "../platform/llm/types";

export async function startJobRun(
  db: Db,
  kind: "generate" | "publish" | "index",
  draftId: string,
  attempt: number,
): Promise<number> {
  const [row] = await db
    .insert(jobRuns)
    .values({ kind, draftId, attempt, status: "running", startedAt: Date.now() })
    .returning({ id: jobRuns.id });
  return row?.id ?? 0;
}

export interface JobRunOutcome {
  status: "succeeded" | "retrying" | "failed";
  started: number;
  /** Every LLM reply of the attempt, including those before a failure. */
  llmCalls?: LlmReply[];
  offline?: boolean;
  stages?: Record<string, number>;
  error?: string;
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

export async function finishJobRun(db: Db, id: number, outcome: JobRunOutcome): Promise<void> {
  const finishedAt = Date.now();
  await db
    .update(jobRuns)
    .set({
      status: outcome.status,
      finishedAt,
      durationMs: finishedAt - outcome.started,
      stages: outcome.stages ?? null,
      error: outcome.error ?? null,
      ...llmTotals(outcome.llmCalls ?? [], outcome.offline ?? false),
    })
    .where(eq(jobRuns.id, id));
}

const STAGE_ORDER = [
  "style_match",
  "evidence",
  "pubmed",
  "llm_complete",
  "claim_check",
  "platform_fit",
] as const;

/** blobs: outcome, platform, provider, model; doubles: total ms, stage ms…, tokens in/out, cost; index: draft id. */
export function recordGeneration(
  env: Env,
  draft: Draft,
  outcome: string,
  totalMs: number,
  result?: PipelineResult,
): void {
  const totals = llmTotals(result?.llmCalls ?? [], result?.offline ?? false);
  env.ANALYTICS.writeDataPoint({
    indexes: [draft.id],
    blobs: [
      "generation",
      outcome,
      draft.platform,
      totals.provider ?? "none",
      totals.model ?? "none",
      totals.fallback ? "fallback" : "primary",
    ],
    doubles: [
      totalMs,
      ...STAGE_ORDER.map((s) => result?.stages[s] ?? 0),
      totals.inputTokens,
      totals.outputTokens,
      totals.costUsd,
    ],
  });
}
