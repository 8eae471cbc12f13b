/**
 * Admin: physicians' accounts as operators need them — never a token, sealed or not.
 * - `GET /accounts`: every connected account (who, platform, handle, status, expiry).
 * - `POST /accounts/reseal`: after a key rotation, re-seal a page of tokens under the
 *   current key (`npm run rotate-token-key` calls it until `remaining` is 0).
 * - `POST /telegram/webhook`: points the bot's webhook at this Worker with the secret.
 */
import { asc } from "drizzle-orm";
import { Hono } from "hono";
import { resealTokens } from "../accounts/reseal";
import { view } from "../accounts/store";
import { setBotWebhook } from "../accounts/telegram-bot";
import type { AppEnv } from "../app-context";
import { accounts } from "../db/schema";
import { AppError, BadRequestError } from "../lib/errors";

export const adminAccountRoutes = new Hono<AppEnv>()
  .get("/accounts", async (c) => {
    const { db } = c.get("services");
    const rows = await db.query.accounts.findMany({ orderBy: asc(accounts.createdAt) });
    return c.json({
      accounts: rows.map((row) => {
        const { tokenVersion: _v, ...shown } = view(row);
        return shown;
      }),
    });
  })
  .post("/accounts/reseal", async (c) => {
    const { db, config, log } = c.get("services");
    const report = await resealTokens(db, config);
    log.info("account_tokens_resealed", { ...report });
    return c.json(report);
  })
  .post("/telegram/webhook", async (c) => {
    const { config } = c.get("services");
    if (!config.TELEGRAM_BOT_TOKEN || !config.TELEGRAM_WEBHOOK_SECRET) {
      throw new BadRequestError("set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET first", "not_configured");
    }
    const url = `${config.PUBLIC_URL ?? new URL(c.req.url).origin}/telegram/webhook`;
    try {
      await setBotWebhook(config, url, config.TELEGRAM_WEBHOOK_SECRET);
    } catch (err) {
      throw new AppError(
        `Telegram refused the webhook: ${err instanceof Error ? err.message : "unknown"}`,
        503,
        "telegram_refused",
      );
    }
    return c.json({ ok: true, url });
  });
