/**
 * The local playground's API: gone in production and for any host but loopback; the
 * recording Slack sink answers the Web API as Slack does and checks Block Kit; the page's
 * requests reach the real Slack routes signed with the Worker's own secret; the live feed
 * pushes each call; "run the scheduler now" is the real cron.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { getDraft } from "../../src/db/drafts";
import { PLAYGROUND_CHANNEL } from "../../src/dev/physicians";
import { db, draftIn, seedPhysician } from "../helpers";
import { recordingQueue } from "../publish-helpers";

const LOCAL = "http://127.0.0.1:8787";
const OLENA = "U0OLENA";

interface Sent {
  generate: unknown[];
  publish: unknown[];
}

async function dev(
  path: string,
  init: RequestInit = {},
  overrides: Record<string, unknown> = {},
  origin = LOCAL,
): Promise<{ res: Response; sent: Sent }> {
  const sent: Sent = { generate: [], publish: [] };
  const ctx = createExecutionContext();
  const res = await app.request(
    `${origin}${path}`,
    init,
    {
      ...env,
      GENERATE_QUEUE: recordingQueue(sent.generate),
      PUBLISH_QUEUE: recordingQueue(sent.publish),
      ...overrides,
    },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { res, sent };
}

const post = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

async function slackApi(method: string, args: Record<string, unknown>, token = "xoxb-playground") {
  const { res } = await dev(`/dev/slack-api/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(args),
  });
  return (await res.json()) as Record<string, unknown>;
}

interface State {
  calls: { method: string; args: Record<string, unknown>; problems: { at: string; problem: string }[] }[];
  messages: { channel: string; ts: string; message: Record<string, unknown> }[];
  views: Record<string, unknown>[];
  physicians: { id: string }[];
}

async function state(): Promise<State> {
  return (await (await dev("/dev/api/state")).res.json()) as State;
}

describe("the playground is local only", () => {
  it("is absent in production: every /dev route is 404", async () => {
    const production = {
      ENVIRONMENT: "production",
      EMBEDDINGS_BACKEND: "workers-ai",
      VECTOR_BACKEND: "vectorize",
      SLACK_SIGNING_SECRET: "s",
      SLACK_BOT_TOKEN: "xoxb-real",
      ADMIN_TOKEN: "a",
      ALLOWED_SLACK_TEAMS: "T1",
      // The production bindings (stand-ins: the requests must be refused before any use).
      AI: {},
      VECTORIZE: {},
      PLAYGROUND: undefined,
    };
    for (const [path, init] of [
      ["/dev/", {}],
      ["/dev", {}],
      ["/dev/api/state", {}],
      ["/dev/feed", {}],
      ["/dev/slack-api/chat.postMessage", post({ channel: "C1", text: "x" })],
      ["/dev/api/command", post({ user: OLENA, text: "sleep" })],
      ["/dev/api/cron", post({})],
    ] as const) {
      const { res } = await dev(path, init, production);
      expect(res.status, path).toBe(404);
    }
  });

  it("is absent for any host but loopback", async () => {
    const { res } = await dev("/dev/api/state", {}, {}, "https://serotonin.example.com");
    expect(res.status).toBe(404);
  });
});

describe("the recording Slack sink", () => {
  it("answers the Web API as Slack does and keeps what Slack would show", async () => {
    const posted = await slackApi("chat.postMessage", { channel: PLAYGROUND_CHANNEL, text: "Drafting…" });
    expect(posted).toMatchObject({ ok: true, channel: PLAYGROUND_CHANNEL });
    expect(String(posted.ts)).toMatch(/^\d+\.\d{6}$/);
    const updated = await slackApi("chat.update", {
      channel: PLAYGROUND_CHANNEL,
      ts: posted.ts,
      text: "Card",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*Ready*" } }],
    });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts });
    expect(await slackApi("chat.update", { channel: PLAYGROUND_CHANNEL, ts: "1.000001", text: "x" })).toEqual(
      {
        ok: false,
        error: "message_not_found",
      },
    );
    // A DM to a user opens the DM channel.
    expect(await slackApi("chat.postMessage", { channel: OLENA, text: "hi" })).toMatchObject({
      channel: "D0OLENA",
    });
    expect(await slackApi("users.info", { user: OLENA })).toMatchObject({
      ok: true,
      user: { real_name: "Dr. Olena Koval", tz: "Europe/Kyiv" },
    });
    expect(await slackApi("users.info", { user: "U0NOBODY" })).toEqual({
      ok: false,
      error: "user_not_found",
    });
    expect(await slackApi("chat.postMessage", { channel: "C1", text: "x" }, "not-a-bot-token")).toEqual({
      ok: false,
      error: "not_authed",
    });

    const shown = await state();
    const message = shown.messages.find((m) => m.ts === posted.ts);
    expect(message?.message.text).toBe("Card");
    expect(shown.calls.map((c) => c.method)).toEqual(
      expect.arrayContaining(["chat.postMessage", "chat.update", "users.info"]),
    );
  });

  it("refuses blocks over Slack's limits and names the problem", async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: "divider" }));
    blocks.push({ type: "header", text: { type: "plain_text", text: "x".repeat(151) } } as never);
    const answer = await slackApi("chat.postMessage", { channel: PLAYGROUND_CHANNEL, text: "x", blocks });
    expect(answer).toEqual({ ok: false, error: "invalid_blocks" });
    const call = (await state()).calls.at(-1);
    expect(call?.problems).toEqual(
      expect.arrayContaining([
        { at: "/blocks", problem: "blocks: 52 > 50" },
        { at: "/blocks/51/text", problem: "header text: 151 > 150" },
      ]),
    );
  });

  it("refuses an overflow menu of one option, as Slack does", async () => {
    const one = { text: { type: "plain_text", text: "Open" }, value: "open:1" };
    const blocks = [
      {
        type: "section",
        text: { type: "mrkdwn", text: "row" },
        accessory: { type: "overflow", action_id: "m", options: [one] },
      },
    ];
    const answer = await slackApi("chat.postMessage", { channel: PLAYGROUND_CHANNEL, text: "x", blocks });
    expect(answer).toEqual({ ok: false, error: "invalid_blocks" });
    expect((await state()).calls.at(-1)?.problems).toEqual([
      { at: "/blocks/0/accessory/options", problem: "an overflow menu holds 2 to 5 options, not 1" },
    ]);
  });

  it("reads form-encoded calls with JSON fields, as slack-web-api-client sends them", async () => {
    const { res } = await dev("/dev/slack-api/views.open", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: "Bearer xoxb-p" },
      body: new URLSearchParams({
        trigger_id: "1.2",
        view: JSON.stringify({ type: "modal", title: { type: "plain_text", text: "New draft" }, blocks: [] }),
      }).toString(),
    });
    const answer = (await res.json()) as { ok: boolean; view: { id: string; title: { text: string } } };
    expect(answer.ok).toBe(true);
    expect(answer.view.title.text).toBe("New draft");
    expect(answer.view.id).toMatch(/^V\d+$/);
  });
});

describe("the page's requests reach the real Slack routes, signed", () => {
  it("delivers /draft as a signed slash command: the ephemeral reply and a queued job", async () => {
    const { res, sent } = await dev(
      "/dev/api/command",
      post({ user: OLENA, text: "/draft sleep hygiene | telegram" }),
    );
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { status: number; body: { response_type: string; text: string } };
    expect(reply.status).toBe(200);
    expect(reply.body.response_type).toBe("ephemeral");
    expect(reply.body.text).toContain("sleep hygiene");
    expect(sent.generate).toHaveLength(1);
    const recorded = (await state()).calls.find((c) => c.method === "command_reply");
    expect(recorded?.args).toMatchObject({ user: OLENA, status: 200 });
  });

  it("goes through the signature check: without the secret nothing is delivered", async () => {
    const { res, sent } = await dev("/dev/api/command", post({ user: OLENA, text: "sleep" }), {
      SLACK_SIGNING_SECRET: "",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("no_secret");
    expect(sent.generate).toEqual([]);
  });

  it("only acts as a playground physician", async () => {
    const { res } = await dev("/dev/api/command", post({ user: "U_SOMEONE_REAL", text: "sleep" }));
    expect(res.status).toBe(400);
  });

  it("delivers a button click on a message as block_actions", async () => {
    const physician = await seedPhysician(OLENA, "T0PLAYGROUND");
    const draft = await draftIn("ready", { physician });
    const { res } = await dev(
      "/dev/api/action",
      post({
        user: OLENA,
        action: { action_id: "draft_reject", value: draft.id },
        message: { channel: PLAYGROUND_CHANNEL, ts: "1700000000.000100" },
      }),
    );
    expect(res.status).toBe(200);
    expect((await getDraft(db(), draft.id))?.status).toBe("rejected");
  });

  it("submits a modal the Worker opened, with the view Slack stored, and shows its errors", async () => {
    await seedPhysician(OLENA, "T0PLAYGROUND");
    const opened = (await slackApi("views.open", {
      trigger_id: "1.2",
      view: {
        type: "modal",
        callback_id: "draft_generate_modal",
        title: { type: "plain_text", text: "New draft" },
        blocks: [],
      },
    })) as { view: { id: string } };
    const { res } = await dev(
      "/dev/api/submit",
      post({
        user: OLENA,
        viewId: opened.view.id,
        values: { topic: { topic: { type: "plain_text_input", value: "" } } },
      }),
    );
    const reply = (await res.json()) as { status: number; body: { response_action?: string } };
    expect(reply.status).toBe(200);
    expect(reply.body.response_action).toBe("errors");
  });

  it("opens App Home through the real app_home_opened event", async () => {
    const { res } = await dev("/dev/api/home", post({ user: OLENA }));
    const reply = (await res.json()) as { status: number; viewId: string };
    expect(reply.status).toBe(200);
    expect(reply.viewId).toBe("VHOMEU0OLENA");
  });

  it("runs the real scheduler on demand", async () => {
    const draft = await draftIn("scheduled");
    await env.DB.prepare("UPDATE drafts SET scheduled_at = ? WHERE id = ?")
      .bind(Date.now() - 1000, draft.id)
      .run();
    const { res, sent } = await dev("/dev/api/cron", post({}));
    expect(res.status).toBe(200);
    expect(sent.publish).toHaveLength(1);
  });
});

describe("the live feed", () => {
  it("pushes every recorded call to an open page", async () => {
    const { res } = await dev("/dev/feed", { headers: { upgrade: "websocket" } });
    expect(res.status).toBe(101);
    const socket = res.webSocket;
    if (!socket) throw new Error("no WebSocket");
    socket.accept();
    const events: { type: string; call?: { method: string } }[] = [];
    socket.addEventListener("message", (event) => {
      events.push(JSON.parse(String(event.data)));
    });
    await slackApi("chat.postMessage", { channel: PLAYGROUND_CHANNEL, text: "live" });
    await expect.poll(() => events.map((e) => e.call?.method)).toContain("chat.postMessage");
    socket.close();
  });
});

describe("the page", () => {
  it("is one document with its script and styles inline, allowed by a nonce, nothing external", async () => {
    for (const path of ["/dev/", "/dev"]) {
      const { res } = await dev(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([a-f0-9]+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      const html = await res.text();
      expect(html).toContain(`<script nonce="${nonce}">`);
      expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\//);
    }
  });
});
