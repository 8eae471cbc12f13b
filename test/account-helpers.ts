/**
 * Connecting physicians' accounts in tests the way they really connect: the App Home button
 * (a modal with the consent link, or the Telegram code), the fake platform's consent page,
 * the Worker's OAuth callback, the bot's webhook updates.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { app } from "../src/app";
import { myChatMemberUpdate, privateTextUpdate } from "./fakes/telegram-updates";
import { blockAction, bodyOf, fakes, slackCalls, slackPost } from "./slack-helpers";

export const BOT_TOKEN = "123456:bot-token";
export const WEBHOOK_SECRET = "hook-secret_1";
/** Own accounts only: no clinic account, no local outbox (as in production). */
export const ACCOUNTS_ENV = {
  TELEGRAM_BOT_TOKEN: BOT_TOKEN,
  TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
  X_CLIENT_ID: "x-client",
  X_CLIENT_SECRET: "x-secret",
  THREADS_APP_ID: "990602627938098",
  THREADS_APP_SECRET: "threads-secret",
  LOCAL_OUTBOX: "off",
};

/** A request to the Worker (not Slack-signed), with `overrides` on the test env. */
export async function workerRequest(
  path: string,
  init: RequestInit = {},
  overrides: Record<string, unknown> = ACCOUNTS_ENV,
) {
  const ctx = createExecutionContext();
  const res = await app.request(path, init, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The link button of the last modal the Worker opened (the consent page, the bot). */
export async function lastModalLink(): Promise<{ text: string; url: string | undefined }> {
  const opened = await slackCalls("views.open");
  const view = bodyOf(opened.at(-1)).view as {
    blocks: { text?: { text: string }; elements?: { url?: string }[] }[];
  };
  return {
    text: view.blocks.map((b) => b.text?.text ?? "").join("\n"),
    url: view.blocks.flatMap((b) => b.elements ?? []).find((e) => e.url)?.url,
  };
}

/** Presses Connect for `platform` in `user`'s App Home and returns the consent link. */
export async function pressConnect(
  user: string,
  platform: "x" | "threads",
  overrides = ACCOUNTS_ENV,
): Promise<string> {
  const { res } = await slackPost("/slack/interactions", blockAction("account_connect", platform, user), {
    envOverrides: overrides,
  });
  expect(res.status).toBe(200);
  const link = await lastModalLink();
  expect(link.url).toBeDefined();
  return link.url as string;
}

/** The whole OAuth round: Connect, the fake's consent page as `username`, our callback. */
export async function connectOAuth(
  user: string,
  platform: "x" | "threads",
  username: string,
  overrides = ACCOUNTS_ENV,
): Promise<Response> {
  const consent = await pressConnect(user, platform, overrides);
  const callback = await fakes().approveConsent(consent, { loginAs: username });
  const url = new URL(callback);
  return workerRequest(`${url.pathname}${url.search}`, {}, overrides);
}

export function telegramWebhook(update: unknown, secret = WEBHOOK_SECRET, overrides = ACCOUNTS_ENV) {
  return workerRequest(
    "/telegram/webhook",
    {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify(update),
    },
    overrides,
  );
}

/**
 * A physician connects a Telegram channel: Connect gives a code, they send it to the bot,
 * add the bot to the channel as an administrator, then press "Use this channel".
 */
export async function connectTelegram(
  user: string,
  telegramUser: { id: number; username: string },
  channel: { id: number; title: string; username?: string },
): Promise<void> {
  await fakes().addTelegramChannel({
    id: channel.id,
    title: channel.title,
    ...(channel.username ? { username: channel.username } : {}),
    admins: [{ id: telegramUser.id, username: telegramUser.username, status: "creator" }],
    botIsAdmin: true,
    botCanPost: true,
  });
  await slackPost("/slack/interactions", blockAction("account_connect", "telegram", user), {
    envOverrides: ACCOUNTS_ENV,
  });
  const { text } = await lastModalLink();
  const code = /`([A-Z0-9]{10})`/.exec(text)?.[1];
  expect(code).toBeDefined();
  const from = { id: telegramUser.id, username: telegramUser.username };
  expect((await telegramWebhook(privateTextUpdate({ from, text: `/start ${code}` }))).status).toBe(200);
  const added = myChatMemberUpdate({
    chat: channel,
    from,
    oldStatus: "left",
    newStatus: "administrator",
    canPostMessages: true,
    bot: { id: 123456 },
  });
  expect((await telegramWebhook(added)).status).toBe(200);
  const { res } = await slackPost(
    "/slack/interactions",
    blockAction("account_use_channel", String(channel.id), user),
    {
      envOverrides: ACCOUNTS_ENV,
    },
  );
  expect(res.status).toBe(200);
}
