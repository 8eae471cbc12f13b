/**
 * Telegram: Bot API `sendMessage` to TELEGRAM_CHAT_ID with `parse_mode=HTML` (the parts are
 * already HTML-escaped by `fitToPlatform`) and link previews off. A thread is consecutive
 * messages, each after the first replying to the first. The public link
 * `https://t.me/<channel>/<message_id>` exists only for channels with a username.
 * Errors: 429 → `parameters.retry_after`; 5xx → transient; other 4xx → rejected.
 */
import { z } from "zod";
import type { Config } from "../config";
import {
  type ApiReply,
  callApi,
  clip,
  DEFAULT_DEPS,
  kindForStatus,
  PublishError,
  type Publisher,
  type PublisherDeps,
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

export function createTelegramPublisher(config: Config, deps: PublisherDeps = DEFAULT_DEPS): Publisher {
  const token = config.TELEGRAM_BOT_TOKEN;
  const chatId = config.TELEGRAM_CHAT_ID;
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
      const endpoint = `${config.TELEGRAM_API_URL}/bot${token}/sendMessage`;
      const partIds = [...(options.alreadyPosted ?? [])];
      let username = chatId.startsWith("@") ? chatId.slice(1) : undefined;
      for (const text of parts.slice(partIds.length)) {
        const first = partIds[0];
        const body: Record<string, unknown> = {
          chat_id: chatId,
          text,
          parse_mode: "HTML",
          disable_web_page_preview: true,
        };
        if (first !== undefined) {
          body.reply_parameters = { message_id: Number(first), allow_sending_without_reply: true };
        }
        const reply = await callApi(deps, "Telegram", endpoint, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const sent = messageSchema.safeParse(reply.body);
        if (reply.status !== 200 || !sent.success) throw telegramError(reply);
        partIds.push(String(sent.data.result.message_id));
        username ??= sent.data.result.chat.username;
        await options.onPosted?.([...partIds]);
      }
      const externalId = partIds[0];
      if (externalId === undefined)
        throw new PublishError("rejected", "Nothing to publish: the post is empty.");
      return { externalId, url: username ? `https://t.me/${username}/${externalId}` : null, partIds };
    },
  };
}

function telegramError(reply: ApiReply): PublishError {
  const parsed = errorSchema.safeParse(reply.body);
  if (reply.status === 200) {
    return new PublishError("rejected", "Telegram answered in an unexpected way; check the channel.");
  }
  const description = parsed.success ? (parsed.data.description ?? "") : "";
  const kind = kindForStatus(reply.status);
  if (kind === "rate_limited") {
    const retryAfter = parsed.success ? parsed.data.parameters?.retry_after : undefined;
    return new PublishError("rate_limited", "Telegram rate limit reached.", retryAfter ?? 30);
  }
  if (kind === "transient")
    return new PublishError("transient", `Telegram is unavailable (HTTP ${reply.status}).`);
  const hint = HINTS[reply.status] ?? "";
  const detail = description ? `: ${clip(description)}` : ` (HTTP ${reply.status})`;
  return new PublishError("rejected", `Telegram refused the post${detail}. ${hint}`.trim());
}
