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

/**
 * True when D1 refused a write because the unique index on `columns` already holds the value
 * (SQLite names them `table.column`, comma-separated for a composite index): the work was
 * done by an earlier delivery or a concurrent twin. Any other constraint failing (a foreign
 * key, NOT NULL, another index) is a fault to report, never a silent "already done".
 */
export function isUniqueViolation(err: unknown, columns: string): boolean {
  const text = err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : String(err);
  const at = text.indexOf(`UNIQUE constraint failed: ${columns}`);
  if (at < 0) return false;
  // The whole column list, not a prefix of a longer one ("t.key" is not "t.key_hash").
  const next = text.charAt(at + "UNIQUE constraint failed: ".length + columns.length);
  return !/[\w.,]/.test(next);
}

/** The request key's index: `isUniqueViolation(err, REQUEST_KEY)` means Slack sent this before. */
export const REQUEST_KEY = "slack_requests.key";
