import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { commandBody, interactionBody, slackPost } from "../slack-helpers";

describe("Slack request verification", () => {
  it("accepts a correctly signed command", async () => {
    const { res } = await slackPost("/slack/commands", commandBody({ text: "help" }));
    expect(res.status).toBe(200);
  });

  it("rejects a wrong signature, a stale or future timestamp and a tampered body with a bare 401", async () => {
    const body = commandBody({ text: "help" });
    const now = Math.floor(Date.now() / 1000);
    for (const options of [{ secret: "wrong" }, { timestamp: now - 301 }, { timestamp: now + 301 }]) {
      const { res } = await slackPost("/slack/commands", body, options);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe("");
    }
  });

  it("rejects a body changed after signing", async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const { signSlackRequest } = await import("../../src/slack/verify");
    const signature = await signSlackRequest(
      "test-signing-secret",
      ts,
      commandBody({ text: "help", trigger_id: "t1" }),
    );
    const { app } = await import("../../src/app");
    const res = await app.request(
      "/slack/commands",
      {
        method: "POST",
        headers: { "x-slack-request-timestamp": ts, "x-slack-signature": signature },
        body: commandBody({ text: "publish everything", trigger_id: "t1" }),
      },
      env,
    );
    expect(res.status).toBe(401);
  });

  it("rejects every request when no signing secret is configured", async () => {
    const { res } = await slackPost("/slack/commands", commandBody({ text: "help" }), {
      envOverrides: { SLACK_SIGNING_SECRET: "" },
    });
    expect(res.status).toBe(401);
  });

  it("answers Slack's url_verification handshake and ssl_check", async () => {
    const { res } = await slackPost(
      "/slack/events",
      JSON.stringify({ type: "url_verification", challenge: "abc123", token: "x" }),
    );
    expect(await res.json()).toEqual({ challenge: "abc123" });
    const ssl = await slackPost("/slack/commands", "ssl_check=1&token=x");
    expect(ssl.res.status).toBe(200);
  });

  it("answers malformed payloads with a 400 and does nothing", async () => {
    const cases: [string, string][] = [
      ["/slack/commands", "command=%2Fdraft"],
      ["/slack/interactions", "payload=%7Bnot-json"],
      ["/slack/interactions", interactionBody({ type: "block_actions", user: { id: "U1" }, actions: [] })],
      ["/slack/events", "{]"],
      ["/slack/events", JSON.stringify({ type: "event_callback" })],
    ];
    for (const [path, body] of cases) {
      const { res, queued } = await slackPost(path, body);
      expect(res.status, `${path} ${body}`).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_payload" });
      expect(queued.generate).toEqual([]);
    }
    const drafts = await env.DB.prepare("SELECT count(*) AS n FROM drafts").first<{ n: number }>();
    expect(drafts?.n).toBe(0);
  });
});

describe("Slack Connect users", () => {
  it("checks an external user against their own workspace, not the host's allow-list", async () => {
    const { blockAction } = await import("../slack-helpers");
    const body = blockAction("home_new_draft", "", "U_EXTERNAL", {
      user: { id: "U_EXTERNAL", team_id: "T_OUTSIDE" },
    });
    const { res } = await slackPost("/slack/interactions", body, {
      envOverrides: { ALLOWED_SLACK_TEAMS: "T_TEAM" },
    });
    expect(res.status).toBe(200);
    const physicians = await env.DB.prepare("SELECT count(*) AS n FROM physicians").first<{ n: number }>();
    expect(physicians?.n).toBe(0); // refused before anything was recorded
  });
});
