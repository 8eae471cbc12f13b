/**
 * OpenAI Chat Completions provider (the fallback). System parts are joined into one system
 * message (OpenAI caches prompt prefixes automatically); structured output uses a
 * json_schema response_format. SDK retries are off: the queue retries, the router falls back.
 */
import OpenAI, { APIConnectionTimeoutError, APIError } from "openai";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from "openai/resources/chat/completions";
import { httpLlmError, networkLlmError, timeoutLlmError } from "./http-errors";
import type { LlmProvider, LlmRequest, ProviderReply } from "./types";
import { LlmError } from "./types";

export interface OpenAIProviderOptions {
  apiKey: string;
  baseURL: string;
  model: string;
}

/** Reasoning models accept only the default temperature. */
const FIXED_TEMPERATURE = /^(o\d|gpt-5)/;

export class OpenAIProvider implements LlmProvider {
  readonly name = "openai";
  readonly model: string;
  readonly #client: OpenAI;

  constructor({ apiKey, baseURL, model }: OpenAIProviderOptions) {
    this.model = model;
    this.#client = new OpenAI({
      apiKey,
      baseURL,
      maxRetries: 0,
      organization: null,
      project: null,
      logLevel: "off",
    });
  }

  async complete(request: LlmRequest): Promise<ProviderReply> {
    const system = request.system.map((part) => part.text).join("\n\n");
    const params: ChatCompletionCreateParamsNonStreaming = {
      model: this.model,
      max_completion_tokens: request.maxTokens,
      messages: [
        ...(system ? [{ role: "system" as const, content: system }] : []),
        ...request.messages.map((m) => ({ role: m.role, content: m.content })),
      ],
    };
    if (request.temperature !== undefined && !FIXED_TEMPERATURE.test(this.model)) {
      params.temperature = request.temperature;
    }
    if (request.json) {
      const { name, description, schema } = request.json;
      params.response_format = {
        type: "json_schema",
        json_schema: { name, description, schema, strict: false },
      };
    }

    let completion: ChatCompletion;
    try {
      completion = await this.#client.chat.completions.create(params, {
        timeout: request.timeoutMs,
        maxRetries: 0,
      });
    } catch (err) {
      throw toLlmError(err);
    }

    const usage = completion.usage;
    const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
    return {
      text: replyText(completion, request),
      model: completion.model,
      usage: {
        // Uncached input, like Anthropic's input_tokens: prompt_tokens includes cached ones.
        inputTokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
        outputTokens: usage?.completion_tokens ?? 0,
        cacheReadTokens: cached,
        cacheWriteTokens: 0,
      },
    };
  }
}

function replyText(completion: ChatCompletion, request: LlmRequest): string {
  const choice = completion.choices[0];
  if (choice === undefined) throw new LlmError("openai", "server", "openai: reply has no choices");
  const { content, refusal } = choice.message;
  if (refusal) throw new LlmError("openai", "bad_request", "openai: the model refused the request");
  if (!request.json) return content ?? "";
  if (choice.finish_reason === "length") {
    // The same request would be cut off again: not worth a retry or a fallback.
    throw new LlmError("openai", "bad_request", "openai: structured output truncated at max_tokens");
  }
  try {
    JSON.parse(content ?? "");
  } catch {
    throw new LlmError("openai", "server", "openai: structured output is not valid JSON");
  }
  return content ?? "";
}

function toLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof APIConnectionTimeoutError) return timeoutLlmError("openai");
  if (err instanceof APIError && typeof err.status === "number") {
    // OpenAI's 401 message echoes part of the key: keep only its code.
    return httpLlmError("openai", err.status, err.code ?? err.type ?? "error", err.headers);
  }
  return networkLlmError("openai", err);
}
