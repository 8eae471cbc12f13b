/**
 * X: `POST /2/tweets` with OAuth 1.0a user-context signing (`oauth1`). A thread is a chain:
 * each part after the first replies to the previous one (`reply.in_reply_to_tweet_id`).
 * Errors: 429 → wait until `x-rate-limit-reset` (epoch seconds); 5xx → transient; 403
 * "duplicate content" and other 4xx → rejected with a message the physician can act on.
 */
import { z } from "zod";
import type { Config } from "../config";
import { authorizationHeader, type OAuth1Credentials } from "./oauth1";
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

const createdSchema = z.object({ data: z.object({ id: z.string().regex(/^\d+$/), text: z.string() }) });

const problemSchema = z
  .object({
    title: z.string().optional(),
    detail: z.string().optional(),
    errors: z.array(z.object({ message: z.string().optional() }).loose()).optional(),
  })
  .loose();

const DEFAULT_RATE_LIMIT_WAIT_S = 60;

export function statusUrl(id: string): string {
  return `https://x.com/i/web/status/${id}`;
}

export function createXPublisher(config: Config, deps: PublisherDeps = DEFAULT_DEPS): Publisher {
  const credentials = xCredentials(config);
  return {
    platform: "x",
    configured: credentials !== undefined,
    async publish(parts, _idempotencyKey, options = {}) {
      if (!credentials) {
        throw new PublishError(
          "not_configured",
          "X is not configured: set X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_SECRET.",
        );
      }
      const endpoint = `${config.X_API_URL}/2/tweets`;
      const partIds = [...(options.alreadyPosted ?? [])];
      for (const text of parts.slice(partIds.length)) {
        const previous = partIds.at(-1);
        const body = previous === undefined ? { text } : { text, reply: { in_reply_to_tweet_id: previous } };
        const reply = await callApi(deps, "X", endpoint, {
          method: "POST",
          headers: {
            // The JSON body is not part of the OAuth 1.0a signature base string.
            authorization: await authorizationHeader(credentials, "POST", endpoint),
            "content-type": "application/json",
          },
          body: JSON.stringify(body),
        });
        const created = createdSchema.safeParse(reply.body);
        if (reply.status < 200 || reply.status >= 300 || !created.success) throw xError(reply);
        partIds.push(created.data.data.id);
        await options.onPosted?.([...partIds]);
      }
      const externalId = partIds[0];
      if (externalId === undefined)
        throw new PublishError("rejected", "Nothing to publish: the post is empty.");
      return { externalId, url: statusUrl(externalId), partIds };
    },
  };
}

function xCredentials(config: Config): OAuth1Credentials | undefined {
  const { X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_SECRET } = config;
  if (!X_API_KEY || !X_API_SECRET || !X_ACCESS_TOKEN || !X_ACCESS_SECRET) return undefined;
  return {
    consumerKey: X_API_KEY,
    consumerSecret: X_API_SECRET,
    token: X_ACCESS_TOKEN,
    tokenSecret: X_ACCESS_SECRET,
  };
}

function xError(reply: ApiReply): PublishError {
  if (reply.status >= 200 && reply.status < 300) {
    return new PublishError(
      "rejected",
      "X answered in an unexpected way; check the account before retrying.",
    );
  }
  const kind = kindForStatus(reply.status);
  if (kind === "rate_limited") {
    return new PublishError("rate_limited", "X rate limit reached.", rateLimitWait(reply.headers));
  }
  if (kind === "transient") return new PublishError("transient", `X is unavailable (HTTP ${reply.status}).`);
  const parsed = problemSchema.safeParse(reply.body);
  const detail = parsed.success
    ? (parsed.data.errors?.[0]?.message ?? parsed.data.detail ?? parsed.data.title ?? "")
    : "";
  if (reply.status === 403 && /duplicate/i.test(detail)) {
    return new PublishError(
      "rejected",
      "X refused a duplicate: this exact text was already posted on the account. Edit the draft and publish again.",
    );
  }
  if (reply.status === 401) {
    return new PublishError(
      "rejected",
      "X rejected the credentials: check the X_* keys and that the app has Read and write access.",
    );
  }
  const suffix = detail ? `: ${clip(detail)}` : ` (HTTP ${reply.status})`;
  return new PublishError("rejected", `X refused the post${suffix}`);
}

/** Seconds until `x-rate-limit-reset` (epoch seconds), else Retry-After, else a minute. */
function rateLimitWait(headers: Headers): number {
  const reset = Number(headers.get("x-rate-limit-reset"));
  if (Number.isFinite(reset) && reset > 0) {
    return Math.max(1, Math.ceil(reset - Date.now() / 1000));
  }
  return retryAfterHeader(headers) ?? DEFAULT_RATE_LIMIT_WAIT_S;
}
