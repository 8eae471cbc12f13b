/**
 * Queue entrypoint: parses each message at the boundary, dispatches by job type, and acks
 * or retries *per message* (an un-acked batch would retry every message in it).
 * Transient faults retry with exponential backoff; permanent ones are acked and logged;
 * messages that exhaust their retries arrive on the dead-letter queue.
 */

import { indexSlackFile } from "../knowledge/slack-upload";
import { errorMessage, Logger } from "../lib/log";
import { createServices, type Services } from "../services";
import { handleDeadLetter } from "./dead-letter";
import { handleGenerateJob } from "./generate-consumer";
import { handleIndexJob, handleRebuildJob } from "./index-consumer";
import { type Job, jobSchema, pingMessageSchema } from "./messages";
import { handlePublishJob } from "./publish-consumer";
import { backoffSeconds, PermanentError, TransientError } from "./retry";

type Handler = (services: Services, job: Job, attempt: number) => Promise<void>;

/** Job handlers by type; a type without one is acked and logged, never retried forever. */
const handlers: Partial<Record<Job["type"], Handler>> = {
  generate: (services, job, attempt) =>
    job.type === "generate" ? handleGenerateJob(services, job, attempt) : Promise.resolve(),
  publish: (services, job, attempt) =>
    job.type === "publish" ? handlePublishJob(services, job, attempt) : Promise.resolve(),
  index: (services, job) => (job.type === "index" ? handleIndexJob(services, job) : Promise.resolve()),
  rebuild_vectors: (services, job) =>
    job.type === "rebuild_vectors" ? handleRebuildJob(services, job) : Promise.resolve(),
  index_file: (services, job) =>
    job.type === "index_file" ? indexSlackFile(services, job) : Promise.resolve(),
};

export function isDeadLetterQueue(queue: string): boolean {
  return queue.endsWith("-dlq");
}

/** How long a misconfigured Worker leaves messages alone: time for an operator to fix it. */
export const CONFIG_RETRY_DELAY_S = 300;

export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  // /health pings need no work (nor a valid config, nor the dead-letter handling): ack first.
  // An explicit ack also outlives the retryAll() below.
  const messages = batch.messages.filter((message) => {
    if (!pingMessageSchema.safeParse(message.body).success) return true;
    message.ack();
    return false;
  });
  if (messages.length === 0) return;

  let services: Services;
  try {
    services = createServices(env, { queue: batch.queue });
  } catch (err) {
    // A bad setting must not consume the messages (or dead-letter them as if the jobs had
    // failed): log it plainly and put the whole batch back for later.
    new Logger({ queue: batch.queue }).error("queue_config_invalid", {
      error: errorMessage(err),
      messages: messages.length,
      retry_in_s: CONFIG_RETRY_DELAY_S,
    });
    batch.retryAll({ delaySeconds: CONFIG_RETRY_DELAY_S });
    return;
  }
  for (const message of messages) {
    const parsed = jobSchema.safeParse(message.body);
    if (!parsed.success) {
      // A malformed message can never succeed: ack it so it does not block the queue.
      services.log.error("queue_message_invalid", {
        message_id: message.id,
        issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.code}`).join("; "),
      });
      message.ack();
      continue;
    }
    const job = parsed.data;
    const log = services.log.child({
      request_id: job.requestId,
      job_type: job.type,
      attempt: message.attempts,
    });
    const scoped: Services = { ...services, log };

    if (isDeadLetterQueue(batch.queue)) {
      try {
        await handleDeadLetter(scoped, job, message.attempts);
        message.ack();
      } catch (err) {
        log.error("dead_letter_failed", { error: errorMessage(err) });
        message.retry({ delaySeconds: backoffSeconds(services.config.RETRY_BASE_DELAY_S, message.attempts) });
      }
      continue;
    }

    const handler = handlers[job.type];
    try {
      if (!handler) throw new PermanentError(`no consumer registered for ${job.type} jobs`);
      await handler(scoped, job, message.attempts);
      message.ack();
    } catch (err) {
      if (err instanceof PermanentError) {
        log.error("job_failed_permanently", { error: errorMessage(err) });
        message.ack();
        continue;
      }
      const delaySeconds = backoffSeconds(
        services.config.RETRY_BASE_DELAY_S,
        message.attempts,
        err instanceof TransientError ? err.retryAfterS : undefined,
      );
      log.warn("job_retry_scheduled", { error: errorMessage(err), delay_s: delaySeconds });
      message.retry({ delaySeconds });
    }
  }
}
