/**
 * LLM router: Anthropic first, OpenAI as fallback (either alone works). Falls back on
 * rate limits, 5xx, timeouts, network and auth failures and an unknown model (404: a
 * retired model name); never on a bad request, which is a PermanentError. When every provider failed retryably the queue gets a TransientError
 * with the longest Retry-After. One `llm_complete` log line per call, with tokens and cost.
 */
import type { Config } from "../../config";
import type { Logger } from "../../lib/log";
import { errorMessage } from "../../lib/log";
import { PermanentError, TransientError } from "../../queues/retry";
import { AnthropicProvider } from "./anthropic";
import { OpenAIProvider } from "./openai";
import type { PriceTable } from "./pricing";
import { costUsd, DEFAULT_PRICES, priceFor } from "./pricing";
import type { LlmProvider, LlmReply, LlmRequest, ProviderName } from "./types";
import { LlmError } from "./types";

export interface LlmRouter {
  /** False when no provider key is set: callers use offline drafting. */
  readonly configured: boolean;
  readonly primary?: ProviderName;
  complete(request: LlmRequest): Promise<LlmReply>;
}

/** Providers in order of preference, from whichever API keys are set. */
export function configuredProviders(config: Config): LlmProvider[] {
  const providers: LlmProvider[] = [];
  if (config.ANTHROPIC_API_KEY) {
    providers.push(
      new AnthropicProvider({
        apiKey: config.ANTHROPIC_API_KEY,
        baseURL: config.ANTHROPIC_BASE_URL,
        model: config.ANTHROPIC_MODEL,
      }),
    );
  }
  if (config.OPENAI_API_KEY) {
    providers.push(
      new OpenAIProvider({
        apiKey: config.OPENAI_API_KEY,
        baseURL: config.OPENAI_BASE_URL,
        model: config.OPENAI_MODEL,
      }),
    );
  }
  return providers;
}

/** One provider attempt as metrics see it: answered (`ok`) or the kind of failure. */
export interface LlmAttemptRecord {
  provider: ProviderName;
  model: string;
  purpose: string;
  outcome: "ok" | LlmError["kind"];
  fallback: boolean;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export type LlmObserver = (attempt: LlmAttemptRecord) => void;

export function createLlmRouter(
  config: Config,
  log: Logger,
  prices: PriceTable = DEFAULT_PRICES,
  observe?: LlmObserver,
): LlmRouter {
  return routeProviders(configuredProviders(config), log, prices, observe);
}

/** Share of the remaining time a provider gets when another one could still answer. */
const FIRST_SHARE = 0.6;

/** The routing policy over any providers (exported for tests with fake providers). */
export function routeProviders(
  providers: LlmProvider[],
  log: Logger,
  prices: PriceTable,
  observe: LlmObserver = () => undefined,
): LlmRouter {
  const primary = providers[0]?.name;

  async function complete(request: LlmRequest): Promise<LlmReply> {
    if (providers.length === 0) throw new PermanentError("no LLM configured");
    const started = Date.now();
    const attempts: LlmReply["attempts"] = [];
    const failures: LlmError[] = [];
    const summary = (extra: Record<string, unknown>) => ({
      purpose: request.purpose,
      duration_ms: Date.now() - started,
      attempts: attempts.map((a) => `${a.provider}:${a.outcome}`).join(","),
      ...extra,
    });

    const deadline = started + request.timeoutMs;
    for (const [index, provider] of providers.entries()) {
      const attemptStarted = Date.now();
      try {
        // A primary that hangs must leave the fallback time to answer: it gets 60 % of what
        // is left when another provider follows, and never more than the per-provider cap.
        const remaining = deadline - attemptStarted;
        if (remaining <= 0) throw new LlmError(provider.name, "timeout", `${provider.name}: no time left`);
        const share = index < providers.length - 1 ? Math.floor(remaining * FIRST_SHARE) : remaining;
        const timeoutMs = Math.min(share, request.providerTimeoutMs ?? share);
        const reply = await provider.complete({ ...request, timeoutMs });
        attempts.push({ provider: provider.name, outcome: "ok", durationMs: Date.now() - attemptStarted });
        const price = priceFor(prices, reply.model) ?? priceFor(prices, provider.model);
        if (price === undefined)
          log.warn("llm_price_unknown", { provider: provider.name, model: reply.model });
        const cost = costUsd(price, reply.usage);
        const fallback = index > 0;
        observe({
          provider: provider.name,
          model: reply.model,
          purpose: request.purpose,
          outcome: "ok",
          fallback,
          durationMs: Date.now() - attemptStarted,
          inputTokens: reply.usage.inputTokens,
          outputTokens: reply.usage.outputTokens,
          costUsd: cost,
        });
        log.info(
          "llm_complete",
          summary({
            outcome: "ok",
            provider: provider.name,
            model: reply.model,
            fallback,
            input_tokens: reply.usage.inputTokens,
            output_tokens: reply.usage.outputTokens,
            cache_read_tokens: reply.usage.cacheReadTokens,
            cache_write_tokens: reply.usage.cacheWriteTokens,
            cost_usd: Number(cost.toFixed(6)),
          }),
        );
        const durationMs = Date.now() - started;
        return { ...reply, provider: provider.name, fallback, costUsd: cost, durationMs, attempts };
      } catch (err) {
        const error =
          err instanceof LlmError ? err : new LlmError(provider.name, "network", errorMessage(err));
        attempts.push({
          provider: provider.name,
          outcome: error.kind,
          durationMs: Date.now() - attemptStarted,
        });
        observe({
          provider: provider.name,
          model: provider.model,
          purpose: request.purpose,
          outcome: error.kind,
          fallback: index > 0,
          durationMs: Date.now() - attemptStarted,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
        });
        const fields = {
          provider: provider.name,
          model: provider.model,
          purpose: request.purpose,
          kind: error.kind,
          status: error.status,
          retry_after_s: error.retryAfterS,
          duration_ms: Date.now() - attemptStarted,
          error: error.message,
        };
        // Auth or an unknown model means this deployment's settings are wrong: someone must act.
        if (error.kind === "auth") log.error("llm_auth_failed", fields);
        else if (error.kind === "model") log.error("llm_model_unavailable", fields);
        else log.warn("llm_attempt_failed", fields);
        if (error.kind === "bad_request") {
          log.warn("llm_complete", summary({ outcome: "error", error_kind: error.kind, fallback: false }));
          // Another provider or a retry would get the same request: fail the job now.
          throw new PermanentError(`LLM request rejected: ${error.message}`, { cause: error });
        }
        failures.push(error);
      }
    }

    log.warn("llm_complete", summary({ outcome: "error", error_kind: "exhausted", fallback: false }));
    const reasons = failures.map((f) => `${f.provider} ${f.kind}${f.status ? ` (HTTP ${f.status})` : ""}`);
    if (failures.every((f) => f.kind === "auth" || f.kind === "model")) {
      // Retrying will not fix credentials or a model name; surface it instead of burning retries.
      throw new PermanentError(`LLM configuration refused: ${reasons.join("; ")}`);
    }
    const retryAfters = failures.map((f) => f.retryAfterS ?? 0);
    const retryAfterS = Math.max(0, ...retryAfters) || undefined;
    throw new TransientError(`all LLM providers failed: ${reasons.join("; ")}`, retryAfterS);
  }

  return { configured: providers.length > 0, primary, complete };
}
