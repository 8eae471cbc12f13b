/**
 * Cron (every minute). Each task is independent: one failing does not stop the others,
 * and each logs what it did so `wrangler tail` shows the scheduler is alive.
 */
import { lt } from "drizzle-orm";
import { slackRequests } from "./db/schema";
import { errorMessage } from "./lib/log";
import { publishDueDrafts } from "./queues/scheduled-publisher";
import { sweepStuckDrafts } from "./queues/sweeper";
import { createServices, type Services } from "./services";

/** Slack retries arrive within minutes; a day of de-duplication keys is plenty. */
const DEDUP_RETENTION_MS = 24 * 60 * 60 * 1000;

type Task = (services: Services, now: number) => Promise<Record<string, number>>;

const tasks: Record<string, Task> = {
  sweep_stuck_drafts: sweepStuckDrafts,
  publish_due_drafts: publishDueDrafts,
  prune_slack_dedup: async ({ db }, now) => {
    const removed = await db
      .delete(slackRequests)
      .where(lt(slackRequests.createdAt, now - DEDUP_RETENTION_MS))
      .returning({ key: slackRequests.key });
    return { removed: removed.length };
  },
};

export async function handleScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const services = createServices(env, { cron: controller.cron });
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
