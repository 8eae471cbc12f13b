/**
 * Runs the project's own wrangler with the current Node (npm scripts put Node 22 from the
 * `node` devDependency first on PATH; wrangler needs ≥ 22). Shared by start, e2e and tools.
 */
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(import.meta.dirname, "../..");
const WRANGLER_BIN = path.join(path.dirname(require.resolve("wrangler/package.json")), "bin", "wrangler.js");

export function spawnWrangler(args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [WRANGLER_BIN, ...args], {
    cwd: ROOT,
    ...options,
    // No network: never try to download the `Request.cf` placeholder.
    env: {
      CI: "true",
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      ...process.env,
      ...options.env,
    },
  });
}

/** Runs wrangler to completion; rejects with its output on a non-zero exit. */
export function runWrangler(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return run(args, env, false);
}

/** The same, resolving with stdout alone: what `--json` commands print there is the JSON. */
export function runWranglerStdout(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return run(args, env, true);
}

function run(args: string[], env: NodeJS.ProcessEnv, stdoutOnly: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnWrangler(args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stdout = "";
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
      stdout += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(stdoutOnly ? stdout : output)
        : reject(new Error(`wrangler ${args.join(" ")} exited ${code}:\n${output}`)),
    );
  });
}

/** Applies D1 migrations to the local database (optionally a separate state dir or config). */
export function applyLocalMigrations(persistTo?: string, config?: string): Promise<string> {
  const args = ["d1", "migrations", "apply", "DB", "--local"];
  if (persistTo) args.push("--persist-to", persistTo);
  if (config) args.push("--config", config);
  return runWrangler(args);
}

/** Polls GET /health until it answers 200 or the deadline passes. */
export async function waitForHealthy(
  baseUrl: string,
  timeoutMs = 60_000,
  child?: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`wrangler dev exited early (code ${child.exitCode})`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${baseUrl}/health did not become healthy in ${timeoutMs} ms (${last})`);
}
