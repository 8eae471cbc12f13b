/**
 * Drafters: the LLM drafter (through the router, Anthropic → OpenAI) here, and the offline
 * drafter used when no LLM key is configured (offline-drafter.ts).
 */
import { capAtParagraph } from "../lib/cap-text";
import type { LlmReply, LlmRequest } from "../platform/llm/types";
import { systemPrompt, userPrompt } from "./prompt";
import type { Drafter } from "./types";

export { offlineDrafter } from "./offline-drafter";

export type { Drafter } from "./types";

export interface RouterLike {
  complete(request: LlmRequest): Promise<LlmReply>;
}

/** `timeoutMs` is read per call: the budget left shrinks as the attempt goes on. */
export function llmDrafter(router: RouterLike, timeoutMs: () => number): Drafter {
  return {
    offline: false,
    async draft(input) {
      const reply = await router.complete({
        purpose: input.revision || input.rewrite ? "revise" : "draft",
        system: systemPrompt(
          input.platform,
          input.rewrite?.language ?? input.language,
          input.safeMessaging === true,
        ),
        messages: [{ role: "user", content: userPrompt(input) }],
        maxTokens: input.platform === "telegram" ? 2400 : 1600,
        temperature: 0.7,
        timeoutMs: timeoutMs(),
      });
      return { text: cleanDraft(reply.text), offline: false, llm: reply };
    },
  };
}

/**
 * The longest draft text the pipeline works on. At max_tokens 2,400 a reply is about 10 k
 * characters; the cap makes that a guarantee whatever the tokens hold, so each later step
 * (claim check, platform fit) has a bounded input: `twitter-text`, which X's fit measures
 * with, is super-linear on long runs like "1.1.1.…" (about 2 s at this size).
 */
export const DRAFT_TEXT_MAX = 12_000;

/** Strips wrappers models sometimes add (quotes, "Here is the post:"); caps the length. */
export function cleanDraft(text: string): string {
  const cleaned = text
    .trim()
    .replace(/^(here is|here's|ось)[^\n]*:\s*\n/i, "")
    .replace(/^["“«](.*)["”»]$/s, "$1")
    .trim();
  return capAtParagraph(cleaned, DRAFT_TEXT_MAX);
}
