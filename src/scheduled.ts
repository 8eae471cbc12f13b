/**
 * Cron (every minute). Each task is independent: one failing does not stop the others,
 * and each logs what it did so `wrangler tail` shows the scheduler is alive.
 */
import { renewAccountTokens } from "./accounts/renew";
import { errorMessage, Logger } from "./lib/log";
import { evaluateAlertsTask } from "./observability/alert-notices";
import { pruneJobRuns, prunePubmedCache, pruneSlackDedup } from "./queues/housekeeping";
import { sweepStuckPublishing } from "./queues/publish-sweeper";
import { publishDueDrafts } from "./queues/scheduled-publisher";
import { sweepStuckDrafts } from "./queues/sweeper";
import { createServices, type Services } from "./services";
import { deriveVoiceLessons } from "./voice/lessons";
import { cleanUpStyleIndex } from "./voice/style-cleanup";

type Task = (services: Services, now: number) => Promise<Record<string, number>>;

const tasks: Record<string, Task> = {
  sweep_stuck_drafts: sweepStuckDrafts,
  sweep_stuck_publishing: sweepStuckPublishing,
  publish_due_drafts: publishDueDrafts,
  prune_slack_dedup: pruneSlackDedup,
  prune_pubmed_cache: prunePubmedCache,
  prune_job_runs: pruneJobRuns,
  evaluate_alerts: evaluateAlertsTask,
  renew_account_tokens: renewAccountTokens,
  style_index_cleanup: cleanUpStyleIndex,
  derive_voice_lessons: deriveVoiceLessons,
};

export async function handleScheduled(controller: ScheduledController, env: Env): Promise<void> {
  let services: Services;
  try {
    services = createServices(env, { cron: controller.cron });
  } catch (err) {
    // Nothing runs on a bad setting; the line says why, every minute, until it is fixed.
    new Logger({ cron: controller.cron }).error("cron_config_invalid", { error: errorMessage(err) });
    return;
  }
  const now = controller.scheduledTime;
  for (const [name, task] of Object.entries(tasks)) {
    const started = Date.now();
    try {
      const result = await task(services, now);
      services.log.info("cron_task", { task: name, duration_ms: Date.now() - started, ...result });
    } catch (err) {
      services.log.error("cron_task_failed", { task: name, error: errorMessage(err) });
    }
  }
}
