/**
 * Two physicians of one workspace, each publishing to their own Telegram channel, X account
 * and Threads account — connected the way they really are (App Home, the platform's consent
 * page, the bot's webhook) — and never to each other's.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Physician, Platform } from "../../src/db/schema";
import { accounts } from "../../src/db/schema";
import { ACCOUNTS_ENV, connectOAuth, connectTelegram } from "../account-helpers";
import { db, draftIn, seedPhysician, silenceLogs } from "../helpers";
import { publishJob, runPublish } from "../publish-helpers";
import { fakes } from "../slack-helpers";

async function publishAs(physician: Physician, platform: Platform, text: string) {
  const draft = await draftIn("publishing", { physician, platform, text });
  await env.DB.prepare("INSERT INTO publications (draft_id, platform, status) VALUES (?, ?, 'pending')")
    .bind(draft.id, platform)
    .run();
  const result = await runPublish(publishJob(draft), { env: ACCOUNTS_ENV });
  expect(result.explicitAcks).toEqual(["pub-1"]);
  return env.DB.prepare("SELECT status, account_ref, url FROM publications WHERE draft_id = ?")
    .bind(draft.id)
    .first<{ status: string; account_ref: string; url: string }>();
}

describe("each physician's own accounts", () => {
  it("two physicians publish to two Telegram channels, two X accounts and two Threads accounts", async () => {
    silenceLogs();
    const anna = await seedPhysician("U_ANNA");
    const boris = await seedPhysician("U_BORIS");
    await fakes().addXUser({ id: "2001", username: "dr_anna" });
    await fakes().addXUser({ id: "2002", username: "dr_boris" });
    await fakes().addThreadsUser({ id: "3001", username: "anna.md" });
    await fakes().addThreadsUser({ id: "3002", username: "boris.md" });

    expect((await connectOAuth("U_ANNA", "x", "dr_anna")).status).toBe(200);
    expect((await connectOAuth("U_BORIS", "x", "dr_boris")).status).toBe(200);
    expect((await connectOAuth("U_ANNA", "threads", "anna.md")).status).toBe(200);
    expect((await connectOAuth("U_BORIS", "threads", "boris.md")).status).toBe(200);
    await connectTelegram(
      "U_ANNA",
      { id: 501, username: "anna_tg" },
      { id: -1001111, title: "Anna sleeps", username: "anna_sleep" },
    );
    await connectTelegram(
      "U_BORIS",
      { id: 502, username: "boris_tg" },
      { id: -1002222, title: "Boris on mood" },
    );

    const handles = await db()
      .select({ p: accounts.physicianId, platform: accounts.platform, handle: accounts.handle })
      .from(accounts);
    expect(handles).toEqual(
      expect.arrayContaining([
        { p: anna.id, platform: "x", handle: "@dr_anna" },
        { p: boris.id, platform: "x", handle: "@dr_boris" },
        { p: anna.id, platform: "threads", handle: "@anna.md" },
        { p: boris.id, platform: "threads", handle: "@boris.md" },
        { p: anna.id, platform: "telegram", handle: "@anna_sleep" },
        { p: boris.id, platform: "telegram", handle: "Boris on mood" },
      ]),
    );

    for (const platform of ["telegram", "x", "threads"] as const) {
      expect(await publishAs(anna, platform, `Anna on sleep, for ${platform}.`)).toMatchObject({
        status: "published",
      });
      expect(await publishAs(boris, platform, `Boris on mood, for ${platform}.`)).toMatchObject({
        status: "published",
      });
    }

    const tweets = await fakes().xTweets();
    expect(tweets.map((t) => [t.authorUsername, t.text])).toEqual([
      ["dr_anna", "Anna on sleep, for x."],
      ["dr_boris", "Boris on mood, for x."],
    ]);
    const posts = await fakes().threadsPosts();
    expect(posts.map((p) => [p.username, p.text])).toEqual([
      ["anna.md", "Anna on sleep, for threads."],
      ["boris.md", "Boris on mood, for threads."],
    ]);
    const messages = await fakes().telegramMessages();
    // The bot answered each physician's code in their private chat…
    expect(messages.filter((m) => m.chatId > 0).map((m) => m.chatId)).toEqual([501, 502]);
    // …and each post went to its author's channel.
    expect(messages.filter((m) => m.chatId < 0).map((m) => [m.chatId, m.text])).toEqual([
      [-1001111, "Anna on sleep, for telegram."],
      [-1002222, "Boris on mood, for telegram."],
    ]);
    // No token sits in D1 in the clear.
    const raw = await env.DB.prepare(
      "SELECT access_token, refresh_token FROM accounts WHERE platform = 'x'",
    ).all();
    for (const row of raw.results) expect(String(row.access_token)).toMatch(/^v1\.dev\./);
  });
});

describe("quotas per account", () => {
  it("each channel has its own pace, counted in its own Durable Object", async () => {
    silenceLogs();
    const anna = await seedPhysician("U_ANNA");
    const boris = await seedPhysician("U_BORIS");
    await connectTelegram("U_ANNA", { id: 501, username: "anna_tg" }, { id: -1001111, title: "Anna sleeps" });
    await connectTelegram(
      "U_BORIS",
      { id: 502, username: "boris_tg" },
      { id: -1002222, title: "Boris on mood" },
    );
    const paced = { ...ACCOUNTS_ENV, TELEGRAM_POSTS_PER_MINUTE: "2" };

    const publish = async (physician: Physician, text: string) => {
      const draft = await draftIn("publishing", { physician, platform: "telegram", text });
      await env.DB.prepare(
        "INSERT INTO publications (draft_id, platform, status) VALUES (?, 'telegram', 'pending')",
      )
        .bind(draft.id)
        .run();
      const result = await runPublish(publishJob(draft), { env: paced });
      const row = await env.DB.prepare(
        "SELECT status, not_before, last_error FROM publications WHERE draft_id = ?",
      )
        .bind(draft.id)
        .first<{ status: string; not_before: number | null; last_error: string | null }>();
      return { result, row };
    };

    expect((await publish(anna, "Anna one.")).row?.status).toBe("published");
    expect((await publish(anna, "Anna two.")).row?.status).toBe("published");
    const third = await publish(anna, "Anna three.");
    // Anna's channel is at its pace: the post waits (delayed, never dropped), nothing was sent.
    expect(third.row).toMatchObject({
      status: "pending",
      last_error: "reason:publish_delayed|telegram_chat",
    });
    expect(third.row?.not_before).toBeGreaterThan(Date.now());
    expect(third.result.sent).toHaveLength(1);
    expect(third.result.sent[0]?.delaySeconds).toBeGreaterThan(0);
    const hold = await env.DB.prepare("SELECT key FROM publish_holds").all();
    expect(hold.results).toEqual([{ key: "telegram:-1001111" }]);
    // Boris's channel is another account: his posts go out.
    expect((await publish(boris, "Boris one.")).row?.status).toBe("published");
    expect((await publish(boris, "Boris two.")).row?.status).toBe("published");
    const sent = (await fakes().telegramMessages()).filter((m) => m.chatId < 0).map((m) => m.text);
    expect(sent).toEqual(["Anna one.", "Anna two.", "Boris one.", "Boris two."]);
  });
});
