/**
 * How an LLM provider's HTTP failure becomes an `LlmError`: the same status → kind rules
 * and Retry-After parsing for Anthropic and OpenAI, and messages that never carry a key.
 */

import { redact } from "../../lib/log";
import { retryAfterSeconds } from "../../lib/retry-after";
import { LlmError, type LlmErrorKind, type ProviderName } from "./types";

export function kindForStatus(status: number): LlmErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limited";
  if (status === 408) return "timeout";
  if (status === 404) return "model"; // both APIs answer 404 for an unknown model
  if (status >= 500) return "server"; // includes Anthropic's 529 overloaded
  return "bad_request"; // 400, 413, 422 and any other 4xx
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date). */
export function retryAfterS(headers: Headers | undefined): number | undefined {
  return retryAfterSeconds(headers?.get("retry-after"));
}

/** An HTTP error answer from `provider`; `detail` is a short code or type, never raw text with keys. */
export function httpLlmError(
  provider: ProviderName,
  status: number,
  detail: string,
  headers: Headers | undefined,
): LlmError {
  const kind = kindForStatus(status);
  const message = redact(`${provider}: HTTP ${status}: ${detail}`).slice(0, 300);
  const retryable = kind === "rate_limited" || kind === "server";
  return new LlmError(provider, kind, message, status, retryable ? retryAfterS(headers) : undefined);
}

export function timeoutLlmError(provider: ProviderName): LlmError {
  return new LlmError(provider, "timeout", `${provider}: timed out`);
}

/** Connection failures and anything else thrown on the way. */
export function networkLlmError(provider: ProviderName, err: unknown): LlmError {
  const reason = err instanceof Error ? err.message : String(err);
  return new LlmError(provider, "network", redact(`${provider}: network error: ${reason}`).slice(0, 300));
}
