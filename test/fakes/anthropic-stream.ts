// Server-sent events for Anthropic `stream: true` requests: the documented event sequence
// (message_start, content_block_start/delta/stop, message_delta, message_stop).
import type { FakeResponse } from "./http.js";
import { isRecord } from "./http.js";

export interface AnthropicMessage {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: unknown[];
  stop_reason: string;
  stop_sequence: null;
  usage: Record<string, number>;
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Splits text into two deltas so clients really have to concatenate. */
function halves(value: string): string[] {
  const middle = Math.ceil(value.length / 2);
  return [value.slice(0, middle), value.slice(middle)].filter((part) => part !== "");
}

function blockEvents(block: unknown, index: number): string[] {
  if (!isRecord(block)) return [];
  if (block.type === "text" && typeof block.text === "string") {
    return [
      event("content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "text", text: "" },
      }),
      ...halves(block.text).map((text) =>
        event("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "text_delta", text },
        }),
      ),
    ];
  }
  if (block.type === "tool_use") {
    const start = { ...block, input: {} };
    return [
      event("content_block_start", { type: "content_block_start", index, content_block: start }),
      ...halves(JSON.stringify(block.input ?? {})).map((partial_json) =>
        event("content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json },
        }),
      ),
    ];
  }
  return [event("content_block_start", { type: "content_block_start", index, content_block: block })];
}

export function anthropicSse(message: AnthropicMessage, headers: Record<string, string>): FakeResponse {
  const { content, stop_reason, usage } = message;
  const parts = [
    event("message_start", {
      type: "message_start",
      message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
    }),
    event("ping", { type: "ping" }),
    ...content.flatMap((block, index) => [
      ...blockEvents(block, index),
      event("content_block_stop", { type: "content_block_stop", index }),
    ]),
    event("message_delta", {
      type: "message_delta",
      delta: { stop_reason, stop_sequence: null },
      usage: { output_tokens: usage.output_tokens ?? 0 },
    }),
    event("message_stop", { type: "message_stop" }),
  ];
  return {
    status: 200,
    headers: { ...headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
    body: parts.join(""),
  };
}
