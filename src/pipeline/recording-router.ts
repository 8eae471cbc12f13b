/**
 * The router as the pipeline uses it: every request gets the per-provider cap
 * (LLM_TIMEOUT_S), and every reply is recorded as it arrives — so the job audit counts
 * the tokens and cost of an attempt even when a later stage fails.
 */
import type { LlmReply, LlmRequest } from "../platform/llm/types";
import type { RouterLike } from "./drafters";

export function recordingRouter(router: RouterLike, sink: LlmReply[], providerTimeoutMs: number): RouterLike {
  return {
    async complete(request: LlmRequest) {
      const reply = await router.complete({ ...request, providerTimeoutMs });
      sink.push(reply);
      return reply;
    },
  };
}
