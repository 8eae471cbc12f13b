/**
 * Anthropic Messages API provider. Static system parts are sent as text blocks with a
 * prompt-cache breakpoint after the last cacheable one; structured output is one forced
 * tool whose input is the JSON (native JSON outputs on models that reject forced tools).
 * No retries here: the queue retries, the router falls back. No temperature: API version
 * 2026-10-21 rejects sampling parameters with a 400.
 */
import { z } from "zod";
import { postJson } from "./transport";
import type { LlmProvider, LlmRequest, ProviderReply, SystemPart } from "./types";
import { LlmError } from "./types";

export interface AnthropicProviderOptions {
  apiKey: string;
  baseURL: string;
  model: string;
}

export const ANTHROPIC_VERSION = "2026-10-21";

const block = z.union([
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("tool_use"), name: z.string(), input: z.unknown() }),
  // Thinking and other block types carry nothing the reply needs.
  z.object({ type: z.string() }).loose(),
]);

const messageSchema = z.object({
  model: z.string(),
  content: z.array(block),
  stop_reason: z.string().nullish(),
  usage: z.object({
    input_tokens: z.number(),
    output_tokens: z.number(),
    cache_read_input_tokens: z.number().nullish(),
    cache_creation_input_tokens: z.number().nullish(),
  }),
});
type Message = z.infer<typeof messageSchema>;

const errorSchema = z.object({
  error: z.object({ type: z.string().optional(), message: z.string().optional() }),
});

type TextBlockParam = { type: "text"; text: string; cache_control?: { type: "ephemeral" } };

export class AnthropicProvider implements LlmProvider {
  readonly name = "anthropic";
  readonly model: string;
  readonly #apiKey: string;
  readonly #url: string;

  constructor({ apiKey, baseURL, model }: AnthropicProviderOptions) {
    this.model = model;
    this.#apiKey = apiKey;
    this.#url = `${baseURL.replace(/\/+$/, "")}/v1/messages`;
  }

  async complete(request: LlmRequest): Promise<ProviderReply> {
    const params: Record<string, unknown> = {
      model: this.model,
      max_tokens: request.maxTokens,
      system: systemBlocks(request.system),
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    };
    if (request.json) {
      const { name, description, schema } = request.json;
      if (rejectsForcedTool(this.model)) {
        params.output_config = { format: { type: "json_schema", schema } };
      } else {
        params.tools = [{ name, description, input_schema: { type: "object", ...schema } }];
        params.tool_choice = { type: "tool", name };
      }
    }
    const message = await postJson({
      provider: "anthropic",
      url: this.#url,
      headers: { "x-api-key": this.#apiKey, "anthropic-version": ANTHROPIC_VERSION },
      body: params,
      timeoutMs: request.timeoutMs,
      reply: messageSchema,
      errorDetail: (body) => {
        const parsed = errorSchema.safeParse(body);
        return parsed.success ? (parsed.data.error.message ?? parsed.data.error.type) : undefined;
      },
    });
    const usage = {
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
      cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
    };
    return { text: replyText(message, request), model: message.model, usage };
  }
}

/**
 * Claude Sonnet/Opus/Haiku 5.5 and Fable 5.1 answer a forced `tool_choice` with a 400; for
 * them structured output uses native JSON outputs (`output_config.format`) instead.
 */
export function rejectsForcedTool(model: string): boolean {
  return /^claude-(?:(?:sonnet|opus|haiku)-5-[5-9]|fable-5-[1-9]|(?:sonnet|opus|haiku|fable)-[6-9])/.test(
    model,
  );
}

/** One text block per part; the cache breakpoint goes on the last cacheable part. */
function systemBlocks(parts: SystemPart[]): TextBlockParam[] {
  const lastCacheable = parts.findLastIndex((part) => part.cacheable === true);
  return parts.map((part, i) =>
    i === lastCacheable
      ? { type: "text", text: part.text, cache_control: { type: "ephemeral" } }
      : { type: "text", text: part.text },
  );
}

function replyText(message: Message, request: LlmRequest): string {
  const text = message.content.map((b) => (b.type === "text" && "text" in b ? String(b.text) : "")).join("");
  if (!request.json) return text;
  const name = request.json.name;
  const tool = message.content.find((b) => b.type === "tool_use" && "name" in b && b.name === name);
  if (tool && "input" in tool) return JSON.stringify(tool.input);
  if (text.trim() && isJson(text)) return text; // native JSON output (output_config.format)
  if (message.stop_reason === "max_tokens") {
    // The same request would be cut off again: not worth a retry or a fallback.
    throw new LlmError("anthropic", "bad_request", `anthropic: structured output truncated at max_tokens`);
  }
  throw new LlmError("anthropic", "server", `anthropic: reply has no ${name} JSON`);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
