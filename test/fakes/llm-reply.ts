// Shared by the Anthropic and OpenAI fakes: the deterministic offline reply derived from
// the last user message, used when no scripted reply is queued.
import type { ServiceFake } from "./http.js";
import { isRecord } from "./http.js";
import type { ScriptedReply } from "./types.js";

/** An LLM fake with a FIFO queue of scripted replies. */
export interface LlmFake extends ServiceFake {
  queue(replies: ScriptedReply[]): void;
}

/** Text of a message `content`: a string, or the text of its text/tool_result parts. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => {
      if (!isRecord(part)) return "";
      if (typeof part.text === "string") return part.text;
      if (part.type === "tool_result") return contentText(part.content);
      return "";
    })
    .filter((part) => part !== "")
    .join("\n");
}

export function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return "";
  const lastUser = messages.filter((m) => isRecord(m) && m.role === "user").at(-1);
  return isRecord(lastUser) ? contentText(lastUser.content) : "";
}

export function offlineReply(messages: unknown): string {
  const topic = lastUserText(messages).replace(/\s+/g, " ").trim().slice(0, 80);
  return `Offline fake reply about: ${topic}`;
}
