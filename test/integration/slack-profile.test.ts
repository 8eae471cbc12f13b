/**
 * Slack already knows the physician: on first contact the app reads `users.info` (after the
 * ack) for the time zone and name, once; a time zone the physician chose is kept.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { seedPhysician, silenceLogs } from "../helpers";
import { blockAction, bodyOf, commandBody, fakes, slackCalls, slackPost } from "../slack-helpers";

async function physicianRow(userId: string) {
  return env.DB.prepare(
    "SELECT timezone, display_name, language, profile_synced_at FROM physicians WHERE slack_user_id = ?",
  )
    .bind(userId)
    .first<{ timezone: string; display_name: string; language: string; profile_synced_at: number | null }>();
}

describe("the physician's Slack profile", () => {
  it("first contact takes the time zone and name from users.info, once", async () => {
    silenceLogs();
    const { res } = await slackPost("/slack/commands", commandBody({ user_id: "U0NEWDOC", text: "help" }));
    expect(res.status).toBe(200);
    const calls = await slackCalls("users.info");
    expect(calls).toHaveLength(1);
    expect(bodyOf(calls[0]).user).toBe("U0NEWDOC");
    const row = await physicianRow("U0NEWDOC");
    expect(row?.timezone).toBe("Europe/Kyiv");
    expect(row?.display_name).not.toBe("U0NEWDOC");
    expect(row?.profile_synced_at).toBeGreaterThan(0);

    await slackPost("/slack/commands", commandBody({ user_id: "U0NEWDOC", text: "help" }));
    expect(await slackCalls("users.info")).toHaveLength(1);
    expect(bodyOf(calls[0]).include_locale).toBe("true");
    expect(row?.language).toBe("en");
  });

  it("a physician whose Slack speaks Ukrainian gets Ukrainian from the first card on", async () => {
    silenceLogs();
    await slackPost("/slack/commands", commandBody({ user_id: "U0UKDOC", text: "help" }));
    const row = await physicianRow("U0UKDOC");
    expect(row?.language).toBe("uk");
    expect(row?.timezone).toBe("Europe/Kyiv");
    // App Home greets them by name, in Ukrainian, and never by their Slack id.
    await slackPost(
      "/slack/events",
      JSON.stringify({
        type: "event_callback",
        team_id: "T_TEAM",
        event_id: "EvUK1",
        event_time: 1,
        event: { type: "app_home_opened", user: "U0UKDOC", tab: "home", channel: "D1" },
      }),
    );
    const home = JSON.stringify(bodyOf((await slackCalls("views.publish")).at(-1)).view);
    expect(home).toContain("Вітаю, ");
    expect(home).not.toContain("U0UKDOC!");
  });

  it("keeps a time zone the physician set, and retries a failed read on the next contact", async () => {
    silenceLogs();
    const physician = await seedPhysician("U0SETTZ");
    await env.DB.prepare(
      "UPDATE physicians SET timezone = 'America/New_York', profile_synced_at = NULL WHERE id = ?",
    )
      .bind(physician.id)
      .run();
    await fakes().fail({ service: "slack", path: "users.info", status: 500 });
    await slackPost("/slack/interactions", blockAction("home_settings", "x", "U0SETTZ"));
    expect((await physicianRow("U0SETTZ"))?.profile_synced_at).toBeNull();
    await slackPost("/slack/interactions", blockAction("home_settings", "x", "U0SETTZ"));
    const row = await physicianRow("U0SETTZ");
    expect(row?.profile_synced_at).toBeGreaterThan(0);
    expect(row?.timezone).toBe("America/New_York");
  });
});
