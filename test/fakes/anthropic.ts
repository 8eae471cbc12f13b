// Fake Anthropic Messages API (POST /anthropic/v1/messages): scripted replies first, then a
// deterministic offline reply; real error envelopes; optional SSE streaming.
import type { AnthropicMessage } from "./anthropic-stream.js";
import { anthropicSse } from "./anthropic-stream.js";
import type { FailureContext, FakeRequest, FakeResponse, Mount } from "./http.js";
import { bearerToken, estimateTokens, isRecord, json, sequence } from "./http.js";
import type { LlmFake } from "./llm-reply.js";
import { offlineReply } from "./llm-reply.js";
import type { ScriptedReply } from "./types.js";

const ERRORS: Record<number, [type: string, message: string]> = {
  400: ["invalid_request_error", "Invalid request"],
  401: ["authentication_error", "invalid x-api-key"],
  403: ["permission_error", "Your API key does not have permission to use the specified resource."],
  404: ["not_found_error", "Not found"],
  413: ["request_too_large", "Request exceeds the maximum allowed number of bytes."],
  429: [
    "rate_limit_error",
    "This request would exceed your organization's rate limit. Please try again later.",
  ],
  500: ["api_error", "Internal server error"],
  529: ["overloaded_error", "Overloaded"],
};

function errorResponse(
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): FakeResponse {
  const requestId = `req_fake${Date.now().toString(36)}`;
  return json(
    status,
    { type: "error", error: { type, message }, request_id: requestId },
    { "request-id": requestId, ...headers },
  );
}

function failure(status: number, { retryAfter }: FailureContext): FakeResponse {
  const [type, message] =
    ERRORS[status] ??
    (status >= 500 ? ["api_error", "Internal server error"] : ["invalid_request_error", "Invalid request"]);
  const headers: Record<string, string> = status === 429 ? { "retry-after": String(retryAfter) } : {};
  return errorResponse(status, type, message, headers);
}

type Checked = { body: Record<string, unknown> } | { error: FakeResponse };

/** The parsed body, or the error Anthropic would send for this request. */
function validate(req: FakeRequest, required: string[]): Checked {
  if (req.headers["x-api-key"] === undefined && bearerToken(req.headers) === undefined) {
    return { error: errorResponse(401, "authentication_error", "x-api-key header is required") };
  }
  if (req.headers["anthropic-version"] === undefined) {
    return { error: errorResponse(400, "invalid_request_error", "anthropic-version: header is required") };
  }
  const body = req.body;
  if (!isRecord(body))
    return { error: errorResponse(400, "invalid_request_error", "The request body is not valid JSON.") };
  for (const field of required) {
    if (body[field] === undefined)
      return { error: errorResponse(400, "invalid_request_error", `${field}: Field required`) };
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return {
      error: errorResponse(400, "invalid_request_error", "messages: at least one message is required"),
    };
  }
  return { body };
}

function outputChars(content: unknown[]): number {
  return content.reduce<number>(
    (sum, block) =>
      sum +
      (isRecord(block) && typeof block.text === "string" ? block.text.length : JSON.stringify(block).length),
    0,
  );
}

/** Gives scripted tool_use blocks the id/input real responses always have. */
function normalizeBlock(block: unknown, nextId: () => number): unknown {
  if (!isRecord(block) || block.type !== "tool_use") return block;
  return { id: `toolu_fake${String(nextId()).padStart(8, "0")}`, input: {}, ...block };
}

export function createAnthropicFake(): LlmFake {
  let queued: ScriptedReply[] = [];
  const nextMessage = sequence();
  const nextTool = sequence();

  function reply(req: FakeRequest, body: Record<string, unknown>): FakeResponse {
    const script = queued.shift() ?? {};
    const content = script.content?.map((block) => normalizeBlock(block, nextTool)) ?? [
      { type: "text", text: script.text ?? offlineReply(body.messages) },
    ];
    const hasToolUse = content.some((block) => isRecord(block) && block.type === "tool_use");
    const requestId = `req_fake${String(nextMessage()).padStart(12, "0")}`;
    const message: AnthropicMessage = {
      id: `msg_fake${requestId.slice(8)}`,
      type: "message",
      role: "assistant",
      model: typeof body.model === "string" ? body.model : "unknown",
      content,
      stop_reason: script.stopReason ?? (hasToolUse ? "tool_use" : "end_turn"),
      stop_sequence: null,
      usage: {
        input_tokens: estimateTokens(req.rawBody.byteLength),
        output_tokens: estimateTokens(outputChars(content)),
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        ...script.usage,
      },
    };
    const headers = { "request-id": requestId };
    return body.stream === true ? anthropicSse(message, headers) : json(200, message, headers);
  }

  const mount: Mount = {
    service: "anthropic",
    prefix: "/anthropic",
    failure,
    handle(req) {
      const known = req.path === "/v1/messages" || req.path === "/v1/messages/count_tokens";
      if (req.method !== "POST" || !known) return errorResponse(404, "not_found_error", "Not found");
      const counting = req.path.endsWith("/count_tokens");
      const checked = validate(req, counting ? ["model", "messages"] : ["model", "max_tokens", "messages"]);
      if ("error" in checked) return checked.error;
      if (counting) return json(200, { input_tokens: estimateTokens(req.rawBody.byteLength) });
      return reply(req, checked.body);
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
