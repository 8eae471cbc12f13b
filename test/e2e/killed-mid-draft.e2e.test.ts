/**
 * A Worker killed mid-draft, for real: `wrangler dev --local` (as `npm start` runs it) is
 * SIGKILLed, workerd included, while the LLM request is in flight, then started again on the
 * same local state with the same per-minute cron `npm start` fires. The draft's lease runs
 * out, the cron re-queues it, and the card arrives within 90 s of the restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCron, startLocalCron } from "../../scripts/lib/local-cron";
import { createFakesClient, type FakesClient, fakeBaseUrls, startFakeServer } from "../fakes";
import type { RecordedRequest } from "../fakes/types";
import { type DevServer, signedPost, startDevServer } from "./dev-server";

const RECOVERY_BUDGET_MS = 90_000;

let fakes: Awaited<ReturnType<typeof startFakeServer>>;
let client: FakesClient;
let servers: DevServer[] = [];
let cron: LocalCron | undefined;

beforeAll(async () => {
  fakes = await startFakeServer();
  client = createFakesClient(fakes.url);
});

afterAll(async () => {
  cron?.stop();
  for (const server of servers.reverse()) await server.stop();
  await fakes?.close();
});

function blocksOf(request: RecordedRequest): string {
  const body = request.body;
  return body && typeof body === "object" ? String((body as Record<string, unknown>).blocks ?? "") : "";
}

describe("killing the server mid-draft", () => {
  it("gives the card within 90 s of the restart", { timeout: 300_000 }, async () => {
    const vars = { ...fakeBaseUrls(fakes.url), ANTHROPIC_API_KEY: "sk-ant-e2e-key" };
    const first = await startDevServer(vars);
    servers.push(first);
    // The LLM hangs: the kill comes while its request is in flight.
    await client.fail({ service: "anthropic", status: 200, delayMs: 600_000, times: -1 });

    const body = new URLSearchParams({
      command: "/draft",
      text: "caffeine and sleep | telegram",
      team_id: "T_E2E",
      user_id: "U_KILL",
      user_name: "doc",
      channel_id: "C_KILL",
      response_url: `${fakes.url}/slack/response/kill`,
      trigger_id: "trig-kill-1",
    }).toString();
    const res = await signedPost(first, "/slack/commands", body);
    expect(res.status).toBe(200);
    await client.waitForRequests("slack", "chat.postMessage", 1, 30_000);
    await client.waitForRequests("anthropic", "/v1/messages", 1, 30_000);

    await first.kill();
    // The LLM answers again; the old server's state is all that is left.
    await client.reset();
    const second = await startDevServer(vars, { state: first.state, port: first.port });
    servers = [second];
    const restarted = Date.now();
    cron = startLocalCron(second.url);

    let card = "";
    await expect
      .poll(
        async () => {
          const updates = await client.requests("slack", "chat.update");
          card = updates.map(blocksOf).find((b) => /draft_publish|draft_retry/.test(b)) ?? "";
          return card !== "";
        },
        { timeout: RECOVERY_BUDGET_MS, interval: 500 },
      )
      .toBe(true);
    const seconds = (Date.now() - restarted) / 1000;
    console.info(`killed mid-draft: card ${seconds.toFixed(1)} s after the restart`);
    expect(card).toContain("draft_publish");
    expect(second.output()).toMatch(/"event":"draft_generated"/);
  });
});
