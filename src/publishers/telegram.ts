/**
 * Telegram: Bot API `sendMessage` to TELEGRAM_CHAT_ID with `parse_mode=HTML` (the parts are
 * already HTML-escaped by `fitToPlatform`) and link previews off (`link_preview_options`;
 * `disable_web_page_preview` is deprecated). A thread is consecutive messages, each after
 * the first replying to the first. Links: `t.me/<username>/<id>` for a public channel,
 * `t.me/c/<id without -100>/<id>` for a private channel or supergroup (members only).
 * Errors: 429 → `parameters.retry_after`, held per chat; 5xx → transient; other 4xx → rejected.
 *
 * The Bot API cannot read a channel's history, so a part whose answer was lost cannot be
 * looked up: the next attempt stops with `uncertain` and the physician checks the channel.
 */
import { z } from "zod";
import type { Config } from "../config";
import type { RefusalCause } from "./refusal";
import {
  type ApiReply,
  callApi,
  clip,
  DEFAULT_DEPS,
  kindForStatus,
  type PostedPart,
  PublishError,
  type Publisher,
  type PublisherDeps,
  unavailable,
} from "./types";

const messageSchema = z.object({
  ok: z.literal(true),
  result: z.object({
    message_id: z.number().int(),
    chat: z.object({ id: z.number(), username: z.string().optional() }).loose(),
  }),
});

const errorSchema = z.object({
  ok: z.literal(false),
  error_code: z.number().int().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).loose().optional(),
});

/** What a physician can do about the usual Bot API refusals. */
const HINTS: Record<number, string> = {
  400: "Check TELEGRAM_CHAT_ID and the post's formatting.",
  401: "The bot token is invalid (TELEGRAM_BOT_TOKEN).",
  403: "Add the bot to the channel as an administrator allowed to post.",
};

/** 401: the token; 403 or an unknown chat: where the bot posts; any other 400: the text. */
function telegramCause(status: number, description: string): RefusalCause {
  if (status === 401) return "credentials";
  if (status === 403 || /chat not found|not enough rights|bot is not a member/i.test(description)) {
    return "destination";
  }
  return status === 400 ? "content" : "other";
}

/** The public (or members-only) link of a message, when the chat has one. */
export function telegramLink(
  chat: { id: number; username?: string | undefined },
  messageId: string,
): string | null {
  if (chat.username) return `https://t.me/${chat.username}/${messageId}`;
  const id = String(chat.id);
  // Channels and supergroups have ids of -100 followed by their own id; basic groups and
  // users have no link.
  return id.startsWith("-100") ? `https://t.me/c/${id.slice(4)}/${messageId}` : null;
}

/**
 * `target`: a physician's own channel (the product's bot posts there too); without it, the
 * clinic's TELEGRAM_CHAT_ID.
 */
export function createTelegramPublisher(
  config: Config,
  deps: PublisherDeps = DEFAULT_DEPS,
  target?: { chatId: string },
): Publisher {
  const token = config.TELEGRAM_BOT_TOKEN;
  const chatId = target?.chatId ?? config.TELEGRAM_CHAT_ID;
  return {
    platform: "telegram",
    configured: Boolean(token && chatId),
    async publish(parts, _idempotencyKey, options = {}) {
      if (!token || !chatId) {
        throw new PublishError(
          "not_configured",
          "Telegram is not configured: set TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID.",
        );
      }
      const posted: PostedPart[] = [...(options.alreadyPosted ?? [])];
      if (options.unclear && posted.length < parts.length) {
        throw new PublishError(
          "uncertain",
          `Telegram never confirmed part ${posted.length + 1} of ${parts.length}: check the channel.`,
        );
      }
      const endpoint = `${config.TELEGRAM_API_URL}/bot${token}/sendMessage`;
      const scope = { key: `telegram:${chatId}`, limit: "telegram_chat" as const };
      for (const [index, text] of parts.entries()) {
        if (index < posted.length) continue;
        const first = posted.find((part) => part.id !== "")?.id;
        const body: Record<string, unknown> = {
          chat_id: chatId,
          text,
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
        };
        if (first !== undefined) {
          body.reply_parameters = { message_id: Number(first), allow_sending_without_reply: true };
        }
        await options.onSending?.(index);
        const reply = await callApi(deps, "Telegram", endpoint, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const sent = messageSchema.safeParse(reply.body);
        if (reply.status !== 200 || !sent.success) throw telegramError(reply, scope);
        const id = String(sent.data.result.message_id);
        posted.push({ id, url: telegramLink(sent.data.result.chat, id) });
        await options.onPosted?.([...posted]);
      }
      const head = posted[0];
      if (head === undefined)
        throw new PublishError("rejected", "Nothing to publish: the post is empty.", undefined, {
          cause: "content",
        });
      return { externalId: head.id, url: head.url, parts: posted };
    },
  };
}

function telegramError(reply: ApiReply, scope: { key: string; limit: "telegram_chat" }): PublishError {
  const parsed = errorSchema.safeParse(reply.body);
  if (reply.status === 200) {
    return new PublishError(
      "rejected",
      "Telegram answered in an unexpected way; check the channel.",
      undefined,
      {
        cause: "unreadable",
      },
    );
  }
  const description = parsed.success ? (parsed.data.description ?? "") : "";
  const kind = kindForStatus(reply.status);
  if (kind === "rate_limited") {
    const retryAfter = parsed.success ? parsed.data.parameters?.retry_after : undefined;
    return new PublishError("rate_limited", "Telegram rate limit reached.", retryAfter ?? 30, { scope });
  }
  if (kind === "transient") return unavailable("Telegram", reply.status);
  const hint = HINTS[reply.status] ?? "";
  const detail = description ? `: ${clip(description)}` : ` (HTTP ${reply.status})`;
  return new PublishError("rejected", `Telegram refused the post${detail}. ${hint}`.trim(), undefined, {
    cause: telegramCause(reply.status, description),
  });
}
