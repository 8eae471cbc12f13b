/**
 * Generation jobs. Idempotent: a re-delivered job for a draft that is already done (or
 * moved on) does nothing — no second LLM call, no second card. A live attempt owns the
 * draft ("generating") through a lease it renews while it works (`generation-lease`); a
 * retry puts it back to "queued" first so the next delivery can claim it. Failures are classified: transient → retried with backoff (the dead-letter
 * consumer fails the draft after the last one); permanent → failed now, with a reason.
 */

import { getDraft } from "../db/drafts";
import { getPhysician } from "../db/physicians";
import { reason, retryReason } from "../db/status-reasons";
import { errorMessage } from "../lib/log";
import { llmCallMetrics } from "../observability/llm-metrics";
import { persistResult } from "../pipeline/persist";
import { isQuickEdit } from "../pipeline/rewrite";
import { runRewrite } from "../pipeline/rewrite-run";
import { runPipeline } from "../pipeline/run";
import { parsePriceTable } from "../platform/llm/pricing";
import { createLlmRouter } from "../platform/llm/router";
import type { LlmReply } from "../platform/llm/types";
import { createPubmedClient } from "../platform/pubmed/client";
import { createNcbiLimiter } from "../platform/pubmed/limiter";
import type { PubmedClient } from "../platform/pubmed/types";
import type { Services } from "../services";
import { refreshCard } from "../slack/card-sender";
import { createProgressReporter, PROGRESS_PACING, type ProgressReporter } from "../slack/progress";
import { claimForGeneration, keepAlive, releaseDraft, renewLease } from "./generation-lease";
import { finishJobRun, type JobRun, startJobRun } from "./job-audit";
import type { GenerateJob } from "./messages";
import { backoffSeconds, GENERATE_ATTEMPTS, PermanentError, TransientError } from "./retry";

export async function handleGenerateJob(
  services: Services,
  job: GenerateJob,
  attempt: number,
): Promise<void> {
  const log = services.log.child({ draft_id: job.draftId });
  const draft = await getDraft(services.db, job.draftId);
  if (!draft) {
    log.warn("generate_skipped", { reason: "draft_missing" });
    return;
  }
  const owner = await claimForGeneration(services.db, draft);
  if (!owner) {
    log.info("generate_skipped", { reason: "not_queued", status: draft.status });
    return;
  }
  const stopHeartbeat = keepAlive(services.db, draft.id, owner, log);
  // From here on the draft is ours ("generating"): every step, setup included, is inside
  // the error path, so no failure can leave it without a card or a retry.
  const llmCalls: LlmReply[] = [];
  const started = Date.now();
  let run: JobRun | undefined;
  // Every provider attempt, answered or failed: the LLM error-rate alert reads these.
  const llmAttempts = { calls: 0, errors: 0 };
  let offline = true;
  // Whether this attempt's own write ended it (result stored, or draft released).
  let settled = false;
  let progress: ProgressReporter | undefined;
  let pubmed: PubmedClient | undefined;
  try {
    const physician = await getPhysician(services.db, draft.physicianId);
    if (!physician) throw new PermanentError("draft has no physician");
    run = await startJobRun(services, "generate", draft, attempt, physician.slackTeamId);
    const metrics = run.metrics;
    const router = createLlmRouter(
      services.config,
      log,
      parsePriceTable(services.config.LLM_PRICES),
      llmCallMetrics(metrics, (call) => {
        llmAttempts.calls += 1;
        if (call.outcome !== "ok") llmAttempts.errors += 1;
      }),
    );
    offline = !router.configured;
    pubmed = createPubmedClient({
      config: services.config,
      db: services.db,
      limiter: createNcbiLimiter(services.env),
      log,
      metrics,
    });
    // Each progress update renews the lease first, and stops once another attempt took over.
    // A quick edit the physician asked for rewrites the current text instead of drafting anew.
    const rewrite =
      draft.pendingRewrite && isQuickEdit(draft.pendingRewrite) ? draft.pendingRewrite : undefined;
    progress = createProgressReporter(
      services,
      draft,
      physician,
      () => renewLease(services.db, draft.id, owner),
      PROGRESS_PACING,
      rewrite,
    );
    progress.start();
    const deps = {
      services: { ...services, log, metrics },
      router: router.configured ? router : undefined,
      pubmed,
      progress,
      llmCalls,
    };
    const result = rewrite
      ? await runRewrite(deps, draft, physician, rewrite)
      : await runPipeline(deps, draft, physician);
    await progress.close();
    const source = rewrite
      ? "rewritten"
      : job.reason === "regenerate" || draft.currentVersion > 0
        ? "regenerated"
        : "generated";
    const { stored } = await persistResult(services.db, draft.id, result, source, owner);
    settled = stored;
    if (!stored) log.warn("generate_result_unstored", { reason: "lease_lost_or_status_changed" });
    await finishJobRun(services.db, run, {
      status: "succeeded",
      started,
      llmCalls,
      llmAttempts,
      offline: result.offline,
      stages: result.stages,
    });
    log.info("draft_generated", {
      duration_ms: Date.now() - started,
      needs_review: result.needsReview,
      offline: result.offline,
      claims: result.claims.length,
      evidence: result.evidence.items.length,
    });
  } catch (err) {
    const permanent = err instanceof PermanentError;
    // Calls made before the failure still cost money: they are recorded too. A failing
    // audit write must not hide the failure itself.
    if (run !== undefined) {
      await finishJobRun(services.db, run, {
        status: permanent ? "failed" : "retrying",
        started,
        llmCalls,
        llmAttempts,
        offline,
        error: errorMessage(err),
      }).catch((auditErr: unknown) => log.warn("job_audit_failed", { error: errorMessage(auditErr) }));
    }
    if (permanent) {
      settled = await releaseDraft(services.db, draft.id, owner, "failed", {
        statusReason: humanReason(err),
      });
    } else {
      // When the queue's retry is due: the sweeper leaves the draft alone until then.
      const delayS = backoffSeconds(
        services.config.RETRY_BASE_DELAY_S,
        attempt,
        err instanceof TransientError ? err.retryAfterS : undefined,
      );
      // The card says which attempt comes next and why, instead of a bare "Queued". Counted
      // on the draft (claims count attempts, sweeper re-sends included); after the last one
      // the dead-letter consumer fails the draft, so no retry is promised.
      const next = draft.attempts + 2;
      settled = await releaseDraft(services.db, draft.id, owner, "queued", {
        retryAt: Date.now() + delayS * 1000,
        statusReason:
          next <= GENERATE_ATTEMPTS
            ? retryReason({ attempt: next, max: GENERATE_ATTEMPTS, cause: retryCause(err) })
            : null,
      });
    }
    throw err;
  } finally {
    stopHeartbeat();
    // No progress update may land on top of the card.
    await progress?.close();
    // A stale attempt leaves the message to the attempt that took the draft over.
    const showCard = async () => {
      if (settled || !(await takenOver(services, draft.id, owner))) await refreshCard(services, draft.id);
    };
    await showCard().catch((err: unknown) => log.warn("slack_card_failed", { error: errorMessage(err) }));
    // PubMed's cache writes ran behind the answers; they finish before the job does.
    await pubmed?.settle();
  }
}

async function takenOver(services: Services, draftId: string, owner: string): Promise<boolean> {
  const now = await getDraft(services.db, draftId);
  return now?.status === "generating" && now.leaseOwner !== owner;
}

/** Whether the language model or another service made the attempt fail (for the card). */
function retryCause(err: unknown): "llm" | "service" {
  return /LLM|language model/i.test(errorMessage(err)) ? "llm" : "service";
}

/** What the physician reads on the failure card: never a stack trace or a token. */
function humanReason(err: unknown): string {
  const message = err instanceof Error ? err.message : "";
  if (/no LLM configured/i.test(message)) return reason("no_llm");
  if (/rejected|bad_request|HTTP 4\d\d/i.test(message)) return reason("llm_rejected");
  return reason("generation_failed");
}
