/**
 * The dead-letter store: every message that used up its retries is kept in D1 with its
 * payload — whether the dead-letter consumer settled it (the draft got a reason) or could
 * only keep it (index jobs, uploads). Operators list them and replay one onto the queue it
 * came from (admin API); a replay is recorded, and a job that is no longer relevant does
 * nothing when it runs again (every consumer is idempotent).
 */
import { desc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { deadLetters } from "../db/schema";
import type { Services } from "../services";
import { type Job, jobSchema } from "./messages";

export type DeadLetter = typeof deadLetters.$inferSelect;

export async function storeDeadLetter(
  db: Db,
  job: Job,
  attempts: number,
  outcome: DeadLetter["outcome"],
): Promise<void> {
  await db.insert(deadLetters).values({
    jobType: job.type,
    requestId: job.requestId,
    payload: job,
    attempts,
    outcome,
  });
}

export async function listDeadLetters(db: Db, limit = 50): Promise<DeadLetter[]> {
  return db.select().from(deadLetters).orderBy(desc(deadLetters.id)).limit(limit);
}

export type ReplayResult =
  | { kind: "replayed"; jobType: Job["type"] }
  | { kind: "not_found" }
  | { kind: "already_replayed"; at: number }
  | { kind: "invalid_payload" };

/** Sends a stored dead letter back to its queue (once, unless `force`). */
export async function replayDeadLetter(services: Services, id: number, force = false): Promise<ReplayResult> {
  const row = await services.db.query.deadLetters.findFirst({ where: eq(deadLetters.id, id) });
  if (!row) return { kind: "not_found" };
  if (row.replayedAt !== null && !force) return { kind: "already_replayed", at: row.replayedAt };
  const parsed = jobSchema.safeParse(row.payload);
  if (!parsed.success) return { kind: "invalid_payload" };
  const job = parsed.data;
  await queueFor(services.env, job).send(job);
  await services.db.update(deadLetters).set({ replayedAt: Date.now() }).where(eq(deadLetters.id, id));
  services.log.info("dead_letter_replayed", { id, job_type: job.type, request_id: job.requestId });
  return { kind: "replayed", jobType: job.type };
}

function queueFor(env: Env, job: Job): Queue {
  if (job.type === "generate") return env.GENERATE_QUEUE;
  if (job.type === "publish") return env.PUBLISH_QUEUE;
  return env.INDEX_QUEUE;
}
