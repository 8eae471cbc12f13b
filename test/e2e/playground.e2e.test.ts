/**
 * The playground loop on a real `wrangler dev --local`, with no Slack app, no keys and no
 * network: the Worker's Slack calls go to its own `/dev/slack-api/` sink over loopback (as
 * `npm start` sets it up), so a `/draft` sent from the playground API comes back as a
 * progress message and a card; Publish lands in the local outbox; App Home renders.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAYGROUND_BOT_TOKEN } from "../../scripts/lib/playground";
import { createFakesClient, fakeBaseUrls, startFakeServer } from "../fakes";
import { type DevServer, freePort, startDevServer } from "./dev-server";

const OLENA = "U0OLENA";

interface Call {
  method: string;
  args: Record<string, unknown>;
  answer: Record<string, unknown>;
}
interface State {
  calls: Call[];
  views: { id: string }[];
  outbox: { draftId: string; platform: string }[];
}

let fakes: Awaited<ReturnType<typeof startFakeServer>>;
let dev: DevServer;

beforeAll(async () => {
  // The fakes stand in for PubMed and the rest; Slack is the Worker's own sink.
  fakes = await startFakeServer();
  const port = await freePort();
  dev = await startDevServer(
    {
      ...fakeBaseUrls(fakes.url),
      SLACK_API_URL: `http://127.0.0.1:${port}/dev/slack-api`,
      SLACK_BOT_TOKEN: PLAYGROUND_BOT_TOKEN,
    },
    { port },
  );
});

afterAll(async () => {
  await dev?.stop();
  await fakes?.close();
});

async function api(route: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${dev.url}/dev/api/${route}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, route).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

const state = async () => (await api("state")) as unknown as State;

describe("the playground on wrangler dev", () => {
  it("drafts, shows the card, publishes to the outbox and renders App Home, all offline", async () => {
    const reply = await api("command", { user: OLENA, text: "/draft sleep hygiene | telegram" });
    expect(reply.status).toBe(200);

    let card: Call | undefined;
    await expect
      .poll(
        async () => {
          card = (await state()).calls.find(
            (c) =>
              c.method === "chat.update" && JSON.stringify(c.args.blocks ?? "").includes("draft_publish"),
          );
          return card !== undefined;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    const calls = (await state()).calls.map((c) => c.method);
    // First contact synced the physician's Slack profile; progress came before the card.
    expect(calls).toContain("users.info");
    expect(calls.indexOf("chat.postMessage")).toBeLessThan(calls.lastIndexOf("chat.update"));
    expect(card?.answer.ok).toBe(true);

    const draftId = /"action_id":"draft_publish".*?"value":"([^"]+)"/.exec(
      JSON.stringify(card?.args.blocks),
    )?.[1];
    expect(draftId).toBeTruthy();
    const published = await api("action", {
      user: OLENA,
      action: { action_id: "draft_publish", value: draftId },
      message: { channel: String(card?.args.channel), ts: String(card?.args.ts) },
    });
    expect(published.status).toBe(200);
    await expect
      .poll(async () => (await state()).outbox.filter((p) => p.draftId === draftId).map((p) => p.platform), {
        timeout: 30_000,
        interval: 500,
      })
      .toContain("telegram");

    const home = await api("home", { user: OLENA });
    await expect
      .poll(async () => (await state()).views.map((v) => v.id), { timeout: 10_000 })
      .toContain(home.viewId);
    // Nothing of it went anywhere but this machine.
    expect(await createFakesClient(fakes.url).requests("slack")).toEqual([]);
  });

  it("has no playground in the production configuration", () => {
    const toml = readFileSync(path.resolve(import.meta.dirname, "../../wrangler.toml"), "utf8");
    const start = toml.search(/^\[+env\.production/m);
    expect(start).toBeGreaterThan(0);
    expect(toml.slice(start)).not.toMatch(/PLAYGROUND|Playground/);
    expect(toml.slice(0, start)).toMatch(/name = "PLAYGROUND"/);
  });
});
