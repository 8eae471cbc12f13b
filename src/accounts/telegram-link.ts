/**
 * Connecting a Telegram channel, which has no OAuth:
 * 1. App Home gives the physician a one-time code and a deep link (`t.me/<bot>?start=<code>`);
 *    sending it to the bot ties their Telegram user to them (`telegram_users`).
 * 2. They add the bot to their channel as an administrator allowed to post; Telegram tells
 *    our webhook (`my_chat_member`), naming who added it.
 * 3. App Home offers that channel only to the physician tied to the Telegram user who added
 *    the bot — never to anyone else — and connecting checks the bot can still post there.
 * A bot removed from a connected channel marks the account for reconnecting.
 */
import { and, eq, gt, inArray, isNull, lt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { getPhysician } from "../db/physicians";
import { accounts, telegramChats, telegramCodes, telegramUsers } from "../db/schema";
import { withDeadline } from "../lib/deadline";
import { sha256Hex } from "../lib/hash";
import type { Services } from "../services";
import { refreshHomeQuietly } from "../slack/handlers/home";
import { markReconnect, saveAccount } from "./store";
import { botCanPost, botIdentity, sendBotMessage } from "./telegram-bot";

export const CODE_TTL_MS = 30 * 60_000;
/** How long Connect waits for the bot's @username before showing the code without a link. */
const BOT_LOOKUP_MS = 1_500;
/** Unambiguous letters and digits (no 0/O, 1/I/L). */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE = /^[A-HJKMNP-Z2-9]{10}$/;

const user = z.object({ id: z.number().int(), is_bot: z.boolean(), username: z.string().optional() }).loose();
const chat = z
  .object({
    id: z.number().int(),
    type: z.enum(["private", "group", "supergroup", "channel"]),
    title: z.string().optional(),
    username: z.string().optional(),
  })
  .loose();
const member = z.object({ status: z.string(), user, can_post_messages: z.boolean().optional() }).loose();

export const updateSchema = z
  .object({
    update_id: z.number().int(),
    message: z.object({ from: user.optional(), chat, text: z.string().optional() }).loose().optional(),
    my_chat_member: z
      .object({ chat, from: user, date: z.number().int(), old_chat_member: member, new_chat_member: member })
      .loose()
      .optional(),
  })
  .loose();

export type TelegramUpdate = z.infer<typeof updateSchema>;

export interface LinkCode {
  code: string;
  /** `https://t.me/<bot>?start=<code>`, when the bot's name is known. */
  deepLink: string | null;
  expiresAt: number;
}

export async function createLinkCode(
  services: Services,
  physicianId: string,
  now = Date.now(),
): Promise<LinkCode> {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  const code = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  const expiresAt = now + CODE_TTL_MS;
  await services.db.insert(telegramCodes).values({ codeHash: await sha256Hex(code), physicianId, expiresAt });
  // Spent and expired codes are never needed again: dropped as new ones are made.
  await services.db.delete(telegramCodes).where(lt(telegramCodes.expiresAt, now));
  // Connect answers a Slack click (3 s): a slow Telegram costs the deep link, not the modal.
  const bot = await withDeadline(
    botIdentity(services.config).catch(() => undefined),
    BOT_LOOKUP_MS,
    () => undefined,
  );
  return { code, deepLink: bot ? `https://t.me/${bot.username}?start=${code}` : null, expiresAt };
}

/** One webhook update. Anything we do not act on is acknowledged and dropped. */
export async function handleTelegramUpdate(services: Services, update: TelegramUpdate): Promise<void> {
  if (update.my_chat_member) return botMembershipChanged(services, update.my_chat_member);
  const message = update.message;
  if (message?.chat.type === "private" && message.from && message.text) {
    const code = /^(?:\/start(?:@\w+)?\s+)?([A-Za-z0-9]{10})\s*$/.exec(message.text.trim())?.[1];
    if (code) return redeemCode(services, message.from, code.toUpperCase(), message.chat.id);
    if (/^\/start\b/.test(message.text)) {
      await reply(
        services,
        message.chat.id,
        "Send me the code from Serotonin Script's App Home in Slack (Your accounts → Connect Telegram).",
      );
    }
  }
}

async function redeemCode(
  services: Services,
  from: z.infer<typeof user>,
  code: string,
  chatId: number,
  now = Date.now(),
): Promise<void> {
  const { db } = services;
  // Single use even if Telegram delivers the message twice: only one update finds it unused.
  const [row] = CODE.test(code)
    ? await db
        .update(telegramCodes)
        .set({ usedAt: now })
        .where(
          and(
            eq(telegramCodes.codeHash, await sha256Hex(code)),
            isNull(telegramCodes.usedAt),
            gt(telegramCodes.expiresAt, now),
          ),
        )
        .returning()
    : [];
  if (!row) {
    await reply(
      services,
      chatId,
      "This code is unknown, used or expired. Get a new one in Slack: App Home → Your accounts → Connect Telegram.",
    );
    return;
  }
  await db
    .insert(telegramUsers)
    .values({
      telegramUserId: String(from.id),
      physicianId: row.physicianId,
      username: from.username ?? null,
    })
    .onConflictDoUpdate({
      target: telegramUsers.telegramUserId,
      set: { physicianId: row.physicianId, username: from.username ?? null, linkedAt: now },
    });
  services.log.info("telegram_user_linked", {});
  await reply(
    services,
    chatId,
    "Linked to your Serotonin Script account. Now add me to your channel as an administrator allowed to post messages; the channel then appears in App Home.",
  );
  await notifyPhysician(services, row.physicianId);
}

async function botMembershipChanged(
  services: Services,
  change: NonNullable<TelegramUpdate["my_chat_member"]>,
): Promise<void> {
  const { db } = services;
  const { chat: where, from } = change;
  if (where.type === "private") return;
  const status = change.new_chat_member.status;
  const canPost =
    status === "creator" ||
    (status === "administrator" &&
      (where.type !== "channel" || change.new_chat_member.can_post_messages === true));
  const wasAdmin = ["administrator", "creator"].includes(change.old_chat_member.status);
  const chatId = String(where.id);
  const title = where.title ?? where.username ?? chatId;
  await db
    .insert(telegramChats)
    .values({
      chatId,
      title,
      username: where.username ?? null,
      addedBy: String(from.id),
      canPost,
      updatedAt: Date.now(),
    })
    .onConflictDoUpdate({
      target: telegramChats.chatId,
      // Who *added* the bot decides who is offered the channel; a later change of its rights
      // by another admin does not hand the channel to them.
      set: {
        title,
        username: where.username ?? null,
        canPost,
        updatedAt: Date.now(),
        ...(wasAdmin ? {} : { addedBy: String(from.id) }),
      },
    });
  services.log.info("telegram_bot_membership", { chat_type: where.type, status, can_post: canPost });
  if (!canPost) {
    const using = await db.query.accounts.findMany({
      where: and(eq(accounts.platform, "telegram"), eq(accounts.externalId, chatId)),
    });
    for (const account of using) {
      await markReconnect(db, account, `The bot is no longer allowed to post in ${title}.`);
      await notifyPhysician(services, account.physicianId);
    }
    return;
  }
  if (!wasAdmin) {
    const linked = await db.query.telegramUsers.findFirst({
      where: eq(telegramUsers.telegramUserId, String(from.id)),
    });
    if (linked) await notifyPhysician(services, linked.physicianId);
  }
}

/** Channels the physician may connect: added (and postable) by a Telegram user tied to them. */
export async function offeredChannels(db: Db, physicianId: string) {
  const users = await db.query.telegramUsers.findMany({ where: eq(telegramUsers.physicianId, physicianId) });
  if (users.length === 0) return [];
  return db.query.telegramChats.findMany({
    where: and(
      inArray(
        telegramChats.addedBy,
        users.map((u) => u.telegramUserId),
      ),
      eq(telegramChats.canPost, true),
    ),
  });
}

export type ConnectChannelOutcome = "connected" | "not_offered" | "cannot_post";

/** Connects an offered channel, after checking with Telegram that the bot can post there. */
export async function connectChannel(
  services: Services,
  physicianId: string,
  chatId: string,
): Promise<ConnectChannelOutcome> {
  const offered = (await offeredChannels(services.db, physicianId)).find((c) => c.chatId === chatId);
  if (!offered) return "not_offered";
  if (!(await botCanPost(services.config, chatId))) return "cannot_post";
  await saveAccount(services.db, services.config, {
    physicianId,
    platform: "telegram",
    externalId: chatId,
    handle: offered.username ? `@${offered.username}` : offered.title,
    url: offered.username ? `https://t.me/${offered.username}` : null,
  });
  return "connected";
}

async function reply(services: Services, chatId: number, text: string): Promise<void> {
  await sendBotMessage(services.config, String(chatId), text).catch((err: unknown) =>
    services.log.warn("telegram_reply_failed", { error: err instanceof Error ? err.message : "unknown" }),
  );
}

/** App Home shows what changed; the physician need not reload anything. */
async function notifyPhysician(services: Services, physicianId: string): Promise<void> {
  const physician = await getPhysician(services.db, physicianId);
  if (!physician) return;
  await refreshHomeQuietly(services, physician);
}
