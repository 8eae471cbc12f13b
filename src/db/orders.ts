/**
 * Recording a draft order in ONE D1 transaction: the physician's row (created on first
 * contact), the Slack request's key and the draft. A retry of the same Slack request finds
 * its key taken and the whole batch is refused, so it either sees everything or nothing.
 * The draft takes the physician's defaults (platform, language) inside the same statement,
 * so the ack needs no read before it (npm run bench counts the ack's round trips).
 */
import { type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { topicLanguage } from "../pipeline/prompt";
import type { Db } from "./client";
import { createDraftStatement } from "./drafts";
import { bySlack, insertIfNew, type PhysicianIdentity } from "./physicians";
import {
  type Draft,
  type Language,
  type Physician,
  type Platform,
  physicians,
  slackRequests,
} from "./schema";
import { isUniqueViolation, REQUEST_KEY } from "./slack-requests";

export interface OrderRecord {
  /** Who orders (their row is created with the order on first contact). */
  who: PhysicianIdentity;
  topic: string;
  /** Chosen with the order; otherwise the physician's default. */
  platform?: Platform;
  /** Chosen with the order; otherwise the topic's script, else the physician's language. */
  language?: Language;
  sourceUrl?: string | null;
  channelId?: string | null;
  /** Idempotency key of the Slack request (trigger id, view id). */
  requestKey: string;
}

/** The new draft and its physician, or undefined when the request's key was already recorded. */
export async function recordOrder(
  db: Db,
  order: OrderRecord,
): Promise<{ draft: Draft; physician: Physician } | undefined> {
  const draftId = crypto.randomUUID();
  const theirs = (column: SQLiteColumn): SQL =>
    sql`(SELECT ${column} FROM ${physicians} WHERE ${bySlack(order.who)})`;
  try {
    const [, , [draft], [physician]] = await db.batch([
      insertIfNew(db, order.who),
      db.insert(slackRequests).values({ key: order.requestKey, kind: "draft", draftId }),
      createDraftStatement(db, {
        id: draftId,
        physicianId: theirs(physicians.id),
        topic: order.topic,
        platform: order.platform ?? theirs(physicians.defaultPlatform),
        language: order.language ?? topicLanguage(order.topic) ?? theirs(physicians.language),
        sourceUrl: order.sourceUrl ?? null,
        slackChannelId: order.channelId ?? null,
      }).returning(),
      db.select().from(physicians).where(bySlack(order.who)),
    ]);
    if (!draft || !physician) throw new Error("order vanished after insert");
    return { draft, physician };
  } catch (err) {
    // Only the request key's own index means a Slack retry; any other constraint is a fault.
    if (isUniqueViolation(err, REQUEST_KEY)) return undefined;
    throw err;
  }
}
