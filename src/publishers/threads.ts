/**
 * Threads (Meta Graph): per part, create a TEXT container (`POST /{user}/threads`, replying
 * to the previous part for a thread), poll `GET /{container}?fields=status,error_message`
 * until FINISHED (a short, bounded poll: still in progress afterwards → transient, retried),
 * publish it (`POST /{user}/threads_publish`), and finally read the first post's permalink.
 * ERROR / EXPIRED containers are rejected with the platform's message. The access token goes
 * in form bodies and query strings only; no error or log line ever includes a URL.
 *
 * - Quota: before posting, `GET /{user}/threads_publishing_limit` — a thread that would go
 *   over the 24-hour quota waits (rate_limited, scope `threads_quota`) instead of stopping
 *   half way.
 * - Lost answers: the container id is reported (`onSending`) before publishing. When an
 *   attempt never learned the outcome, the next one reads that container's status, as Meta
 *   documents: FINISHED → publish that same container; PUBLISHED → the part is live, its
 *   media id found among the account's recent posts (else `uncertain`); ERROR / EXPIRED /
 *   gone → a new container.
 */
import { z } from "zod";
import type { Config } from "../config";
import {
  type ApiReply,
  callApi,
  clip,
  DEFAULT_DEPS,
  kindForStatus,
  lastKnownId,
  type PostedPart,
  PublishError,
  type Publisher,
  type PublisherDeps,
  type RateScope,
  retryAfterHeader,
  unavailable,
} from "./types";

const idSchema = z.object({ id: z.string().min(1) }).loose();
const statusSchema = z
  .object({ id: z.string().optional(), status: z.string(), error_message: z.string().optional() })
  .loose();
const permalinkSchema = z.object({ permalink: z.url().optional() }).loose();
const recentSchema = z
  .object({ data: z.array(z.object({ id: z.string(), text: z.string().optional() }).loose()) })
  .loose();
const limitSchema = z
  .object({
    data: z.array(
      z
        .object({
          quota_usage: z.number(),
          config: z.object({ quota_total: z.number() }).loose().optional(),
        })
        .loose(),
    ),
  })
  .loose();
const graphErrorSchema = z.object({
  error: z
    .object({
      message: z.string().optional(),
      code: z.number().optional(),
      error_user_msg: z.string().optional(),
      error_subcode: z.number().optional(),
      is_transient: z.boolean().optional(),
    })
    .loose(),
});

export const THREADS_POLL = { tries: 5, intervalMs: 1000, budgetMs: 10_000 };
/** Graph codes for application / user / page rate limits. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
/** Graph subcode for "the user has reached the publishing limit". */
const QUOTA_SUBCODE = 2207042;
const DEFAULT_RATE_LIMIT_WAIT_S = 60;
/** The quota is a rolling 24 hours with no reset time given: look again in an hour. */
const QUOTA_WAIT_S = 60 * 60;
const DEFAULT_QUOTA = 250;
const QUOTA_SCOPE: RateScope = { key: "threads", limit: "threads_quota" };

/** `target`: a physician's own account; without it, the clinic's THREADS_* settings. */
export function createThreadsPublisher(
  config: Config,
  deps: PublisherDeps = DEFAULT_DEPS,
  target?: { userId: string; accessToken: string },
): Publisher {
  const userId = target?.userId ?? config.THREADS_USER_ID;
  const token = target?.accessToken ?? config.THREADS_ACCESS_TOKEN;
  const api = config.THREADS_API_URL;
  return {
    platform: "threads",
    configured: Boolean(userId && token),
    async publish(parts, _idempotencyKey, options = {}) {
      if (!userId || !token) {
        throw new PublishError(
          "not_configured",
          "Threads is not configured: set THREADS_USER_ID and THREADS_ACCESS_TOKEN.",
        );
      }
      const post = (path: string, fields: Record<string, string>) =>
        callApi(deps, "Threads", `${api}/${path}`, {
          method: "POST",
          body: new URLSearchParams({ ...fields, access_token: token }),
        });
      const get: Get = (id, path, extra) => {
        // get(id, fields) reads an object; get(user, edge, query) reads an edge of it.
        const query = extra ?? { fields: path };
        const target = extra ? `${encodeURIComponent(id)}/${path}` : encodeURIComponent(id);
        return callApi(
          deps,
          "Threads",
          `${api}/${target}?${new URLSearchParams({ ...query, access_token: token })}`,
          {
            method: "GET",
          },
        );
      };

      const posted: PostedPart[] = [...(options.alreadyPosted ?? [])];
      if (posted.length < parts.length) await checkQuota(get, userId, parts.length - posted.length);
      let unclear = options.unclear;
      for (const [index, text] of parts.entries()) {
        if (index < posted.length) continue;
        const reconciled = unclear
          ? await reconcile(deps, { get, userId, text, ref: unclear.ref })
          : undefined;
        unclear = undefined;
        if (reconciled?.live) {
          posted.push({ id: reconciled.live, url: null });
          await options.onPosted?.([...posted]);
          continue;
        }
        let container = reconciled?.publish;
        if (container === undefined) {
          await options.onSending?.(index);
          const previous = lastKnownId(posted);
          const fields: Record<string, string> = { media_type: "TEXT", text };
          if (previous !== undefined) fields.reply_to_id = previous;
          container = expect(await post(`${userId}/threads`, fields), idSchema).id;
          await options.onSending?.(index, container);
          const state = await waitUntilFinished(deps, readStatus(get, container));
          if (state === "PUBLISHED") throw published(index, parts.length);
        }
        const media = expect(
          await post(`${userId}/threads_publish`, { creation_id: container }),
          idSchema,
        ).id;
        posted.push({ id: media, url: null });
        await options.onPosted?.([...posted]);
      }
      const head = posted[0];
      if (head === undefined)
        throw new PublishError("rejected", "Nothing to publish: the post is empty.", undefined, {
          cause: "content",
        });
      const url = head.id ? await permalink(() => get(head.id, "permalink")) : null;
      posted[0] = { ...head, url };
      return { externalId: head.id, url, parts: posted };
    },
  };
}

type Get = (id: string, fields: string, extra?: Record<string, string>) => Promise<ApiReply>;

function readStatus(get: Get, container: string) {
  return (fields: string) => get(container, fields);
}

/** A fresh container that reads PUBLISHED: something else published it; do not post twice. */
function published(index: number, total: number): PublishError {
  return new PublishError(
    "uncertain",
    `Threads reports part ${index + 1} of ${total} as already published: check the profile.`,
  );
}

/**
 * After a lost answer: is the earlier container live, ready to publish, or gone?
 * `live` → the media id; `publish` → publish this container; neither → start again.
 */
async function reconcile(
  deps: PublisherDeps,
  input: { get: Get; userId: string; text: string; ref: string | undefined },
): Promise<{ live?: string; publish?: string } | undefined> {
  const { get, userId, text, ref } = input;
  if (ref === undefined) return undefined; // no container was created, so nothing went out
  let state: "FINISHED" | "PUBLISHED";
  try {
    state = await waitUntilFinished(deps, readStatus(get, ref));
  } catch (err) {
    // ERROR / EXPIRED, or a container Meta no longer knows: it was never published.
    if (err instanceof PublishError && err.kind === "rejected") return undefined;
    throw err;
  }
  if (state === "FINISHED") return { publish: ref };
  const recent = await get(userId, "threads", { fields: "id,text,timestamp", limit: "25" });
  const found =
    recent.status === 200
      ? recentSchema.safeParse(recent.body).data?.data.find((p) => p.text === text)
      : undefined;
  if (found) return { live: found.id };
  throw new PublishError(
    "uncertain",
    "Threads reports the earlier attempt as published, but the post could not be found on the profile: check it.",
  );
}

/** Waits (rate_limited) when the thread would not fit in what is left of the 24-hour quota. */
async function checkQuota(get: Get, userId: string, needed: number): Promise<void> {
  const reply = await get(userId, "threads_publishing_limit", { fields: "quota_usage,config" });
  if (reply.status !== 200) return; // the check is advisory; threads_publish enforces the quota
  const usage = limitSchema.safeParse(reply.body).data?.data[0];
  if (!usage) return;
  const total = usage.config?.quota_total ?? DEFAULT_QUOTA;
  if (usage.quota_usage + needed > total) {
    throw new PublishError(
      "rate_limited",
      `Threads' 24-hour publishing limit is reached (${usage.quota_usage} of ${total} posts).`,
      QUOTA_WAIT_S,
      { scope: QUOTA_SCOPE },
    );
  }
}

/** Polls the container: FINISHED → go; ERROR / EXPIRED → rejected; still busy → transient. */
async function waitUntilFinished(
  deps: PublisherDeps,
  read: (fields: string) => Promise<ApiReply>,
): Promise<"FINISHED" | "PUBLISHED"> {
  const deadline = Date.now() + THREADS_POLL.budgetMs;
  for (let attempt = 0; attempt < THREADS_POLL.tries; attempt++) {
    if (attempt > 0) {
      if (Date.now() + THREADS_POLL.intervalMs > deadline) break;
      await deps.sleep(THREADS_POLL.intervalMs);
    }
    const { status, error_message } = expect(await read("status,error_message"), statusSchema);
    if (status === "FINISHED" || status === "PUBLISHED") return status;
    if (status === "ERROR" || status === "EXPIRED") {
      const reason = error_message ? `: ${clip(error_message)}` : "";
      throw new PublishError(
        "rejected",
        `Threads could not process the post (${status.toLowerCase()}${reason}).`,
        undefined,
        { cause: "content" },
      );
    }
  }
  throw new PublishError("transient", "Threads is still processing the post.");
}

/** The post is live by now: a missing permalink is not worth failing (or re-posting) for. */
async function permalink(read: () => Promise<ApiReply>): Promise<string | null> {
  try {
    return expect(await read(), permalinkSchema).permalink ?? null;
  } catch {
    return null;
  }
}

function expect<S extends z.ZodType>(reply: ApiReply, schema: S): z.infer<S> {
  if (reply.status >= 200 && reply.status < 300) {
    const parsed = schema.safeParse(reply.body);
    if (parsed.success) return parsed.data;
    throw new PublishError(
      "rejected",
      "Threads answered in an unexpected way; check the account.",
      undefined,
      {
        cause: "unreadable",
      },
    );
  }
  throw threadsError(reply);
}

function threadsError(reply: ApiReply): PublishError {
  const parsed = graphErrorSchema.safeParse(reply.body);
  const error = parsed.success ? parsed.data.error : undefined;
  if (error?.error_subcode === QUOTA_SUBCODE) {
    return new PublishError("rate_limited", "Threads' 24-hour publishing limit is reached.", QUOTA_WAIT_S, {
      scope: QUOTA_SCOPE,
    });
  }
  if (reply.status === 429 || (error?.code !== undefined && RATE_LIMIT_CODES.has(error.code))) {
    return new PublishError(
      "rate_limited",
      "Threads rate limit reached.",
      retryAfterHeader(reply.headers) ?? DEFAULT_RATE_LIMIT_WAIT_S,
      { scope: { key: "threads", limit: "threads_rate" } },
    );
  }
  if (kindForStatus(reply.status) === "transient") return unavailable("Threads", reply.status);
  if (error?.is_transient === true) {
    return new PublishError("transient", `Threads is unavailable (HTTP ${reply.status}).`);
  }
  if (error?.code === 190 || reply.status === 401) {
    return new PublishError(
      "rejected",
      "Threads rejected the access token: it is invalid or expired (long-lived tokens last about 60 days).",
      undefined,
      { cause: "credentials" },
    );
  }
  const detail = error?.error_user_msg ?? error?.message;
  return new PublishError(
    "rejected",
    detail ? `Threads refused the post: ${clip(detail)}` : `Threads refused the post (HTTP ${reply.status}).`,
    undefined,
    { cause: reply.status === 400 ? "content" : "other" },
  );
}
