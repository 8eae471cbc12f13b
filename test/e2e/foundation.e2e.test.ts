/**
 * The product as an operator runs it: `wrangler dev --local` serving the Worker, local
 * D1/Queues/Durable Objects, the cron trigger, and the index script — all over HTTP.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexKnowledgeBase } from "../../scripts/index_knowledge_base";
import { fakeBaseUrls, startFakeServer } from "../fakes";
import { type DevServer, E2E_ADMIN_TOKEN, startDevServer } from "./dev-server";

let fakes: Awaited<ReturnType<typeof startFakeServer>>;
let dev: DevServer;

beforeAll(async () => {
  fakes = await startFakeServer();
  dev = await startDevServer(Object.fromEntries(Object.entries(fakeBaseUrls(fakes.url))));
});

afterAll(async () => {
  await dev?.stop();
  await fakes?.close();
});

const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

describe("foundation end to end", () => {
  it("serves /health with every local backend ok", async () => {
    const res = await fetch(`${dev.url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      checks: Record<string, { status: string; backend?: string }>;
    };
    expect(body.status).toBe("ok");
    expect(body.checks.vectors?.backend).toBe("local");
  });

  it("indexes the shipped knowledge base, then writes nothing on a second run", async () => {
    const lines: string[] = [];
    const root = path.resolve(import.meta.dirname, "../../knowledge_base");
    const first = await indexKnowledgeBase({
      target: dev.url,
      token: E2E_ADMIN_TOKEN,
      prune: false,
      root,
      log: (l) => lines.push(l),
    });
    expect(first.failed).toBe(0);
    expect(first.added).toBeGreaterThanOrEqual(10);
    const second = await indexKnowledgeBase({
      target: dev.url,
      token: E2E_ADMIN_TOKEN,
      prune: true,
      root,
      log: () => {},
    });
    expect(second).toMatchObject({ added: 0, changed: 0, unchanged: first.added, removed: 0, failed: 0 });

    const stats = (await (await fetch(`${dev.url}/admin/stats`, { headers: admin })).json()) as {
      collections: { collection: string; chunks: number }[];
    };
    const style = stats.collections.find((c) => c.collection === "style");
    expect(style?.chunks).toBeGreaterThanOrEqual(40);
  });

  it("runs the cron trigger on demand and logs each task as JSON", async () => {
    const res = await fetch(`${dev.url}/__scheduled?cron=*+*+*+*+*`);
    expect(res.status).toBe(200);
    await expect
      .poll(() => dev.output(), { timeout: 10_000 })
      .toMatch(/"event":"cron_task".*"task":"prune_slack_dedup"/);
  });
});
