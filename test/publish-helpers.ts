/**
 * Publishing test fixtures: a draft with text in any status whose card lives at
 * C_GENERAL / 1700000000.000100, claims and citations on its current version, running the
 * publish (or dead-letter) consumer on one message, services whose publish queue records
 * (or refuses) jobs, and the rows the assertions read.
 */
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Draft, Platform } from "../src/db/schema";
import worker from "../src/index";
import { createServices, type Services } from "../src/services";
import { bodyOf, fakes, slackCalls } from "./slack-helpers";

export { draftIn } from "./helpers";

export const TELEGRAM = { TELEGRAM_BOT_TOKEN: "123:abc", TELEGRAM_CHAT_ID: "@chan" };
/**
 * The per-account pace lifted, for harnesses that post hundreds of times to one channel in
 * a test's minute (fault injection) and make time pass by clearing holds; the pace itself is
 * tested in own-accounts and account-limiter.
 */
export const UNPACED = {
  TELEGRAM_POSTS_PER_MINUTE: "1000000",
  X_POSTS_PER_15_MIN: "1000000",
  THREADS_POSTS_PER_DAY: "1000000",
};
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

/**
 * Runs the publish (or dead-letter) consumer on one message. `sent` holds the jobs the
 * consumer queued itself (a post delayed to a platform's reset time), with their delay.
 */
export async function runPublish(
  body: unknown,
  options: { env?: Record<string, unknown>; attempts?: number; queue?: string } = {},
) {
  const batch = createMessageBatch(options.queue ?? "serotonin-publish", [
    { id: "pub-1", timestamp: new Date(), attempts: options.attempts ?? 1, body },
  ]);
  const sent: { body: unknown; delaySeconds: number | undefined }[] = [];
  const queue = {
    send: async (message: unknown, opts?: QueueSendOptions) => {
      sent.push({ body: message, delaySeconds: opts?.delaySeconds });
    },
  } as unknown as Queue;
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, PUBLISH_QUEUE: queue, ...options.env });
  return { ...(await getQueueResult(batch, ctx)), sent };
}

/** Runs the minute cron now, on the test env plus `overrides` (e.g. a recording queue). */
export async function runCron(overrides: Record<string, unknown> = {}): Promise<void> {
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), {
    ...env,
    ...overrides,
  } as Env);
}

export function publishJob(draft: Draft, platform: Platform = draft.platform) {
  return { type: "publish", draftId: draft.id, requestId: `req-${draft.id}`, platform };
}

/** The publication's live parts (ids). */
export async function liveIds(draftId: string): Promise<string[]> {
  const row = await publication(draftId);
  return (JSON.parse(String(row?.parts ?? "[]")) as { id: string }[]).map((p) => p.id);
}

/** Lets a delayed post run now: account holds and due times moved into the past. */
export async function dueNow(draftId: string): Promise<void> {
  await env.DB.prepare("UPDATE publish_holds SET until = 0").run();
  await env.DB.prepare("UPDATE publications SET not_before = NULL WHERE draft_id = ?").bind(draftId).run();
}

/** A text long enough to be a thread of several parts on X (and Threads). */
export function threadText(points = 10): string {
  return Array.from(
    { length: points },
    (_, i) => `Point ${i + 1}: caffeine lingers for hours, so move the last cup of the day earlier.`,
  ).join(" ");
}

/**
 * Makes the `n`-th request to `urlSuffix` (1-based) meet the fake's failure `rule`, by
 * adding the rule just before that request goes out. Returns a restore function.
 */
export function failNth(urlSuffix: string, n: number, rule: Parameters<ReturnType<typeof fakes>["fail"]>[0]) {
  const realFetch = globalThis.fetch;
  let seen = 0;
  const spy = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.split("?")[0]?.endsWith(urlSuffix) && ++seen === n) await fakes().fail(rule);
    return realFetch(input, init);
  };
  globalThis.fetch = spy as typeof fetch;
  return () => {
    globalThis.fetch = realFetch;
  };
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
