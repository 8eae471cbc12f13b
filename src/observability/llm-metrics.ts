/**
 * Every language-model call becomes an `llm_call` data point (provider, model, purpose,
 * outcome, route, time, tokens, cost), whichever job made it: generation, quick edits, voice
 * lessons. `also` sees each call too (the generation job counts them for its audit).
 */
import type { LlmObserver } from "../platform/llm/router";
import type { Metrics } from "./metrics";

export function llmCallMetrics(metrics: Metrics, also: LlmObserver = () => undefined): LlmObserver {
  return (call) => {
    also(call);
    metrics.write("llm_call", {
      provider: call.provider,
      model: call.model,
      purpose: call.purpose,
      outcome: call.outcome,
      route: call.fallback ? "fallback" : "primary",
      ms: call.durationMs,
      input_tokens: call.inputTokens,
      output_tokens: call.outputTokens,
      cost_usd: call.costUsd,
    });
  };
}
