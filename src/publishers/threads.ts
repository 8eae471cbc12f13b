/**
 * Threads (Meta Graph): per part, create a TEXT container (`POST /{user}/threads`, replying
 * to the previous part for a thread), poll `GET /{container}?fields=status,error_message`
 * until FINISHED (a short, bounded poll: still in progress afterwards → transient, retried),
 * publish it (`POST /{user}/threads_publish`), and finally read the first post's permalink.
 * ERROR / EXPIRED containers are rejected with the platform's message. The access token goes
 * in form bodies and query strings only; no error or log line ever includes a URL.
 */
import { z } from "zod";
import type { Config } from "../config";
import {
  type ApiReply,
  callApi,
  clip,
  DEFAULT_DEPS,
  kindForStatus,
  PublishError,
  type Publisher,
  type PublisherDeps,
  retryAfterHeader,
} from "./types";

const idSchema = z.object({ id: z.string().min(1) }).loose();
const statusSchema = z
  .object({ id: z.string().optional(), status: z.string(), error_message: z.string().optional() })
  .loose();
const permalinkSchema = z.object({ permalink: z.url().optional() }).loose();
const graphErrorSchema = z.object({
  error: z
    .object({
      message: z.string().optional(),
      code: z.number().optional(),
      error_user_msg: z.string().optional(),
      is_transient: z.boolean().optional(),
    })
    .loose(),
});

export const THREADS_POLL = { tries: 5, intervalMs: 1000, budgetMs: 10_000 };
/** Graph codes for application / user / page rate limits. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const DEFAULT_RATE_LIMIT_WAIT_S = 60;

export function createThreadsPublisher(config: Config, deps: PublisherDeps = DEFAULT_DEPS): Publisher {
  const userId = config.THREADS_USER_ID;
  const token = config.THREADS_ACCESS_TOKEN;
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
      const get = (id: string, fields: string) =>
        callApi(
          deps,
          "Threads",
          `${api}/${encodeURIComponent(id)}?${new URLSearchParams({ fields, access_token: token })}`,
          { method: "GET" },
        );

      const partIds = [...(options.alreadyPosted ?? [])];
      for (const text of parts.slice(partIds.length)) {
        const previous = partIds.at(-1);
        const fields: Record<string, string> = { media_type: "TEXT", text };
        if (previous !== undefined) fields.reply_to_id = previous;
        const container = expect(await post(`${userId}/threads`, fields), idSchema).id;
        await waitUntilFinished(deps, (fieldList) => get(container, fieldList));
        const media = expect(
          await post(`${userId}/threads_publish`, { creation_id: container }),
          idSchema,
        ).id;
        partIds.push(media);
        await options.onPosted?.([...partIds]);
      }
      const externalId = partIds[0];
      if (externalId === undefined)
        throw new PublishError("rejected", "Nothing to publish: the post is empty.");
      return { externalId, url: await permalink(() => get(externalId, "permalink")), partIds };
    },
  };
}

/** Polls the container: FINISHED → go; ERROR / EXPIRED → rejected; still busy → transient. */
async function waitUntilFinished(
  deps: PublisherDeps,
  read: (fields: string) => Promise<ApiReply>,
): Promise<void> {
  const deadline = Date.now() + THREADS_POLL.budgetMs;
  for (let attempt = 0; attempt < THREADS_POLL.tries; attempt++) {
    if (attempt > 0) {
      if (Date.now() + THREADS_POLL.intervalMs > deadline) break;
      await deps.sleep(THREADS_POLL.intervalMs);
    }
    const { status, error_message } = expect(await read("status,error_message"), statusSchema);
    if (status === "FINISHED") return;
    if (status === "ERROR" || status === "EXPIRED") {
      const reason = error_message ? `: ${clip(error_message)}` : "";
      throw new PublishError(
        "rejected",
        `Threads could not process the post (${status.toLowerCase()}${reason}).`,
      );
    }
    if (status === "PUBLISHED") {
      throw new PublishError("rejected", "Threads reports this container as already published.");
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
    throw new PublishError("rejected", "Threads answered in an unexpected way; check the account.");
  }
  throw threadsError(reply);
}

function threadsError(reply: ApiReply): PublishError {
  const parsed = graphErrorSchema.safeParse(reply.body);
  const error = parsed.success ? parsed.data.error : undefined;
  if (reply.status === 429 || (error?.code !== undefined && RATE_LIMIT_CODES.has(error.code))) {
    return new PublishError(
      "rate_limited",
      "Threads rate limit reached.",
      retryAfterHeader(reply.headers) ?? DEFAULT_RATE_LIMIT_WAIT_S,
    );
  }
  if (kindForStatus(reply.status) === "transient" || error?.is_transient === true) {
    return new PublishError("transient", `Threads is unavailable (HTTP ${reply.status}).`);
  }
  if (error?.code === 190 || reply.status === 401) {
    return new PublishError(
      "rejected",
      "Threads rejected the access token: it is invalid or expired (long-lived tokens last about 60 days).",
    );
  }
  const detail = error?.error_user_msg ?? error?.message;
  return new PublishError(
    "rejected",
    detail ? `Threads refused the post: ${clip(detail)}` : `Threads refused the post (HTTP ${reply.status}).`,
  );
}
