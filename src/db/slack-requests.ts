/**
 * Durable de-duplication of Slack deliveries. Slack retries a request it thinks timed out
 * (and users double-click); the key of each request is recorded in D1 in the same
 * transaction as the work it caused, so a retry finds it and does nothing twice.
 */
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { slackRequests } from "./schema";

export async function findSlackRequest(db: Db, key: string) {
  return db.query.slackRequests.findFirst({ where: eq(slackRequests.key, key) });
}

/** Records a key; false when it was already recorded (a retry or a concurrent duplicate). */
export async function recordSlackRequest(
  db: Db,
  key: string,
  kind: string,
  draftId?: string,
): Promise<boolean> {
  const rows = await db
    .insert(slackRequests)
    .values({ key, kind, draftId: draftId ?? null })
    .onConflictDoNothing()
    .returning({ key: slackRequests.key });
  return rows.length === 1;
}

/** True when the error is D1's unique/primary-key violation. */
export function isUniqueViolation(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : String(err);
  return /UNIQUE constraint failed|SQLITE_CONSTRAINT/i.test(text);
}
