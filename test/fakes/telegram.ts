// Fake Telegram Bot API under /telegram/bot<token>/<method>: getMe, sendMessage,
// editMessageText, deleteMessage, getChat, getChatMember and the webhook methods, with the
// Bot API's {ok, error_code, description} errors. Channels registered through the control
// API are strict about the bot's rights (telegram-chats.ts); every sent message is kept.
import type { FailureContext, FakeRequest, FakeResponse, Mount, ServiceFake } from "./http.js";
import { params, sequence, str } from "./http.js";
import type { TelegramChats } from "./telegram-chats.js";
import { createTelegramChats } from "./telegram-chats.js";
import { parseTelegramText } from "./telegram-format.js";
import type { BotMethod } from "./telegram-reply.js";
import { telegramError, telegramOk } from "./telegram-reply.js";
import { FAKE_BOT_FIRST_NAME, FAKE_BOT_USERNAME } from "./telegram-updates.js";
import type { TelegramWebhooks } from "./telegram-webhook.js";
import { createTelegramWebhooks } from "./telegram-webhook.js";

const MESSAGE_MAX = 4096;
const TOKEN = /^\d+:[\w-]+$/;

const DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request: chat not found",
  401: "Unauthorized",
  403: "Forbidden: bot is not a member of the channel chat",
  404: "Not Found",
  409: "Conflict: terminated by other getUpdates request",
};

function failure(status: number, { retryAfter }: FailureContext): FakeResponse {
  if (status === 429) {
    return telegramError(429, `Too Many Requests: retry after ${retryAfter}`, {
      parameters: { retry_after: retryAfter },
    });
  }
  return telegramError(status, DESCRIPTIONS[status] ?? "Internal Server Error");
}

export interface TelegramFake extends ServiceFake {
  chats: TelegramChats;
  webhooks: TelegramWebhooks;
}

export function createTelegramFake(): TelegramFake {
  const nextMessageId = sequence();
  const chats = createTelegramChats();
  const webhooks = createTelegramWebhooks();

  /** sendMessage / editMessageText: validates chat, text and parse_mode like the Bot API. */
  function textMessage(args: Record<string, unknown>, messageId: number, edit: boolean): FakeResponse {
    const chatId = str(args, "chat_id");
    if (!chatId) return telegramError(400, "Bad Request: chat_id is empty");
    const target = chats.target(chatId);
    if ("refusal" in target) return target.refusal;
    const raw = str(args, "text") ?? "";
    const parsed = parseTelegramText(raw, str(args, "parse_mode"));
    if (!parsed.ok) return telegramError(400, `Bad Request: can't parse entities: ${parsed.error}`);
    if (parsed.text.trim() === "") return telegramError(400, "Bad Request: message text is empty");
    if (parsed.text.length > MESSAGE_MAX) return telegramError(400, "Bad Request: message is too long");
    const { chat } = target;
    const sent = { chatId: chat.id, messageId, text: parsed.text };
    if (edit) chats.edit(sent);
    else chats.record(sent);
    return telegramOk({
      message_id: messageId,
      sender_chat: chat,
      chat,
      date: Math.floor(Date.now() / 1000),
      text: parsed.text,
    });
  }

  const methods: Record<string, BotMethod> = {
    getMe: (_args, botId) =>
      telegramOk({
        id: botId,
        is_bot: true,
        first_name: FAKE_BOT_FIRST_NAME,
        username: FAKE_BOT_USERNAME,
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      }),
    sendMessage: (args) => textMessage(args, nextMessageId(), false),
    editMessageText: (args) => {
      const messageId = Number(str(args, "message_id"));
      if (!Number.isInteger(messageId) || messageId <= 0)
        return telegramError(400, "Bad Request: message to edit not found");
      return textMessage(args, messageId, true);
    },
    deleteMessage: (args) => {
      const messageId = Number(str(args, "message_id"));
      if (!Number.isInteger(messageId) || messageId <= 0)
        return telegramError(400, "Bad Request: message to delete not found");
      const chatId = str(args, "chat_id");
      if (!chatId) return telegramError(400, "Bad Request: chat_id is empty");
      const target = chats.target(chatId);
      if ("refusal" in target) return target.refusal;
      chats.remove(target.chat.id, messageId);
      return telegramOk(true);
    },
    ...chats.methods,
    ...webhooks.methods,
  };

  const mount: Mount = {
    service: "telegram",
    prefix: "/telegram",
    failure,
    handle(req: FakeRequest) {
      const match = /^\/bot([^/]+)\/([^/]+)$/.exec(req.path);
      const token = decodeURIComponent(match?.[1] ?? "");
      const method = methods[match?.[2] ?? ""];
      if (!TOKEN.test(token)) return telegramError(401, "Unauthorized");
      if (method === undefined) return telegramError(404, "Not Found");
      return method(params(req), Number(token.split(":")[0]));
    },
  };

  return {
    mounts: [mount],
    chats,
    webhooks,
    reset: () => {
      chats.reset();
      webhooks.reset();
    },
  };
}
