/**
 * Publishing test fixtures: a draft with text in any status whose card lives at
 * C_GENERAL / 1700000000.000100, claims and citations on its current version, running the
 * publish (or dead-letter) consumer on one message, services whose publish queue records
 * (or refuses) jobs, and the rows the assertions read.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Draft, Platform } from "../src/db/schema";
import worker from "../src/index";
import { createServices, type Services } from "../src/services";
import { bodyOf, slackCalls } from "./slack-helpers";

export { draftIn } from "./helpers";

export const TELEGRAM = { TELEGRAM_BOT_TOKEN: "123:abc", TELEGRAM_CHAT_ID: "@chan" };
export const X = { X_API_KEY: "ck", X_API_SECRET: "cs", X_ACCESS_TOKEN: "at", X_ACCESS_SECRET: "as" };

/** A claim on the draft's current version (or `version`). */
export async function addClaim(draft: Draft, verdict: string, version = draft.currentVersion): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO claims (draft_id, version, ordinal, text, verdict) VALUES (?, ?, (SELECT count(*) FROM claims WHERE draft_id = ?) + 1, 'A claim.', ?)",
  )
    .bind(draft.id, version, draft.id, verdict)
    .run();
}

export async function addCitation(
  draft: Draft,
  number: number,
  title: string,
  url: string | null,
  version = draft.currentVersion,
): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO citations (draft_id, version, number, kind, ref, title, url) VALUES (?, ?, ?, 'pubmed', ?, ?, ?)",
  )
    .bind(draft.id, version, number, `ref-${number}`, title, url)
    .run();
}

export async function setPublication(
  draftId: string,
  fields: { status: string; platform?: Platform; updatedAt?: number; externalId?: string | null },
): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO publications (draft_id, platform, status, external_id, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (draft_id, platform) DO UPDATE SET status = excluded.status, external_id = excluded.external_id, updated_at = excluded.updated_at`,
  )
    .bind(
      draftId,
      fields.platform ?? "telegram",
      fields.status,
      fields.externalId ?? null,
      fields.updatedAt ?? Date.now(),
    )
    .run();
}

export async function publication(draftId: string) {
  return env.DB.prepare("SELECT * FROM publications WHERE draft_id = ?")
    .bind(draftId)
    .first<Record<string, unknown>>();
}

export async function runPublish(
  body: unknown,
  options: { env?: Record<string, string>; attempts?: number; queue?: string } = {},
) {
  const batch = createMessageBatch(options.queue ?? "serotonin-publish", [
    { id: "pub-1", timestamp: new Date(), attempts: options.attempts ?? 1, body },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...options.env });
  return getQueueResult(batch, ctx);
}

export function publishJob(draft: Draft, platform: Platform = draft.platform) {
  return { type: "publish", draftId: draft.id, requestId: `req-${draft.id}`, platform };
}

export function recordingQueue(sink: unknown[], fail = false): Queue {
  return {
    send: async (body: unknown) => {
      if (fail) throw new Error("queue unavailable");
      sink.push(body);
    },
    sendBatch: async (messages: Iterable<MessageSendRequest>) => {
      for (const m of messages) sink.push(m.body);
    },
    metrics: async () => ({ backlogCount: 0, backlogBytes: 0 }),
  } as unknown as Queue;
}

/** Services whose publish queue records jobs into `sink` (or throws, with `fail`). */
export function servicesWithQueue(sink: unknown[], fail = false): Services {
  return createServices({ ...env, PUBLISH_QUEUE: recordingQueue(sink, fail) });
}

export async function lastCard(): Promise<string> {
  return JSON.stringify(bodyOf((await slackCalls("chat.update")).at(-1)).blocks);
}
