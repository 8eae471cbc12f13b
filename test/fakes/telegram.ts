// Fake Telegram Bot API under /telegram/bot<token>/<method>: getMe, sendMessage,
// editMessageText, deleteMessage, with the Bot API's {ok, error_code, description} errors.
import type { FailureContext, FakeRequest, FakeResponse, Mount, ServiceFake } from "./http.js";
import { json, params, sequence, str } from "./http.js";
import { parseTelegramText } from "./telegram-format.js";

const MESSAGE_MAX = 4096;
const TOKEN = /^\d+:[\w-]+$/;

const DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request: chat not found",
  401: "Unauthorized",
  403: "Forbidden: bot is not a member of the channel chat",
  404: "Not Found",
  409: "Conflict: terminated by other getUpdates request",
};

function telegramError(
  status: number,
  description: string,
  extra: Record<string, unknown> = {},
): FakeResponse {
  return json(status, { ok: false, error_code: status, description, ...extra });
}

function failure(status: number, { retryAfter }: FailureContext): FakeResponse {
  if (status === 429) {
    return telegramError(429, `Too Many Requests: retry after ${retryAfter}`, {
      parameters: { retry_after: retryAfter },
    });
  }
  return telegramError(status, DESCRIPTIONS[status] ?? "Internal Server Error");
}

function chatFor(chatId: string): Record<string, unknown> {
  if (chatId.startsWith("@"))
    return { id: -1001000000001, title: "Fake", username: chatId.slice(1), type: "channel" };
  const id = Number(chatId);
  return { id: Number.isNaN(id) ? -1001000000001 : id, title: "Fake", type: "channel" };
}

export function createTelegramFake(): ServiceFake {
  const nextMessageId = sequence();

  /** sendMessage / editMessageText: validates chat, text and parse_mode like the Bot API. */
  function textMessage(args: Record<string, unknown>, messageId: number): FakeResponse {
    const chatId = str(args, "chat_id");
    if (!chatId) return telegramError(400, "Bad Request: chat_id is empty");
    const raw = str(args, "text") ?? "";
    const parsed = parseTelegramText(raw, str(args, "parse_mode"));
    if (!parsed.ok) return telegramError(400, `Bad Request: can't parse entities: ${parsed.error}`);
    if (parsed.text.trim() === "") return telegramError(400, "Bad Request: message text is empty");
    if (parsed.text.length > MESSAGE_MAX) return telegramError(400, "Bad Request: message is too long");
    const chat = chatFor(chatId);
    const message: Record<string, unknown> = {
      message_id: messageId,
      sender_chat: chat,
      chat,
      date: Math.floor(Date.now() / 1000),
      text: parsed.text,
    };
    return json(200, { ok: true, result: message });
  }

  const methods: Record<string, (args: Record<string, unknown>, botId: number) => FakeResponse> = {
    getMe: (_args, botId) =>
      json(200, {
        ok: true,
        result: {
          id: botId,
          is_bot: true,
          first_name: "Serotonin Fake Bot",
          username: "serotonin_fake_bot",
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        },
      }),
    sendMessage: (args) => textMessage(args, nextMessageId()),
    editMessageText: (args) => {
      const messageId = Number(str(args, "message_id"));
      if (!Number.isInteger(messageId) || messageId <= 0)
        return telegramError(400, "Bad Request: message to edit not found");
      return textMessage(args, messageId);
    },
    deleteMessage: (args) =>
      str(args, "message_id")
        ? json(200, { ok: true, result: true })
        : telegramError(400, "Bad Request: message to delete not found"),
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

  return { mounts: [mount], reset: () => {} };
}
