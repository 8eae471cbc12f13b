/**
 * Slack Web API access. `slack-web-api-client` (fetch-based, typed) does the calls; this
 * module fixes how we use it: the base URL from SLACK_API_URL, a bounded wait on 429
 * Retry-After (the ack path cannot sleep for long), and errors mapped onto our retry
 * policy — rate limits and 5xx are transient, `ok: false` errors are permanent.
 * Tokens never appear in the errors we raise.
 */

import {
  type RetryHandler,
  type RetryHandlerArgs,
  SlackAPIClient,
  SlackAPIConnectionError,
  SlackAPIError,
} from "slack-web-api-client";
import type { Config } from "../config";
import { retryAfterSeconds } from "../lib/retry-after";
import { PermanentError, TransientError } from "../queues/retry";

/** Waits out a 429 once, if Slack asks for no more than `maxWaitS` seconds. */
class BoundedRateLimitRetry implements RetryHandler {
  constructor(private readonly maxWaitS: number) {}
  async shouldRetry({ state, response }: RetryHandlerArgs): Promise<boolean> {
    if (response?.status !== 429 || state.currentAttempt >= 1) return false;
    const wait = retryAfterSeconds(response.headers.get("retry-after"));
    if (wait === undefined || wait > this.maxWaitS) return false;
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    return true;
  }
}

export interface SlackClientOptions {
  /** Longest Retry-After to sleep through in-process; longer ones become TransientError. */
  maxRateLimitWaitS?: number;
}

export function createSlackClient(config: Config, options: SlackClientOptions = {}): SlackAPIClient {
  if (!config.SLACK_BOT_TOKEN) throw new PermanentError("SLACK_BOT_TOKEN is not configured");
  return new SlackAPIClient(config.SLACK_BOT_TOKEN, {
    baseUrl: `${config.SLACK_API_URL}/`,
    throwSlackAPIError: true,
    logLevel: "WARN",
    retryHandlers: [new BoundedRateLimitRetry(options.maxRateLimitWaitS ?? 1)],
  });
}

/** Slack errors that mean "try again later". */
const TRANSIENT_SLACK_ERRORS = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

/** Runs a Slack call and maps its failure onto TransientError / PermanentError. */
export async function slackCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toRetryError(method, err);
  }
}

export function toRetryError(method: string, err: unknown): Error {
  if (err instanceof SlackAPIError) {
    return TRANSIENT_SLACK_ERRORS.has(err.error)
      ? new TransientError(`Slack ${method} failed: ${err.error}`)
      : new SlackPermanentError(method, err.error);
  }
  if (err instanceof SlackAPIConnectionError) {
    if (err.status === 429) {
      const retryAfter = retryAfterSeconds(err.headers?.get("retry-after")) ?? 30;
      return new TransientError(`Slack ${method} rate limited`, retryAfter);
    }
    if (err.status >= 400 && err.status < 500)
      return new PermanentError(`Slack ${method} failed: HTTP ${err.status}`);
    return new TransientError(
      `Slack ${method} failed: ${err.status > 0 ? `HTTP ${err.status}` : "network error"}`,
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** An `ok: false` answer that retrying will not change (channel_not_found, invalid_blocks…). */
export class SlackPermanentError extends PermanentError {
  constructor(
    readonly method: string,
    readonly slackError: string,
  ) {
    super(`Slack ${method} failed: ${slackError}`);
  }
}

/** Posts to a `response_url` (ephemeral replies after the ack; ≤ 5 uses in 30 minutes). */
export async function postToResponseUrl(
  responseUrl: string,
  message: {
    text: string;
    blocks?: unknown[];
    response_type?: "ephemeral" | "in_channel";
    replace_original?: boolean;
  },
): Promise<void> {
  const res = await fetch(responseUrl, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ response_type: "ephemeral", replace_original: false, ...message }),
  });
  if (!res.ok) throw new TransientError(`response_url answered HTTP ${res.status}`);
}
