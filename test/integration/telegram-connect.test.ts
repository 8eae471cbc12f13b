/**
 * Telegram channels: the webhook trusts only Telegram's secret header; a code ties a
 * Telegram user to one physician, once; a channel is offered only to the physician whose
 * Telegram user added the bot; a bot removed from a connected channel marks it for
 * reconnecting.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  ACCOUNTS_ENV,
  connectTelegram,
  lastModalLink,
  telegramWebhook,
  workerRequest,
} from "../account-helpers";
import { myChatMemberUpdate, privateTextUpdate } from "../fakes/telegram-updates";
import { seedPhysician, silenceLogs } from "../helpers";
import { blockAction, bodyOf, fakes, slackCalls, slackPost } from "../slack-helpers";

const ANNA_TG = { id: 501, username: "anna_tg" };
const CHANNEL = { id: -1001111, title: "Anna sleeps", username: "anna_sleep" };

async function codeFor(user: string): Promise<string> {
  await slackPost("/slack/interactions", blockAction("account_connect", "telegram", user), {
    envOverrides: ACCOUNTS_ENV,
  });
  const { text, url } = await lastModalLink();
  expect(url).toMatch(/^https:\/\/t\.me\/serotonin_fake_bot\?start=[A-Z0-9]{10}$/);
  return /`([A-Z0-9]{10})`/.exec(text)?.[1] ?? "";
}

const tgChannels = () => env.DB.prepare("SELECT chat_id, added_by, can_post FROM telegram_chats").all();

describe("the Telegram webhook", () => {
  it("answers only Telegram's secret header, and only when a secret is set", async () => {
    silenceLogs();
    const update = privateTextUpdate({ from: ANNA_TG, text: "/start" });
    expect((await telegramWebhook(update, "wrong-secret")).status).toBe(401);
    const noHeader = await workerRequest("/telegram/webhook", {
      method: "POST",
      body: JSON.stringify(update),
    });
    expect(noHeader.status).toBe(401);
    const off = await workerRequest(
      "/telegram/webhook",
      { method: "POST", headers: { "x-telegram-bot-api-secret-token": "anything" }, body: "{}" },
      { ...ACCOUNTS_ENV, TELEGRAM_WEBHOOK_SECRET: "" },
    );
    expect(off.status).toBe(404);
    // Past the secret it is Telegram's: a shape we do not know is dropped with a 200.
    expect((await telegramWebhook("not an update")).status).toBe(200);
    const raw = await workerRequest("/telegram/webhook", {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": ACCOUNTS_ENV.TELEGRAM_WEBHOOK_SECRET },
      body: "{not json",
    });
    expect(raw.status).toBe(400);
    // An update type we do not act on is acknowledged (Telegram would redeliver anything else).
    expect((await telegramWebhook({ update_id: 1, edited_channel_post: { message_id: 1 } })).status).toBe(
      200,
    );
  });

  it("a slow Telegram costs Connect its deep link, never the modal (Slack waits 3 s)", async () => {
    silenceLogs();
    await seedPhysician("U_ANNA");
    // A bot this isolate has not asked about yet, so getMe is called now, and answers late.
    const overrides = { ...ACCOUNTS_ENV, TELEGRAM_BOT_TOKEN: "777111:slow-bot-token" };
    await fakes().fail({ service: "telegram", path: "getMe", status: 200, delayMs: 5_000 });
    await slackPost("/slack/interactions", blockAction("account_connect", "telegram", "U_ANNA"), {
      envOverrides: overrides,
    });
    const { text, url } = await lastModalLink();
    expect(text).toMatch(/`[A-Z0-9]{10}`/);
    expect(url).toBeUndefined();
    // Answered in time, the same Connect carries the link.
    await slackPost("/slack/interactions", blockAction("account_connect", "telegram", "U_ANNA"), {
      envOverrides: { ...overrides, TELEGRAM_BOT_TOKEN: "777222:quick-bot-token" },
    });
    expect((await lastModalLink()).url).toMatch(/^https:\/\/t\.me\/\w+\?start=[A-Z0-9]{10}$/);
  });

  it("a code links a Telegram user once; an unknown or used code is refused in the chat", async () => {
    silenceLogs();
    const anna = await seedPhysician("U_ANNA");
    const code = await codeFor("U_ANNA");
    expect(await env.DB.prepare("SELECT code_hash FROM telegram_codes").first()).not.toMatchObject({
      code_hash: code,
    });
    await telegramWebhook(privateTextUpdate({ from: ANNA_TG, text: `/start ${code}` }));
    await telegramWebhook(privateTextUpdate({ from: { id: 999, username: "someone" }, text: code }));
    await telegramWebhook(privateTextUpdate({ from: { id: 998 }, text: "/start ABCDEFGHJK" }));
    const links = await env.DB.prepare("SELECT telegram_user_id, physician_id FROM telegram_users").all();
    expect(links.results).toEqual([{ telegram_user_id: "501", physician_id: anna.id }]);
    const replies = (await fakes().telegramMessages()).map((m) => [m.chatId, m.text.slice(0, 30)]);
    expect(replies).toEqual([
      [501, "Linked to your Serotonin Scrip"],
      [999, "This code is unknown, used or "],
      [998, "This code is unknown, used or "],
    ]);
  });

  it("offers a channel only to the physician whose Telegram user added the bot", async () => {
    silenceLogs();
    const anna = await seedPhysician("U_ANNA");
    await seedPhysician("U_BORIS");
    // Boris has linked his own Telegram user too: still, Anna's channel is not his.
    await telegramWebhook(
      privateTextUpdate({
        from: { id: 502, username: "boris_tg" },
        text: `/start ${await codeFor("U_BORIS")}`,
      }),
    );
    const code = await codeFor("U_ANNA");
    await telegramWebhook(privateTextUpdate({ from: ANNA_TG, text: `/start ${code}` }));
    await fakes().addTelegramChannel({
      ...CHANNEL,
      admins: [{ id: 501, status: "creator" }],
      botIsAdmin: true,
      botCanPost: true,
    });
    await telegramWebhook(
      myChatMemberUpdate({
        chat: CHANNEL,
        from: ANNA_TG,
        oldStatus: "left",
        newStatus: "administrator",
        bot: { id: 123456 },
      }),
    );
    expect((await tgChannels()).results).toEqual([{ chat_id: "-1001111", added_by: "501", can_post: 1 }]);
    // Anna's App Home was refreshed and offers it; Boris cannot take it.
    const home = JSON.stringify(bodyOf((await slackCalls("views.publish")).at(-1)).view);
    expect(home).toContain("The bot was added to *@anna_sleep*");
    expect(home).toContain('"action_id":"account_use_channel"');
    await slackPost("/slack/interactions", blockAction("account_use_channel", "-1001111", "U_BORIS"), {
      envOverrides: ACCOUNTS_ENV,
    });
    expect((await lastModalLink()).text).toContain("not available to you");
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM accounts").first()).toEqual({ n: 0 });
    // Another admin changing the bot's rights does not make the channel theirs.
    await telegramWebhook(
      myChatMemberUpdate({
        chat: CHANNEL,
        from: { id: 777 },
        oldStatus: "administrator",
        newStatus: "administrator",
        bot: { id: 123456 },
      }),
    );
    expect((await tgChannels()).results).toEqual([{ chat_id: "-1001111", added_by: "501", can_post: 1 }]);
    await slackPost("/slack/interactions", blockAction("account_use_channel", "-1001111", "U_ANNA"), {
      envOverrides: ACCOUNTS_ENV,
    });
    expect(await env.DB.prepare("SELECT physician_id, handle, external_id FROM accounts").first()).toEqual({
      physician_id: anna.id,
      handle: "@anna_sleep",
      external_id: "-1001111",
    });
  });

  it("the bot removed from a connected channel: the account must be reconnected", async () => {
    silenceLogs();
    await seedPhysician("U_ANNA");
    await connectTelegram("U_ANNA", ANNA_TG, CHANNEL);
    await telegramWebhook(
      myChatMemberUpdate({
        chat: CHANNEL,
        from: ANNA_TG,
        oldStatus: "administrator",
        newStatus: "left",
        bot: { id: 123456 },
      }),
    );
    expect(await env.DB.prepare("SELECT status, last_error FROM accounts").first()).toEqual({
      status: "reconnect",
      last_error: "The bot is no longer allowed to post in Anna sleeps.",
    });
  });
});
