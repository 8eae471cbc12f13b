/**
 * The product as an operator runs it: `wrangler dev --local` serving the Worker, local
 * D1/Queues/Durable Objects, the cron trigger, and the index script — all over HTTP.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupD1 } from "../../scripts/backup_d1";
import { indexKnowledgeBase } from "../../scripts/index_knowledge_base";
import { runWrangler } from "../../scripts/lib/wrangler";
import { hasTables, restoreD1 } from "../../scripts/restore_d1";
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
  it("serves /health with every local backend ok (details for the admin token only)", async () => {
    const bare = await fetch(`${dev.url}/health`);
    expect(await bare.json()).toEqual({ status: "ok" });
    const res = await fetch(`${dev.url}/health`, { headers: admin });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      checks: Record<string, { status: string; backend?: string }>;
    };
    expect(body.status).toBe("ok");
    expect(body.checks.vectors?.backend).toBe("local");
  });

  it("npm run ops:alerts prints the four alerts measured from the local Worker's D1", async () => {
    const run = promisify(execFile);
    const { stdout } = await run("npx", ["tsx", "scripts/ops_alerts.ts", "--url", dev.url], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, ADMIN_TOKEN: E2E_ADMIN_TOKEN },
    });
    expect(stdout).toContain("Alerts from the local Worker's D1");
    for (const title of ["Job failure rate", "Queue backlog", "Generation p95", "LLM error rate"]) {
      expect(stdout).toContain(title);
    }
    expect(stdout).not.toContain("FIRING");
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
    expect(first.skipped).toBe(0); // the PDF is indexed too
    expect(first.added).toBeGreaterThanOrEqual(18);
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

  it("prunes documents whose files are gone, and only those", async () => {
    const copy = await mkdtemp(path.join(tmpdir(), "kb-"));
    await cp(path.resolve(import.meta.dirname, "../../knowledge_base"), copy, { recursive: true });
    await indexKnowledgeBase({
      target: dev.url,
      token: E2E_ADMIN_TOKEN,
      prune: false,
      root: copy,
      log: () => {},
    });
    await rm(path.join(copy, "medical_guidelines", "alcohol-and-sleep.txt"));
    // A document that did not come from a file (a Slack upload) is never pruned.
    const upload = await fetch(`${dev.url}/admin/documents`, {
      method: "POST",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify({
        collection: "guidelines",
        namespace: "global",
        source: "slack:F123",
        title: "Upload",
        text: "Uploaded guidance text.",
      }),
    });
    expect(upload.status).toBe(200);
    const lines: string[] = [];
    const summary = await indexKnowledgeBase({
      target: dev.url,
      token: E2E_ADMIN_TOKEN,
      prune: true,
      root: copy,
      log: (l) => lines.push(l),
    });
    expect(summary).toMatchObject({ removed: 1, added: 0, changed: 0, failed: 0 });
    expect(lines.join("\n")).toContain("removed medical_guidelines/alcohol-and-sleep.txt");
    await rm(copy, { recursive: true, force: true });
  });

  it("links a Slack user to the sample physician's posts", async () => {
    const root = path.resolve(import.meta.dirname, "../../knowledge_base");
    const lines: string[] = [];
    await indexKnowledgeBase({
      target: dev.url,
      token: E2E_ADMIN_TOKEN,
      prune: false,
      root,
      linkSlack: "T_KB:U_KB",
      log: (l) => lines.push(l),
    });
    expect(lines.join("\n")).toMatch(/Linked Slack user U_KB/);
  });

  it("backs up D1 and restores it into an empty database", async () => {
    const root = path.resolve(import.meta.dirname, "../../knowledge_base");
    await indexKnowledgeBase({ target: dev.url, token: E2E_ADMIN_TOKEN, prune: false, root, log: () => {} });
    const dir = await mkdtemp(path.join(tmpdir(), "backup-"));
    const file = await backupD1({
      remote: false,
      output: path.join(dir, "backup.sql"),
      persistTo: dev.state,
    });
    expect(await readFile(file, "utf8")).toMatch(/INSERT INTO .?knowledge_chunks/);
    const fresh = path.join(dir, "fresh-state");
    expect(await hasTables({ file, remote: false, persistTo: fresh })).toBe(false);
    await restoreD1({ file, remote: false, persistTo: fresh });
    expect(await hasTables({ file, remote: false, persistTo: fresh })).toBe(true);
    // Data, indexes and the FTS index came back.
    const count = async (sql: string) => {
      const out = await runWrangler([
        "d1",
        "execute",
        "DB",
        "--local",
        "--persist-to",
        fresh,
        "--json",
        "--command",
        sql,
      ]);
      return Number(/"n":\s*(\d+)/.exec(out)?.[1] ?? -1);
    };
    expect(await count("SELECT count(*) AS n FROM knowledge_chunks")).toBeGreaterThan(40);
    expect(
      await count(
        "SELECT count(*) AS n FROM knowledge_chunks_fts WHERE knowledge_chunks_fts MATCH 'insomnia'",
      ),
    ).toBeGreaterThan(0);
    expect(
      await count(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'drafts_status_updated'",
      ),
    ).toBe(1);
    // Restoring over a database that has data is refused.
    await expect(restoreD1({ file, remote: false, persistTo: fresh })).rejects.toThrow(/not empty/);
    await rm(dir, { recursive: true, force: true });
  });

  it("runs the cron trigger on demand and logs each task as JSON", async () => {
    const res = await fetch(`${dev.url}/__scheduled?cron=*+*+*+*+*`);
    expect(res.status).toBe(200);
    await expect
      .poll(() => dev.output(), { timeout: 10_000 })
      .toMatch(/"event":"cron_task".*"task":"prune_slack_dedup"/);
  });
});
