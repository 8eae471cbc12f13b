/**
 * Anthropic Messages API provider. Static system parts are sent as text blocks with a
 * prompt-cache breakpoint after the last cacheable one; structured output is one forced
 * tool whose input is the JSON (native JSON outputs on models that reject forced tools).
 * SDK retries are off: the queue retries, the router falls back. No temperature: the API
 * version this SDK sends (2026-10-21) rejects sampling parameters with a 400.
 */
import Anthropic, { APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import type { MessageCreateParamsNonStreaming, TextBlockParam } from "@anthropic-ai/sdk/resources/messages";
import { httpLlmError, networkLlmError, timeoutLlmError } from "./http-errors";
import type { LlmProvider, LlmRequest, ProviderReply, SystemPart } from "./types";
import { LlmError } from "./types";

export interface AnthropicProviderOptions {
  apiKey: string;
  baseURL: string;
  model: string;
}

export class AnthropicProvider implements LlmProvider {
  readonly name = "anthropic";
  readonly model: string;
  readonly #client: Anthropic;

  constructor({ apiKey, baseURL, model }: AnthropicProviderOptions) {
    this.model = model;
    // No tracing or SDK logging: prompts carry clinical content and we log on our own terms.
    this.#client = new Anthropic({ apiKey, baseURL, maxRetries: 0, openTelemetry: false, logLevel: "off" });
  }

  async complete(request: LlmRequest): Promise<ProviderReply> {
    const params: MessageCreateParamsNonStreaming = {
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

    let message: Anthropic.Message;
    try {
      message = await this.#client.messages.create(params, { timeout: request.timeoutMs, maxRetries: 0 });
    } catch (err) {
      throw toLlmError(err);
    }

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

function replyText(message: Anthropic.Message, request: LlmRequest): string {
  if (!request.json) {
    return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
  }
  const name = request.json.name;
  const tool = message.content.find((block) => block.type === "tool_use" && block.name === name);
  if (tool?.type === "tool_use") return JSON.stringify(tool.input);
  const text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
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

function toLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof APIConnectionTimeoutError) return timeoutLlmError("anthropic");
  if (err instanceof APIError && typeof err.status === "number") {
    return httpLlmError("anthropic", err.status, err.apiMessage ?? err.type ?? "error", err.headers);
  }
  return networkLlmError("anthropic", err);
}
