// Fake OpenAI Chat Completions API (POST /openai/v1/chat/completions): scripted replies
// first, then a deterministic offline reply (valid JSON for json_schema/json_object
// response formats); real error envelopes; optional SSE streaming.
import type { FailureContext, FakeResponse, Mount } from "./http.js";
import { bearerToken, estimateTokens, isRecord, json, sequence } from "./http.js";
import { sampleFromSchema } from "./json-schema-sample.js";
import type { LlmFake } from "./llm-reply.js";
import { offlineReply } from "./llm-reply.js";
import type { ScriptedReply } from "./types.js";

type ErrorSpec = [type: string, code: string | null, message: string];

const ERRORS: Record<number, ErrorSpec> = {
  400: ["invalid_request_error", null, "Invalid request."],
  401: ["invalid_request_error", "invalid_api_key", "Incorrect API key provided."],
  403: [
    "invalid_request_error",
    "unsupported_country_region_territory",
    "Country, region, or territory not supported",
  ],
  404: [
    "invalid_request_error",
    "model_not_found",
    "The model does not exist or you do not have access to it.",
  ],
  429: ["requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again later."],
  500: ["server_error", null, "The server had an error while processing your request. Sorry about that!"],
  503: ["server_error", null, "The server is overloaded or not ready yet."],
};

function errorResponse(
  status: number,
  [type, code, message]: ErrorSpec,
  param: string | null = null,
  headers: Record<string, string> = {},
): FakeResponse {
  return json(status, { error: { message, type, param, code } }, headers);
}

function failure(status: number, { retryAfter }: FailureContext): FakeResponse {
  const spec =
    ERRORS[status] ??
    (status >= 500
      ? ["server_error", null, "Internal server error"]
      : ["invalid_request_error", null, "Invalid request."]);
  const headers: Record<string, string> =
    status === 429
      ? {
          "retry-after": String(retryAfter),
          "x-ratelimit-remaining-requests": "0",
          "x-ratelimit-reset-requests": `${retryAfter}s`,
        }
      : {};
  return errorResponse(status, spec, null, headers);
}

/** Offline content honouring response_format, so structured-output parsing still works. */
function offlineContent(body: Record<string, unknown>): string {
  const text = offlineReply(body.messages);
  const format = body.response_format;
  if (!isRecord(format)) return text;
  if (format.type === "json_schema" && isRecord(format.json_schema)) {
    return JSON.stringify(sampleFromSchema(format.json_schema.schema, text));
  }
  return format.type === "json_object" ? JSON.stringify({ reply: text }) : text;
}

function sse(chunks: unknown[]): FakeResponse {
  const body = `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("")}data: [DONE]\n\n`;
  return { status: 200, headers: { "content-type": "text/event-stream; charset=utf-8" }, body };
}

export function createOpenAIFake(): LlmFake {
  let queued: ScriptedReply[] = [];
  const nextId = sequence();

  function complete(body: Record<string, unknown>, rawBytes: number): FakeResponse {
    const script = queued.shift() ?? {};
    const content = script.text ?? offlineContent(body);
    const promptTokens = estimateTokens(rawBytes);
    const completionTokens = estimateTokens(content.length);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
      ...script.usage,
    };
    const base = {
      id: `chatcmpl-fake${String(nextId()).padStart(12, "0")}`,
      created: Math.floor(Date.now() / 1000),
      model: typeof body.model === "string" ? body.model : "unknown",
      service_tier: "default",
      system_fingerprint: "fp_fake",
    };
    const finishReason = script.stopReason ?? "stop";
    if (body.stream === true) {
      const chunk = (delta: unknown, finish: string | null) => ({
        ...base,
        object: "chat.completion.chunk",
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      });
      const withUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
      return sse([
        chunk({ role: "assistant", content: "", refusal: null }, null),
        chunk({ content }, null),
        chunk({}, finishReason),
        ...(withUsage ? [{ ...base, object: "chat.completion.chunk", choices: [], usage }] : []),
      ]);
    }
    return json(200, {
      ...base,
      object: "chat.completion",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content, refusal: null, annotations: [] },
          finish_reason: finishReason,
          logprobs: null,
        },
      ],
      usage,
    });
  }

  const mount: Mount = {
    service: "openai",
    prefix: "/openai/v1",
    failure,
    handle(req) {
      if (req.method !== "POST" || req.path !== "/chat/completions") {
        return errorResponse(404, [
          "invalid_request_error",
          null,
          `Invalid URL (${req.method} /v1${req.path})`,
        ]);
      }
      if (bearerToken(req.headers) === undefined) {
        return errorResponse(401, [
          "invalid_request_error",
          null,
          "You didn't provide an API key. Provide it in an Authorization header using Bearer auth.",
        ]);
      }
      const body = req.body;
      if (!isRecord(body))
        return errorResponse(400, [
          "invalid_request_error",
          null,
          "We could not parse the JSON body of your request.",
        ]);
      if (typeof body.model !== "string")
        return errorResponse(400, ["invalid_request_error", null, "you must provide a model parameter"]);
      if (!Array.isArray(body.messages)) {
        return errorResponse(
          400,
          ["invalid_request_error", "missing_required_parameter", "Missing required parameter: 'messages'."],
          "messages",
        );
      }
      return complete(body, req.rawBody.byteLength);
    },
  };

  return {
    mounts: [mount],
    reset: () => {
      queued = [];
    },
    queue: (replies) => {
      queued.push(...replies);
    },
  };
}
