// Channels registered through the control API, and every message the bot sent. For a
// registered channel the bot must be an administrator to post (403 otherwise) and hold
// can_post_messages (400 otherwise); getChat and getChatMember answer from the registration.
// Chats nobody registered keep the old permissive behaviour for sendMessage, but getChat
// and getChatMember do not know them.
import type { BotMethod } from "./telegram-reply.js";
import { telegramError, telegramOk } from "./telegram-reply.js";
import type { TgChat } from "./telegram-updates.js";
import { tgBot, tgChannel, tgChatMember, tgUser } from "./telegram-updates.js";
import type { TelegramChannelInput, TelegramSentMessage } from "./types.js";

/** The chat object of messages sent where nobody registered a channel. */
export function unregisteredChat(chatId: string): TgChat {
  if (chatId.startsWith("@"))
    return { id: -1001000000001, title: "Fake", username: chatId.slice(1), type: "channel" };
  const id = Number(chatId);
  return { id: Number.isNaN(id) ? -1001000000001 : id, title: "Fake", type: "channel" };
}

export interface TelegramChats {
  methods: Record<"getChat" | "getChatMember", BotMethod>;
  addChannel(channel: TelegramChannelInput): void;
  /** The chat a message to `chatId` lands in, or the Bot API's refusal to post there. */
  target(chatId: string): { chat: TgChat } | { refusal: ReturnType<BotMethod> };
  record(message: TelegramSentMessage): void;
  edit(message: TelegramSentMessage): void;
  remove(chatId: number, messageId: number): void;
  messages(chatId?: number): TelegramSentMessage[];
  reset(): void;
}

export function createTelegramChats(): TelegramChats {
  const channels = new Map<number, TelegramChannelInput>();
  let sent: TelegramSentMessage[] = [];

  function find(chatId: string): TelegramChannelInput | undefined {
    if (chatId.startsWith("@")) {
      const wanted = chatId.slice(1).toLowerCase();
      return [...channels.values()].find((channel) => channel.username?.toLowerCase() === wanted);
    }
    return channels.get(Number(chatId));
  }

  /** A bot outside a private channel cannot see it; a public one it can look up by name. */
  const visible = (channel: TelegramChannelInput) => channel.botIsAdmin || channel.username !== undefined;

  const getChat: BotMethod = (args) => {
    const channel = find(String(args.chat_id ?? ""));
    if (channel === undefined || !visible(channel)) return telegramError(400, "Bad Request: chat not found");
    return telegramOk({
      ...tgChannel(channel),
      accent_color_id: 0,
      max_reaction_count: 11,
      accepted_gift_types: {
        unlimited_gifts: false,
        limited_gifts: false,
        unique_gifts: false,
        premium_subscription: false,
      },
    });
  };

  const getChatMember: BotMethod = (args, botId) => {
    const channel = find(String(args.chat_id ?? ""));
    if (channel === undefined) return telegramError(400, "Bad Request: chat not found");
    const userId = Number(args.user_id);
    if (!Number.isInteger(userId) || userId <= 0)
      return telegramError(400, "Bad Request: invalid user_id specified");
    if (userId === botId) {
      const status = channel.botIsAdmin ? "administrator" : "left";
      return telegramOk(tgChatMember(tgBot(botId), status, channel.botCanPost ?? true));
    }
    // Only an administrator sees a channel's members.
    if (!channel.botIsAdmin) return telegramError(400, "Bad Request: member list is inaccessible");
    const admin = channel.admins.find((candidate) => candidate.id === userId);
    if (admin === undefined) return telegramOk(tgChatMember(tgUser({ id: userId }), "left"));
    const user = tgUser(admin);
    return telegramOk(tgChatMember(user, admin.status ?? "administrator"));
  };

  return {
    methods: { getChat, getChatMember },
    addChannel: (channel) => {
      channels.set(channel.id, channel);
    },
    target(chatId) {
      const channel = find(chatId);
      if (channel === undefined) return { chat: unregisteredChat(chatId) };
      if (!channel.botIsAdmin) {
        return { refusal: telegramError(403, "Forbidden: bot is not a member of the channel chat") };
      }
      if (channel.botCanPost === false) {
        return { refusal: telegramError(400, "Bad Request: need administrator rights in the channel chat") };
      }
      return { chat: tgChannel(channel) };
    },
    record: (message) => {
      sent.push({ ...message });
    },
    edit: (message) => {
      const found = sent.find((m) => m.chatId === message.chatId && m.messageId === message.messageId);
      if (found !== undefined) found.text = message.text;
    },
    remove: (chatId, messageId) => {
      sent = sent.filter((m) => !(m.chatId === chatId && m.messageId === messageId));
    },
    messages: (chatId) =>
      sent.filter((m) => chatId === undefined || m.chatId === chatId).map((m) => ({ ...m })),
    reset: () => {
      channels.clear();
      sent = [];
    },
  };
}
