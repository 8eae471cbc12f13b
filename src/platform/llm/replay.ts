/**
 * A router that replays a recorded answer: the claims evaluation and unit tests use it
 * to run the real claim check against what an LLM once said, offline.
 */
import type { LlmReply, LlmRequest } from "./types";

export function replayRouter(text: string): { complete(request: LlmRequest): Promise<LlmReply> } {
  return {
    complete: async () => ({
      text,
      model: "replay",
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      provider: "anthropic",
      fallback: false,
      costUsd: 0,
      durationMs: 0,
      attempts: [],
    }),
  };
}
