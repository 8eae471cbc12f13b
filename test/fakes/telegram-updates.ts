// Bot API `Update` objects shaped as Telegram sends them to a webhook, for tests to post to
// the Worker: the bot added to or removed from a channel (`my_chat_member`), a private
// message such as "/start <code>" (with its `bot_command` entity) and a channel post.
// update_id increases with every update a factory builds. Pure data: no Node imports, so
// tests running inside workerd can use it too.

/** What the fake Bot API's getMe answers with, besides the id (the token's number). */
export const FAKE_BOT_FIRST_NAME = "Serotonin Fake Bot";
export const FAKE_BOT_USERNAME = "serotonin_fake_bot";
/** The bot id of the token "123456:…" the fakes' own tests use. */
export const FAKE_BOT_ID = 123456;

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: "private" | "group" | "supergroup" | "channel";
  title?: string;
  username?: string;
  first_name?: string;
}

export type TgMemberStatus = "creator" | "administrator" | "member" | "left" | "kicked";

export interface TgUserInput {
  id: number;
  username?: string;
  firstName?: string;
  languageCode?: string;
}

export interface TgChannelInput {
  id: number;
  title: string;
  username?: string;
}

export function tgUser({ id, username, firstName, languageCode }: TgUserInput): TgUser {
  const user: TgUser = { id, is_bot: false, first_name: firstName ?? username ?? `User ${id}` };
  if (username !== undefined) user.username = username;
  if (languageCode !== undefined) user.language_code = languageCode;
  return user;
}

export function tgBot(id = FAKE_BOT_ID, username = FAKE_BOT_USERNAME): TgUser {
  return { id, is_bot: true, first_name: FAKE_BOT_FIRST_NAME, username };
}

export function tgChannel({ id, title, username }: TgChannelInput): TgChat {
  return username === undefined ? { id, type: "channel", title } : { id, type: "channel", title, username };
}

/**
 * A ChatMember of a channel. Administrators get every right of a channel admin, with
 * `can_post_messages` as given (default true); "kicked" is a ban without end (until_date 0).
 */
export function tgChatMember(
  user: TgUser,
  status: TgMemberStatus,
  canPostMessages = true,
): Record<string, unknown> {
  if (status === "creator") return { status, user, is_anonymous: false };
  if (status === "kicked") return { status, user, until_date: 0 };
  if (status !== "administrator") return { status, user };
  return {
    status,
    user,
    can_be_edited: false,
    is_anonymous: false,
    can_manage_chat: true,
    can_delete_messages: true,
    can_manage_video_chats: true,
    can_restrict_members: true,
    can_promote_members: false,
    can_change_info: true,
    can_invite_users: true,
    can_post_stories: true,
    can_edit_stories: true,
    can_delete_stories: true,
    can_post_messages: canPostMessages,
    can_edit_messages: true,
  };
}

/** Telegram's entity for a leading "/command" or "/command@bot" (offsets in UTF-16 units). */
function commandEntities(text: string): Record<string, unknown>[] {
  const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text)?.[0];
  return command === undefined ? [] : [{ offset: 0, length: command.length, type: "bot_command" }];
}

const unixNow = () => Math.floor(Date.now() / 1000);

export interface MyChatMemberArgs {
  chat: TgChannelInput;
  /** Who added or removed the bot: a channel admin. */
  from: TgUserInput;
  oldStatus: TgMemberStatus;
  newStatus: TgMemberStatus;
  /** For "administrator": whether the bot may post. Default true. */
  canPostMessages?: boolean;
  /** Default: FAKE_BOT_ID; pass the id of the token the Worker uses if it differs. */
  bot?: { id: number; username?: string };
  date?: number;
}

export interface PrivateTextArgs {
  from: TgUserInput;
  text: string;
  date?: number;
}

export interface ChannelPostArgs {
  chat: TgChannelInput;
  text: string;
  date?: number;
}

export interface TelegramUpdates {
  myChatMemberUpdate(args: MyChatMemberArgs): Record<string, unknown>;
  privateTextUpdate(args: PrivateTextArgs): Record<string, unknown>;
  channelPostUpdate(args: ChannelPostArgs): Record<string, unknown>;
}

/** A factory with its own update_id and message_id sequences. */
export function createTelegramUpdates(firstUpdateId = 850_000_001): TelegramUpdates {
  let updateId = firstUpdateId;
  let messageId = 1;
  return {
    myChatMemberUpdate: ({ chat, from, oldStatus, newStatus, canPostMessages, bot, date }) => {
      const botUser = tgBot(bot?.id, bot?.username);
      return {
        update_id: updateId++,
        my_chat_member: {
          chat: tgChannel(chat),
          from: tgUser(from),
          date: date ?? unixNow(),
          old_chat_member: tgChatMember(botUser, oldStatus),
          new_chat_member: tgChatMember(botUser, newStatus, canPostMessages),
        },
      };
    },
    privateTextUpdate: ({ from, text, date }) => {
      const user = tgUser(from);
      const chat: TgChat = { id: user.id, type: "private", first_name: user.first_name };
      if (user.username !== undefined) chat.username = user.username;
      const message: Record<string, unknown> = {
        message_id: messageId++,
        from: user,
        chat,
        date: date ?? unixNow(),
        text,
      };
      const entities = commandEntities(text);
      if (entities.length > 0) message.entities = entities;
      return { update_id: updateId++, message };
    },
    channelPostUpdate: ({ chat, text, date }) => {
      const channel = tgChannel(chat);
      return {
        update_id: updateId++,
        channel_post: {
          message_id: messageId++,
          sender_chat: channel,
          chat: channel,
          date: date ?? unixNow(),
          text,
        },
      };
    },
  };
}

const shared = createTelegramUpdates();
export const myChatMemberUpdate = shared.myChatMemberUpdate;
export const privateTextUpdate = shared.privateTextUpdate;
export const channelPostUpdate = shared.channelPostUpdate;
