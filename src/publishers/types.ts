/**
 * The publisher port and what every platform adapter shares: the error taxonomy the publish
 * consumer acts on, and one guarded HTTP call (timeout, JSON body, no URL or credential ever
 * copied into an error — Telegram's URL carries the bot token, Threads' the access token).
 *
 * Error kinds: `rate_limited` (429, with the server's delay) and `transient` (5xx, network,
 * timeout) are retried; `rejected` (any other 4xx, or an answer we cannot read) and
 * `not_configured` are permanent and carry a message a physician can act on; `uncertain`
 * means a part may be live and nothing more can be learned from the platform — the
 * physician checks and confirms.
 *
 * `outcomeUnknown`: the request went out and no definite answer came back (no answer at
 * all, or a 5xx), so the part may be live. The next attempt reconciles before re-sending.
 */

import type { Platform } from "../db/schema";
import { type ApiReply, exchangeJson, type Fetcher, NoAnswer } from "../lib/http-json";
import { redact } from "../lib/log";
import { retryAfterSeconds } from "../lib/retry-after";
import type { RefusalCause } from "./refusal";

export type PublishErrorKind = "rate_limited" | "transient" | "rejected" | "not_configured" | "uncertain";

/** What a rate limit applies to: X's 15-minute window or daily cap, a platform quota, a chat. */
export interface RateScope {
  /** `publish_holds` key: `x`, `threads`, `telegram:<chat>`. */
  key: string;
  /** Lexicon code of the limit, e.g. `x_daily`, `threads_quota`. */
  limit: "x_window" | "x_daily" | "threads_quota" | "threads_rate" | "telegram_chat";
}

export class PublishError extends Error {
  override readonly name = "PublishError";
  constructor(
    readonly kind: PublishErrorKind,
    message: string,
    /** Seconds the platform asked us to wait (rate_limited). */
    readonly retryAfterS?: number,
    readonly extra: { outcomeUnknown?: boolean; scope?: RateScope; cause?: RefusalCause } = {},
  ) {
    super(message);
  }

  /** What the physician is told about a refusal (the message stays for logs and admins). */
  get refusal(): RefusalCause {
    if (this.kind === "not_configured") return "not_configured";
    if (this.kind === "uncertain") return "unreadable";
    return this.extra.cause ?? "other";
  }

  get outcomeUnknown(): boolean {
    return this.extra.outcomeUnknown === true;
  }

  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "transient";
  }
}

/** One live part. `id` is empty when the physician confirmed a part we never got an id for. */
export interface PostedPart {
  id: string;
  url: string | null;
}

export interface PublishResult {
  /** Platform id of the post (the first part of a thread). */
  externalId: string;
  url: string | null;
  /** Every part, in order. */
  parts: PostedPart[];
}

export interface PublishOptions {
  /** Parts an earlier attempt already delivered: never posted again; the thread continues after them. */
  alreadyPosted?: PostedPart[];
  /**
   * An earlier attempt sent the next part and never learned whether it went out (`ref`:
   * the Threads container it created). The publisher reconciles before sending it again.
   */
  unclear?: { ref?: string; at: number };
  /** Before part `index` is sent, and again with `ref` once Threads created its container. */
  onSending?: (index: number, ref?: string) => Promise<void>;
  /** After each part is live, with every part delivered so far (crash-safe progress). */
  onPosted?: (parts: PostedPart[]) => Promise<void>;
}

export interface Publisher {
  readonly platform: Platform;
  readonly configured: boolean;
  /**
   * Posts `parts` (the `formatted` parts from `fitToPlatform`) as one post or a thread.
   * `idempotencyKey` identifies the draft × platform for correlation; none of the three
   * APIs accepts one, so at-most-once comes from the publication row and `alreadyPosted`.
   */
  publish(parts: string[], idempotencyKey: string, options?: PublishOptions): Promise<PublishResult>;
}

export interface PublisherDeps {
  fetch: Fetcher;
  sleep: (ms: number) => Promise<void>;
  /** Per-request timeout. */
  timeoutMs: number;
}

export const DEFAULT_DEPS: PublisherDeps = {
  // Resolved at call time so tests can observe or wrap the global fetch.
  fetch: (input, init) => fetch(input, init),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  timeoutMs: 15_000,
};

export type { ApiReply };

/** One HTTP call. Network failures and timeouts become `transient`; the URL never leaks. */
export async function callApi(
  deps: PublisherDeps,
  service: string,
  url: string,
  init: RequestInit,
): Promise<ApiReply> {
  try {
    return await exchangeJson(deps.fetch, url, init, deps.timeoutMs);
  } catch (err) {
    if (!(err instanceof NoAnswer)) throw err;
    throw new PublishError("transient", `${service} did not answer (${err.message})`, undefined, {
      outcomeUnknown: true,
    });
  }
}

/** The error kind an HTTP status maps to (2xx is not an error). */
export function kindForStatus(status: number): PublishErrorKind {
  if (status === 429) return "rate_limited";
  if (status >= 500 || status === 408) return "transient";
  return "rejected";
}

/** The last part with a known id: what the next part of a thread replies to. */
export function lastKnownId(parts: PostedPart[]): string | undefined {
  return parts.findLast((part) => part.id !== "")?.id;
}

/** A server error after a request was sent: the post may or may not have been made. */
export function unavailable(service: string, status: number): PublishError {
  return new PublishError("transient", `${service} is unavailable (HTTP ${status}).`, undefined, {
    outcomeUnknown: true,
  });
}

/** A `Retry-After` header in seconds (delta form), if the server sent one. */
export function retryAfterHeader(headers: Headers): number | undefined {
  const seconds = retryAfterSeconds(headers.get("retry-after"));
  return seconds && seconds > 0 ? seconds : undefined;
}

/** Platform-supplied text made short, single-line and credential-free for a Slack card. */
export function clip(text: string, max = 200): string {
  const flat = redact(text).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
