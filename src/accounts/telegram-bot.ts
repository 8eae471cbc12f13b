/**
 * The few Bot API methods connecting a channel needs (getMe, getChatMember, sendMessage,
 * setWebhook), through the product's bot. Errors name the method and Telegram's
 * description, never the URL (it carries the bot token).
 */
import { z } from "zod";
import type { Config } from "../config";
import { OAuthError, oauthCall } from "./oauth-http";

const envelope = <T extends z.ZodType>(result: T) => z.object({ ok: z.literal(true), result });

const meSchema = envelope(z.object({ id: z.number(), username: z.string() }).loose());
const memberSchema = envelope(
  z
    .object({
      status: z.string(),
      can_post_messages: z.boolean().optional(),
    })
    .loose(),
);

function endpoint(config: Config, method: string): string {
  if (!config.TELEGRAM_BOT_TOKEN) throw new OAuthError("Telegram: TELEGRAM_BOT_TOKEN is not set", "refused");
  return `${config.TELEGRAM_API_URL}/bot${config.TELEGRAM_BOT_TOKEN}/${method}`;
}

function call<T>(
  config: Config,
  method: string,
  body: Record<string, unknown>,
  schema: z.ZodType<T>,
): Promise<T> {
  return oauthCall(
    `Telegram ${method}`,
    endpoint(config, method),
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    schema,
  );
}

let botCache: { token: string; bot: Promise<{ id: number; username: string }> } | undefined;

/** The bot's id and @username (for the deep link), asked once per isolate. */
export function botIdentity(config: Config): Promise<{ id: number; username: string }> {
  const token = config.TELEGRAM_BOT_TOKEN ?? "";
  if (botCache?.token !== token) {
    const bot = call(config, "getMe", {}, meSchema).then((r) => ({
      id: r.result.id,
      username: r.result.username,
    }));
    bot.catch(() => {
      if (botCache?.bot === bot) botCache = undefined;
    });
    botCache = { token, bot };
  }
  return botCache.bot;
}

/** Whether the bot may post in the chat right now (an administrator allowed to post). */
export async function botCanPost(config: Config, chatId: string): Promise<boolean> {
  const bot = await botIdentity(config);
  try {
    const member = await call(config, "getChatMember", { chat_id: chatId, user_id: bot.id }, memberSchema);
    return (
      member.result.status === "creator" ||
      (member.result.status === "administrator" && member.result.can_post_messages !== false)
    );
  } catch (err) {
    if (err instanceof OAuthError && err.kind === "refused") return false;
    throw err;
  }
}

export async function sendBotMessage(config: Config, chatId: string, text: string): Promise<void> {
  await call(config, "sendMessage", { chat_id: chatId, text }, envelope(z.unknown()));
}

/** Points Telegram at our webhook, with the secret it must echo in every delivery. */
export async function setBotWebhook(config: Config, url: string, secret: string): Promise<void> {
  await call(
    config,
    "setWebhook",
    {
      url,
      secret_token: secret,
      allowed_updates: ["message", "my_chat_member"],
      drop_pending_updates: false,
    },
    envelope(z.literal(true)),
  );
}
