/**
 * `npm run provision` and `npm run deploy` against a fake Cloudflare (a wrangler runner
 * that keeps state like the real account would), and both dry runs as an operator runs
 * them: offline, through the real CLI.
 */
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { deploy } from "../../scripts/deploy";
import { placeholders, readProductionConfig } from "../../scripts/lib/wrangler-config";
import { provision } from "../../scripts/provision";

const ROOT = path.resolve(import.meta.dirname, "../..");
const exec = promisify(execFile);

const COMPLETE = [
  "SLACK_SIGNING_SECRET=signing-secret-value",
  "SLACK_BOT_TOKEN=xoxb-secret-value",
  "ADMIN_TOKEN=admin-secret-value",
  "ALLOWED_SLACK_TEAMS=T123",
  "ANTHROPIC_API_KEY=sk-ant-secret-value",
  "NCBI_EMAIL=ops@clinic.example",
  "TELEGRAM_BOT_TOKEN=",
].join("\n");

/** A Cloudflare account as wrangler would see it, driven by the commands provision runs. */
function fakeCloudflare(initial: { vectorDims?: number; vectorizeGetError?: string } = {}) {
  const d1: { name: string; uuid: string }[] = [];
  const queues = new Set<string>();
  const indexes = new Map<string, { dimensions: number; metric: string }>();
  if (initial.vectorDims)
    indexes.set("serotonin-chunks", { dimensions: initial.vectorDims, metric: "cosine" });
  const calls: string[][] = [];
  const uploaded: Record<string, string>[] = [];
  const secretFiles: string[] = [];
  const run = async (args: string[]): Promise<string> => {
    calls.push(args);
    const [a, b, c] = args;
    if (a === "d1" && b === "list") return JSON.stringify(d1);
    if (a === "d1" && b === "create") {
      d1.push({ name: c ?? "", uuid: "6f1c2b9e-4c1d-4a55-9a0e-2f4b8c7d1e30" });
      return "created";
    }
    if (a === "d1" && b === "migrations") return "migrations applied";
    if (a === "queues" && b === "create") {
      if (queues.has(c ?? ""))
        throw new Error(`wrangler queues create ${c} exited 1: Queue name already taken [code: 11009]`);
      queues.add(c ?? "");
      return "created";
    }
    if (a === "vectorize" && b === "get" && initial.vectorizeGetError)
      throw new Error(initial.vectorizeGetError);
    if (a === "vectorize" && b === "get") {
      const index = indexes.get(c ?? "");
      if (!index) throw new Error("index not found [code: 3000]");
      return JSON.stringify({ name: c, config: index });
    }
    if (a === "vectorize" && b === "create") {
      const dims = Number(args.find((x) => x.startsWith("--dimensions="))?.split("=")[1]);
      indexes.set(c ?? "", { dimensions: dims, metric: "cosine" });
      return "created";
    }
    if (a === "secret" && b === "bulk") {
      secretFiles.push(c ?? "");
      uploaded.push(JSON.parse(readFileSync(c ?? "", "utf8")));
      return "uploaded";
    }
    if (a === "deploy") return "deployed";
    throw new Error(`unexpected wrangler ${args.join(" ")}`);
  };
  return { run, calls, queues, indexes, uploaded, secretFiles };
}

let dir: string;
let config: string;
let secrets: string;
const said: string[] = [];
const say = (line: string) => said.push(line);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "provision-"));
  config = path.join(dir, "wrangler.toml");
  copyFileSync(path.join(ROOT, "wrangler.toml"), config);
  cpSync(path.join(ROOT, "migrations"), path.join(dir, "migrations"), { recursive: true });
  secrets = path.join(dir, ".secrets.production");
  writeFileSync(secrets, COMPLETE);
  said.length = 0;
});

describe("npm run provision", () => {
  it("creates every resource, writes the ids and the domain, migrates, uploads the secrets; a second run finds them", async () => {
    const cf = fakeCloudflare();
    const report = await provision(
      { configPath: config, secretsFile: secrets, domain: "serotonin.clinic.example", dryRun: false },
      cf.run,
      say,
    );
    expect(report.problems).toEqual([]);
    expect([...cf.queues].sort()).toEqual([
      "serotonin-dlq",
      "serotonin-generate",
      "serotonin-index",
      "serotonin-publish",
    ]);
    expect(cf.indexes.get("serotonin-chunks")).toEqual({ dimensions: 1024, metric: "cosine" });
    const prod = readProductionConfig(config);
    expect(prod.d1_databases[0]?.database_id).toBe("6f1c2b9e-4c1d-4a55-9a0e-2f4b8c7d1e30");
    expect(prod.routes).toEqual([{ pattern: "serotonin.clinic.example", custom_domain: true }]);
    expect(placeholders(config)).toEqual([]);
    // Comments survive the edit.
    expect(readFileSync(config, "utf8")).toContain("# Workers Logs:");
    // Migrations before secrets; empty values are not uploaded; the temporary file is gone.
    const order = cf.calls.map((c) => c.slice(0, 2).join(" "));
    expect(order.indexOf("d1 migrations")).toBeLessThan(order.indexOf("secret bulk"));
    expect(Object.keys(cf.uploaded[0] ?? {}).sort()).toEqual([
      "ADMIN_TOKEN",
      "ALLOWED_SLACK_TEAMS",
      "ANTHROPIC_API_KEY",
      "NCBI_EMAIL",
      "SLACK_BOT_TOKEN",
      "SLACK_SIGNING_SECRET",
    ]);
    expect(existsSync(cf.secretFiles[0] ?? "")).toBe(false);
    expect(said.join("\n")).not.toMatch(/secret-value/);

    const creates = () => cf.calls.filter((c) => c[1] === "create").length;
    const before = creates();
    await provision({ configPath: config, dryRun: false }, cf.run, say);
    expect(creates()).toBe(before + 4); // the queues' create is their "find": each answers "already taken"
    expect(said.filter((l) => l.includes("exists")).length).toBeGreaterThanOrEqual(6);
  });

  it("names every missing production setting and touches nothing", async () => {
    writeFileSync(
      secrets,
      "SLACK_SIGNING_SECRET=s\nADMIN_TOKEN=a\nTELEGRAM_CHAT_ID=@clinic\nSLAK_BOT_TOKEN=typo",
    );
    const cf = fakeCloudflare();
    const report = await provision({ configPath: config, secretsFile: secrets, dryRun: false }, cf.run, say);
    expect(report.problems.join("\n")).toContain("SLACK_BOT_TOKEN: required in production");
    expect(report.problems.join("\n")).toContain("ALLOWED_SLACK_TEAMS: required in production");
    expect(report.problems.join("\n")).toContain("TELEGRAM_CHAT_ID: needs TELEGRAM_BOT_TOKEN");
    expect(report.warnings.join("\n")).toContain("SLAK_BOT_TOKEN");
    expect(report.warnings.join("\n")).toContain("NCBI_EMAIL is empty");
    expect(cf.calls).toEqual([]);
  });

  it("refuses a Vectorize index made with other dimensions, and says how to fix it", async () => {
    const cf = fakeCloudflare({ vectorDims: 768 });
    await expect(provision({ configPath: config, dryRun: false }, cf.run, say)).rejects.toThrow(
      /768 dimensions.*needs 1024, cosine.*vectorize delete serotonin-chunks/s,
    );
  });

  it("stops on an error that is not 'no such index' instead of trying to create the index", async () => {
    const cf = fakeCloudflare({ vectorizeGetError: "Authentication error [code: 10000]" });
    await expect(provision({ configPath: config, dryRun: false }, cf.run, say)).rejects.toThrow(
      /Authentication error/,
    );
    expect(cf.calls.some((c) => c[0] === "vectorize" && c[1] === "create")).toBe(false);
  });

  it("dry run from the command line: offline, every step printed, the secrets checked", async () => {
    const ok = await exec(
      "npx",
      ["tsx", "scripts/provision.ts", "--env", "production", "--dry-run", "--secrets-file", secrets],
      {
        cwd: ROOT,
      },
    );
    expect(ok.stdout).toContain("[dry run] D1 serotonin: find");
    expect(ok.stdout).toContain("[dry run] queue serotonin-dlq: create unless it exists");
    expect(ok.stdout).toContain("[dry run] Vectorize serotonin-chunks: create with 1024 dimensions, cosine");
    expect(ok.stdout).toContain("[dry run] secrets: would upload ADMIN_TOKEN, ALLOWED_SLACK_TEAMS");
    expect(ok.stdout).toContain("Dry run complete: nothing was changed.");
    expect(ok.stdout + ok.stderr).not.toContain("secret-value");

    // Without --env (production is the default) and without a secrets file, still offline.
    const bare = await exec("npx", ["tsx", "scripts/provision.ts", "--dry-run"], { cwd: ROOT });
    expect(bare.stdout).toContain("Dry run complete: nothing was changed.");
    expect(bare.stderr).toContain("no --secrets-file");

    writeFileSync(secrets, "SLACK_SIGNING_SECRET=s");
    const bad = await exec(
      "npx",
      ["tsx", "scripts/provision.ts", "--env", "production", "--dry-run", "--secrets-file", secrets],
      {
        cwd: ROOT,
      },
    ).catch((err: { code: number; stderr: string }) => err);
    expect("code" in bad && bad.code).toBe(1);
    expect(bad.stderr).toContain("SLACK_BOT_TOKEN: required in production");
  });
});

describe("npm run deploy", () => {
  it("refuses a config with the template's placeholders, naming them", async () => {
    const cf = fakeCloudflare();
    await expect(deploy({ configPath: config, dryRun: false }, cf.run, say)).rejects.toThrow(
      /database_id is "REPLACE_WITH_D1_DATABASE_ID"[\s\S]*serotonin\.example\.org/,
    );
    expect(cf.calls).toEqual([]);
  });

  it("applies the remote migrations before deploying", async () => {
    const cf = fakeCloudflare();
    await provision({ configPath: config, domain: "serotonin.clinic.example", dryRun: false }, cf.run, say);
    cf.calls.length = 0;
    const report = await deploy({ configPath: config, dryRun: false }, cf.run, say);
    expect(report.commands).toEqual([
      ["d1", "migrations", "apply", "DB", "--remote", "--env", "production"],
      ["deploy", "--env", "production"],
    ]);
  });

  it("dry run from the command line: bundles the production Worker offline and names what is left to set", async () => {
    const { stdout } = await exec("npx", ["tsx", "scripts/deploy.ts", "--dry-run"], { cwd: ROOT });
    expect(stdout).toContain("warning: D1 serotonin: database_id");
    expect(stdout).toMatch(/would apply pending D1 migrations among \d+: 0000_init\.sql/);
    expect(stdout).toMatch(/bundled the production Worker \(\d+ KiB of JavaScript\); nothing uploaded/);
  });
});
