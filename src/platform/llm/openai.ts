/**
 * OpenAI Chat Completions provider (the fallback). System parts are joined into one system
 * message (OpenAI caches prompt prefixes automatically); structured output uses a
 * json_schema response_format. No retries here: the queue retries, the router falls back.
 */
import { z } from "zod";
import { postJson } from "./transport";
import type { LlmProvider, LlmRequest, ProviderReply } from "./types";
import { LlmError } from "./types";

export interface OpenAIProviderOptions {
  apiKey: string;
  baseURL: string;
  model: string;
}

/** Reasoning models accept only the default temperature. */
const FIXED_TEMPERATURE = /^(o\d|gpt-5)/;

const completionSchema = z.object({
  model: z.string(),
  choices: z.array(
    z.object({
      message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: z
    .object({
      prompt_tokens: z.number(),
      completion_tokens: z.number(),
      prompt_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
    })
    .nullish(),
});
type ChatCompletion = z.infer<typeof completionSchema>;

// Only the code or type: OpenAI's 401 message echoes part of the key.
const errorSchema = z.object({
  error: z.object({ code: z.string().nullish(), type: z.string().nullish() }),
});

export class OpenAIProvider implements LlmProvider {
  readonly name = "openai";
  readonly model: string;
  readonly #apiKey: string;
  readonly #url: string;

  constructor({ apiKey, baseURL, model }: OpenAIProviderOptions) {
    this.model = model;
    this.#apiKey = apiKey;
    this.#url = `${baseURL.replace(/\/+$/, "")}/chat/completions`;
  }

  async complete(request: LlmRequest): Promise<ProviderReply> {
    const system = request.system.map((part) => part.text).join("\n\n");
    const params: Record<string, unknown> = {
      model: this.model,
      max_completion_tokens: request.maxTokens,
      messages: [
        ...(system ? [{ role: "system", content: system }] : []),
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
    const completion = await postJson({
      provider: "openai",
      url: this.#url,
      headers: { authorization: `Bearer ${this.#apiKey}` },
      body: params,
      timeoutMs: request.timeoutMs,
      reply: completionSchema,
      errorDetail: (body) => {
        const parsed = errorSchema.safeParse(body);
        return parsed.success ? (parsed.data.error.code ?? parsed.data.error.type ?? undefined) : undefined;
      },
    });

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
