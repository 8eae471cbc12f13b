import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bodyOf, commandBody, slackCalls, slackPost } from "../slack-helpers";

async function draftRows() {
  const rows = await env.DB.prepare(
    "SELECT topic, platform, status, slack_channel_id FROM drafts ORDER BY created_at",
  ).all<{
    topic: string;
    platform: string;
    status: string;
    slack_channel_id: string;
  }>();
  return rows.results;
}

async function command(fields: Record<string, string>, options = {}) {
  const { res, queued } = await slackPost("/slack/commands", commandBody(fields), options);
  expect(res.status).toBe(200);
  const text = res.headers.get("content-type")?.includes("json")
    ? ((await res.json()) as { text: string; response_type: string })
    : null;
  return { reply: text, queued };
}

describe("/draft", () => {
  it("queues a draft for the physician's default platform and says what was accepted", async () => {
    const { reply, queued } = await command({ text: "caffeine and sleep" });
    expect(reply?.response_type).toBe("ephemeral");
    expect(reply?.text).toContain("caffeine and sleep");
    expect(reply?.text).toContain("Telegram");
    expect(await draftRows()).toEqual([
      { topic: "caffeine and sleep", platform: "telegram", status: "queued", slack_channel_id: "C_GENERAL" },
    ]);
    expect(queued.generate).toEqual([expect.objectContaining({ type: "generate", reason: "new" })]);
  });

  it("honours an explicit platform after the last |", async () => {
    const { reply, queued } = await command({ text: "sleep | anxiety | twitter" });
    expect(reply?.text).toContain("X");
    expect(await draftRows()).toMatchObject([{ topic: "sleep | anxiety", platform: "x" }]);
    expect(queued.generate).toHaveLength(1);
  });

  it("explains usage on help, queues nothing", async () => {
    const { reply, queued } = await command({ text: "help" });
    expect(reply?.text).toContain("/draft");
    expect(reply?.text).toMatch(/threads/i);
    expect(queued.generate).toEqual([]);
  });

  it("refuses an unknown platform and a topic over 500 characters, queueing nothing", async () => {
    const unknown = await command({ text: "sleep | facebook" });
    expect(unknown.reply?.text).toContain("facebook");
    const long = await command({ text: "a".repeat(501) });
    expect(long.reply?.text).toContain("500");
    expect(await draftRows()).toEqual([]);
    expect([...unknown.queued.generate, ...long.queued.generate]).toEqual([]);
  });

  it("opens the generation form when there is no text", async () => {
    const { reply } = await command({ text: "", trigger_id: "trig-modal" });
    expect(reply).toBeNull();
    const [open] = await slackCalls("views.open");
    expect(bodyOf(open)).toMatchObject({
      trigger_id: "trig-modal",
      view: { callback_id: "draft_generate_modal" },
    });
    expect(JSON.parse(String((bodyOf(open).view as { private_metadata: string }).private_metadata))).toEqual({
      channelId: "C_GENERAL",
    });
  });

  it("creates exactly one draft when Slack retries the same command", async () => {
    const body = commandBody({ text: "exercise and mood", trigger_id: "trig-retry" });
    const first = await slackPost("/slack/commands", body);
    const retry = await slackPost("/slack/commands", body, {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(await draftRows()).toHaveLength(1);
    expect(first.queued.generate).toHaveLength(1);
    expect(retry.queued.generate).toEqual([]);
    expect(((await retry.res.json()) as { text: string }).text).toMatch(/already/i);
  });

  it("refuses the 11th draft in a minute with when to retry, and retries of counted requests stay free", async () => {
    for (let i = 0; i < 10; i++) {
      const { reply } = await command({ text: `topic ${i}`, trigger_id: `trig-${i}` });
      expect(reply?.text).toContain(`topic ${i}`);
    }
    // A retry of an already-counted request is recognised before the limit.
    const retry = await command({ text: "topic 3", trigger_id: "trig-3" });
    expect(retry.reply?.text).toMatch(/already/i);
    const eleventh = await command({ text: "one too many", trigger_id: "trig-11" });
    expect(eleventh.reply?.text).toMatch(/try again in \d+ (seconds?|minutes?)/i);
    expect(eleventh.queued.generate).toEqual([]);
    expect(await draftRows()).toHaveLength(10);
  });

  it("politely refuses teams and users outside the allow-lists", async () => {
    const options = { envOverrides: { ALLOWED_SLACK_TEAMS: "T_OTHER" } };
    const { reply, queued } = await command({ text: "sleep" }, options);
    expect(reply?.response_type).toBe("ephemeral");
    expect(reply?.text.length).toBeGreaterThan(10);
    expect(queued.generate).toEqual([]);
    expect(await draftRows()).toEqual([]);
    const users = await command(
      { text: "sleep", user_id: "U_STRANGER" },
      { envOverrides: { ALLOWED_SLACK_USERS: "U_DOC1" } },
    );
    expect(users.queued.generate).toEqual([]);
  });

  it("escapes the topic in its reply so it cannot ping the channel or inject a link", async () => {
    const { reply } = await command({ text: "&lt;!channel&gt; <!channel> & <https://evil.example|click>" });
    expect(reply?.text).not.toContain("<!channel>");
    expect(reply?.text).not.toMatch(/<https?:/);
    expect(reply?.text).toContain("&lt;!channel&gt;");
  });

  it("answers in Ukrainian for a physician who chose Ukrainian", async () => {
    await command({ text: "help" });
    await env.DB.prepare("UPDATE physicians SET language = 'uk'").run();
    const { reply } = await command({ text: "сон і кава" });
    expect(reply?.text).toMatch(/[а-яіїєґ]{4,}/i);
    expect(reply?.text).toContain("сон і кава");
  });
});
