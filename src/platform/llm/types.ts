/**
 * LLM port. The router (Anthropic primary, OpenAI fallback) and both providers speak this
 * shape; the pipeline never sees an SDK type. Static prompt parts are marked cacheable so
 * Anthropic prompt caching can reuse them across drafts.
 */
export type ProviderName = "anthropic" | "openai";

export interface SystemPart {
  text: string;
  /** Stable across requests (persona, rules): eligible for prompt caching. */
  cacheable?: boolean;
}

export interface LlmMessage {
  role: "user" | "assistant";
  content: string;
}

export interface LlmRequest {
  purpose: "draft" | "revise" | "claims" | "query" | "lessons";
  system: SystemPart[];
  messages: LlmMessage[];
  maxTokens: number;
  temperature?: number;
  /** Structured output: the reply text is JSON conforming to this JSON Schema. */
  json?: { name: string; description?: string; schema: Record<string, unknown> };
  /** Time for the whole call, fallback included: the router keeps part of it for the fallback. */
  timeoutMs: number;
  /** Cap for any one provider (LLM_TIMEOUT_S); a slower provider counts as down. */
  providerTimeoutMs?: number;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface ProviderReply {
  text: string;
  model: string;
  usage: LlmUsage;
}

export interface LlmReply extends ProviderReply {
  provider: ProviderName;
  /** True when the primary failed and the fallback answered. */
  fallback: boolean;
  costUsd: number;
  durationMs: number;
  /** Every provider tried, in order, with its outcome (for the job audit and logs). */
  attempts: { provider: ProviderName; outcome: "ok" | LlmErrorKind; durationMs: number }[];
}

export interface LlmProvider {
  readonly name: ProviderName;
  readonly model: string;
  complete(request: LlmRequest): Promise<ProviderReply>;
}

/** Why a provider call failed; decides fallback and retry. */
/**
 * `model`: the provider does not have the configured model (404: retired or misspelled) —
 * the other provider can answer, and retrying the same one cannot.
 */
export type LlmErrorKind =
  | "bad_request"
  | "auth"
  | "model"
  | "rate_limited"
  | "server"
  | "timeout"
  | "network";

export class LlmError extends Error {
  override readonly name = "LlmError";
  constructor(
    readonly provider: ProviderName,
    readonly kind: LlmErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

/** Price per million tokens, USD. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}
