/**
 * `POST /telegram/webhook`: the product bot's updates. Telegram signs nothing; it echoes the
 * `secret_token` we gave `setWebhook` in `X-Telegram-Bot-Api-Secret-Token`, compared here in
 * constant time before the body is read. Without TELEGRAM_WEBHOOK_SECRET the route is off.
 * A handled or ignored update is a 200 (any other answer makes Telegram redeliver it); only
 * a body that is not JSON at all is a 400.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { handleTelegramUpdate, updateSchema } from "../accounts/telegram-link";
import type { AppEnv } from "../app-context";
import { timingSafeEqual } from "../lib/timing-safe";

/** Updates we subscribe to (messages, membership changes) are a few KB. */
const UPDATE_LIMIT = 256 * 1024;

export const telegramRoutes = new Hono<AppEnv>().post(
  "/webhook",
  async (c, next) => {
    const { config, log } = c.get("services");
    const expected = config.TELEGRAM_WEBHOOK_SECRET;
    if (!expected) return c.json({ error: "not_found" }, 404);
    const given = c.req.header("x-telegram-bot-api-secret-token") ?? "";
    if (!timingSafeEqual(given, expected)) {
      log.warn("telegram_webhook_rejected", {});
      return c.body(null, 401);
    }
    await next();
  },
  bodyLimit({ maxSize: UPDATE_LIMIT, onError: (c) => c.body(null, 413) }),
  async (c) => {
    const services = c.get("services");
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "invalid_payload", message: "the update is not JSON" }, 400);
    }
    const update = updateSchema.safeParse(body);
    if (!update.success) {
      // It passed the secret, so it is Telegram's: an answer other than 200 would only make
      // Telegram deliver the same update again and again. Logged and dropped.
      services.log.warn("telegram_update_invalid", {});
      return c.json({ ok: true, ignored: true });
    }
    await handleTelegramUpdate(services, update.data);
    return c.json({ ok: true });
  },
);
