/**
 * X: `POST /2/tweets` with OAuth 1.0a user-context signing (`oauth1`). A thread is a chain:
 * each part after the first replies to the previous one (`reply.in_reply_to_tweet_id`).
 * Errors: 429 → wait until the limit resets — the daily per-user cap when
 * `x-user-limit-24hour-remaining` is 0 (`x-user-limit-24hour-reset`), else the 15-minute
 * window (`x-rate-limit-reset`); 5xx → transient; other 4xx → rejected with a message the
 * physician can act on.
 *
 * 403 "duplicate content" means this exact text is already on the account. After an
 * attempt whose answer was lost (`unclear`) that almost always means the lost attempt went
 * out: the part is `uncertain` (check the profile), never "edit and publish again".
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
  lastKnownId,
  type PostedPart,
  PublishError,
  type Publisher,
  type PublisherDeps,
  type RateScope,
  retryAfterHeader,
  unavailable,
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
/** When X reports the daily cap without a reset time. */
const DAILY_FALLBACK_WAIT_S = 60 * 60;

export function statusUrl(id: string): string {
  return `https://x.com/i/web/status/${id}`;
}

const DUPLICATE = /duplicate/i;
/** X API v1.1's wording for the daily cap, still seen on 403s. */
const DAILY_CAP = /daily (status )?update limit|over daily/i;

/**
 * `target`: a physician's own account, with its OAuth 2.0 user access token; without it,
 * the clinic's OAuth 1.0a user keys (X_*).
 */
export function createXPublisher(
  config: Config,
  deps: PublisherDeps = DEFAULT_DEPS,
  target?: { bearer: string },
): Publisher {
  const credentials: XAuth | undefined = target ? { bearer: target.bearer } : xCredentials(config);
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
      const posted: PostedPart[] = [...(options.alreadyPosted ?? [])];
      let unclear = options.unclear !== undefined;
      for (const [index, text] of parts.entries()) {
        if (index < posted.length) continue;
        const previous = lastKnownId(posted);
        const body = previous === undefined ? { text } : { text, reply: { in_reply_to_tweet_id: previous } };
        await options.onSending?.(index);
        const reply = await callApi(deps, "X", endpoint, {
          method: "POST",
          headers: {
            // The JSON body is not part of the OAuth 1.0a signature base string.
            authorization:
              "bearer" in credentials
                ? `Bearer ${credentials.bearer}`
                : await authorizationHeader(credentials, "POST", endpoint),
            "content-type": "application/json",
          },
          body: JSON.stringify(body),
        });
        const created = createdSchema.safeParse(reply.body);
        if (reply.status < 200 || reply.status >= 300 || !created.success) {
          throw xError(reply, { unclear, index, total: parts.length });
        }
        unclear = false;
        const id = created.data.data.id;
        posted.push({ id, url: statusUrl(id) });
        await options.onPosted?.([...posted]);
      }
      const head = posted[0];
      if (head === undefined)
        throw new PublishError("rejected", "Nothing to publish: the post is empty.", undefined, {
          cause: "content",
        });
      return { externalId: head.id, url: head.url, parts: posted };
    },
  };
}

type XAuth = OAuth1Credentials | { bearer: string };

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

interface PartContext {
  /** An earlier attempt sent this part and its answer was lost. */
  unclear: boolean;
  index: number;
  total: number;
}

function xError(reply: ApiReply, part: PartContext): PublishError {
  if (reply.status >= 200 && reply.status < 300) {
    return new PublishError(
      "rejected",
      "X answered in an unexpected way; check the account before retrying.",
      undefined,
      { cause: "unreadable" },
    );
  }
  const kind = kindForStatus(reply.status);
  const parsed = problemSchema.safeParse(reply.body);
  const detail = parsed.success
    ? (parsed.data.errors?.[0]?.message ?? parsed.data.detail ?? parsed.data.title ?? "")
    : "";
  const daily = dailyCap(reply.headers);
  if (kind === "rate_limited" || DAILY_CAP.test(detail)) {
    if (daily !== undefined || DAILY_CAP.test(detail)) {
      return new PublishError(
        "rate_limited",
        "X's daily post limit for this account is reached.",
        daily ?? DAILY_FALLBACK_WAIT_S,
        { scope: { key: "x", limit: "x_daily" } },
      );
    }
    const scope: RateScope = { key: "x", limit: "x_window" };
    return new PublishError("rate_limited", "X rate limit reached.", rateLimitWait(reply.headers), { scope });
  }
  if (kind === "transient") return unavailable("X", reply.status);
  if (reply.status === 403 && DUPLICATE.test(detail)) {
    if (part.unclear) {
      return new PublishError(
        "uncertain",
        `X says part ${part.index + 1} of ${part.total} is already on the account: the attempt whose answer was lost probably posted it. Check the profile.`,
      );
    }
    return new PublishError(
      "rejected",
      "X refused a duplicate: this exact text was already posted on the account. Edit the draft and publish again.",
      undefined,
      { cause: "duplicate" },
    );
  }
  if (reply.status === 401) {
    return new PublishError(
      "rejected",
      "X rejected the credentials: the token expired or was revoked, or the app lacks Read and write access.",
      undefined,
      { cause: "credentials" },
    );
  }
  const suffix = detail ? `: ${clip(detail)}` : ` (HTTP ${reply.status})`;
  // 403 other than a duplicate: the app may not post for this account (permissions).
  const cause = reply.status === 403 ? "credentials" : reply.status === 400 ? "content" : "other";
  return new PublishError("rejected", `X refused the post${suffix}`, undefined, { cause });
}

/** When X says the daily cap is spent: seconds until `x-user-limit-24hour-reset`. */
function dailyCap(headers: Headers): number | undefined {
  if (headers.get("x-user-limit-24hour-remaining") !== "0") return undefined;
  return secondsUntil(headers.get("x-user-limit-24hour-reset")) ?? DAILY_FALLBACK_WAIT_S;
}

/** Seconds until `x-rate-limit-reset` (epoch seconds), else Retry-After, else a minute. */
function rateLimitWait(headers: Headers): number {
  return (
    secondsUntil(headers.get("x-rate-limit-reset")) ?? retryAfterHeader(headers) ?? DEFAULT_RATE_LIMIT_WAIT_S
  );
}

function secondsUntil(epochSeconds: string | null): number | undefined {
  const reset = Number(epochSeconds);
  if (!epochSeconds || !Number.isFinite(reset) || reset <= 0) return undefined;
  return Math.max(1, Math.ceil(reset - Date.now() / 1000));
}
