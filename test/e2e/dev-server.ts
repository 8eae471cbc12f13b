/**
 * End-to-end runner: a real `wrangler dev --local` on a free loopback port, with its own
 * state directory (migrations applied) and every outbound base URL pointed at the fakes.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyLocalMigrations, spawnWrangler, waitForHealthy } from "../../scripts/lib/wrangler";
import { signSlackRequest } from "../../src/slack/verify";

export interface DevServer {
  url: string;
  /** The local state directory (D1, queues, Durable Objects) of this server. */
  state: string;
  port: number;
  /** Everything wrangler dev printed (JSON log lines included). */
  output(): string;
  /** Stops the server and deletes its state. */
  stop(): Promise<void>;
  /** SIGKILL to wrangler and workerd at once (a crash): the state stays for a restart. */
  kill(): Promise<void>;
}

export interface DevServerOptions {
  /** Restart on an existing state directory and port (after `kill()`). */
  state?: string;
  port?: number;
  /** Another wrangler config (the benchmark's reference Workers); D1 migrations only if it has D1. */
  config?: string;
  /** Serve with no D1 migrations to apply. */
  noMigrations?: boolean;
}

export const E2E_ADMIN_TOKEN = "e2e-admin-token";
export const E2E_SIGNING_SECRET = "e2e-signing-secret";

/** A form body POSTed to a Slack route of `server`, signed now with the e2e secret. */
export async function signedPost(server: DevServer, route: string, body: string): Promise<Response> {
  const ts = String(Math.floor(Date.now() / 1000));
  return fetch(`${server.url}${route}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": ts,
      "x-slack-signature": await signSlackRequest(E2E_SIGNING_SECRET, ts, body),
    },
    body,
  });
}

export async function startDevServer(
  vars: Record<string, string>,
  options: DevServerOptions = {},
): Promise<DevServer> {
  const state = options.state ?? (await mkdtemp(path.join(tmpdir(), "serotonin-e2e-")));
  if (!options.noMigrations) await applyLocalMigrations(state, options.config);
  const port = options.port ?? (await freePort());
  const allVars = {
    ADMIN_TOKEN: E2E_ADMIN_TOKEN,
    SLACK_SIGNING_SECRET: E2E_SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-e2e-token",
    RETRY_BASE_DELAY_S: "1",
    ...vars,
  };
  const args = ["dev", "--local", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state];
  if (options.config) args.push("--config", options.config);
  args.push(
    "--test-scheduled",
    "--show-interactive-dev-session=false",
    "--inspector-port",
    String(await freePort()),
  );
  for (const [key, value] of Object.entries(allVars)) args.push("--var", `${key}:${value}`);

  // Its own process group, so a crash can take workerd down with wrangler.
  const child: ChildProcess = spawnWrangler(args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const kill = async () => {
    signalGroup("SIGKILL");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      signalGroup("SIGKILL");
    }
    await rm(state, { recursive: true, force: true });
  };
  try {
    await waitForHealthy(url, 90_000, child);
  } catch (err) {
    await stop();
    throw new Error(
      `${err instanceof Error ? err.message : String(err)}\n--- wrangler output ---\n${output.slice(-4000)}`,
    );
  }
  return { url, state, port, output: () => output, stop, kill };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
