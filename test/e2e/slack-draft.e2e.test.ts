/**
 * `/draft` end to end on a real `wrangler dev --local`: a signed slash command is
 * acknowledged, the generation job runs on the local queue (offline drafting: no LLM
 * keys), and the fake Slack receives the progress message and then the draft card.
 * Publish with no platform credentials (a fresh checkout) lands in the local outbox.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexKnowledgeBase } from "../../scripts/index_knowledge_base";
import { createFakesClient, type FakesClient, fakeBaseUrls, startFakeServer } from "../fakes";
import type { RecordedRequest } from "../fakes/types";
import { type DevServer, E2E_ADMIN_TOKEN, signedPost as signedDevPost, startDevServer } from "./dev-server";

let fakes: Awaited<ReturnType<typeof startFakeServer>>;
let client: FakesClient;
let dev: DevServer;

beforeAll(async () => {
  fakes = await startFakeServer();
  client = createFakesClient(fakes.url);
  dev = await startDevServer(Object.fromEntries(Object.entries(fakeBaseUrls(fakes.url))));
  const root = path.resolve(import.meta.dirname, "../../knowledge_base");
  await indexKnowledgeBase({ target: dev.url, token: E2E_ADMIN_TOKEN, prune: false, root, log: () => {} });
});

afterAll(async () => {
  await dev?.stop();
  await fakes?.close();
});

function signedPost(route: string, body: string): Promise<Response> {
  return signedDevPost(dev, route, body);
}

function fields(request: RecordedRequest | undefined): Record<string, string> {
  const body = request?.body;
  return body && typeof body === "object" ? (body as Record<string, string>) : {};
}

describe("/draft → card", () => {
  it("acknowledges at once, shows progress, then posts a card drafted from the knowledge base", async () => {
    const body = new URLSearchParams({
      command: "/draft",
      text: "caffeine and sleep | threads",
      team_id: "T_E2E",
      user_id: "U_E2E",
      user_name: "doc",
      channel_id: "C_E2E",
      response_url: `${fakes.url}/slack/response/e2e`,
      trigger_id: "trig-e2e-1",
    }).toString();
    const res = await signedPost("/slack/commands", body);
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { response_type: string; text: string };
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("caffeine and sleep");

    const [progress] = await client.waitForRequests("slack", "chat.postMessage", 1, 30_000);
    expect(fields(progress).channel).toBe("C_E2E");

    await expect
      .poll(
        async () => {
          const updates = await client.requests("slack", "chat.update");
          return (
            updates.map((u) => String(fields(u).blocks ?? "")).find((b) => b.includes("draft_publish")) ?? ""
          );
        },
        { timeout: 30_000, interval: 250 },
      )
      .toContain("draft_status");

    const updates = await client.requests("slack", "chat.update");
    const card =
      updates.map((u) => String(fields(u).blocks ?? "")).find((b) => b.includes("draft_publish")) ?? "";
    expect(card).toMatch(/caffeine/i);
    expect(card).toMatch(/\[\d\]/);
    expect(card).toMatch(/offline/i);
    expect(dev.output()).toMatch(/"event":"draft_generated"/);

    // Publish, with no platform credentials: the post goes to the local outbox.
    const draftId = /"action_id":"draft_publish".*?"value":"([^"]+)"/.exec(card)?.[1] ?? "";
    expect(draftId).not.toBe("");
    const click = new URLSearchParams({
      payload: JSON.stringify({
        type: "block_actions",
        user: { id: "U_E2E", team_id: "T_E2E" },
        team: { id: "T_E2E" },
        trigger_id: "trig-e2e-2",
        response_url: `${fakes.url}/slack/response/e2e`,
        container: { type: "message", message_ts: "1.1", channel_id: "C_E2E" },
        actions: [{ action_id: "draft_publish", block_id: "b", value: draftId, type: "button" }],
      }),
    }).toString();
    expect((await signedPost("/slack/interactions", click)).status).toBe(200);
    await expect
      .poll(
        async () => {
          const res = await fetch(`${dev.url}/admin/outbox`, {
            headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
          });
          const { posts } = (await res.json()) as { posts: { draftId: string; platform: string }[] };
          return posts.filter((p) => p.draftId === draftId).map((p) => p.platform);
        },
        { timeout: 30_000, interval: 250 },
      )
      .toContain("threads");
    expect(await client.requests("threads")).toEqual([]);
  });

  it("rejects an unsigned command with a bare 401", async () => {
    const res = await fetch(`${dev.url}/slack/commands`, { method: "POST", body: "command=%2Fdraft&text=x" });
    expect(res.status).toBe(401);
  });
});
