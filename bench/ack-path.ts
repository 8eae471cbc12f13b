/**
 * Measurement 1 — the ack path: signed `/draft` commands, each from a new physician, at 1
 * and 10 connections, against the product and the two reference Workers, one server at a
 * time. The product runs from a copy of its local config without queue consumers, so no
 * generation competes with the measurement (jobs wait in the local queue, unconsumed).
 * Also the product's de-dup path (Slack re-sending an acked request) and its rate-limited
 * path (one physician over DRAFTS_PER_MINUTE).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../scripts/lib/wrangler";
import { signSlackRequest } from "../src/slack/verify";
import { type DevServer, E2E_SIGNING_SECRET, startDevServer } from "../test/e2e/dev-server";
import { fakeBaseUrls } from "../test/fakes";
import { type LoadRequest, type LoadResult, runLoad } from "./load";
import { localD1 } from "./local-d1";

export interface AckTarget {
  name: "bare" | "minimal_durable" | "product";
  one: LoadResult;
  ten: LoadResult;
}

export interface AckPathResult {
  targets: AckTarget[];
  /**
   * The everyday path: each /draft from one of `knownPhysicians` already on file (their
   * first contact was in the warm-up), never over the limit. `refused` counts orders the
   * limiter turned away (it should be 0: else the row measures refusals).
   */
  known: LoadResult & { physicians: number; refused: number };
  dedup: LoadResult;
  rateLimited: LoadResult & { limitPerMinute: number; allowed: number };
  /** New physicians (the goal's measure), and known ones (the everyday path). */
  ratios: {
    p99VsDurable: number;
    throughputVsDurable: number;
    knownP99VsDurable: number;
    knownThroughputVsDurable: number;
  };
  consumers: string;
}

const TEAM = "T_BENCH";
/** The product's per-physician limit, set explicitly for the rate-limited path. */
const DRAFTS_PER_MINUTE = 10;

/** The product's local config minus queue consumers and cron (they would compete for CPU). */
export function productConfigWithoutConsumers(): string {
  const source = readFileSync(path.join(ROOT, "wrangler.toml"), "utf8");
  const local = source.slice(0, source.search(/^\[env\.production\]$/m));
  const blocks = local.split(/\n(?=\[)/);
  const kept = blocks.filter((b) => !/^\[\[queues\.consumers\]\]|^\[triggers\]/.test(b.trim()));
  const text = kept
    .join("\n")
    .replace(/^main = "src\/index.ts"$/m, `main = "${path.join(ROOT, "src/index.ts")}"`)
    .replace(/^migrations_dir = "migrations"$/m, `migrations_dir = "${path.join(ROOT, "migrations")}"`);
  const dir = path.join(ROOT, ".wrangler", "bench");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "wrangler.product.toml");
  writeFileSync(file, text);
  return file;
}

async function signed(
  route: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<LoadRequest> {
  const ts = String(Math.floor(Date.now() / 1000));
  return {
    path: route,
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      "x-slack-request-timestamp": ts,
      "x-slack-signature": await signSlackRequest(E2E_SIGNING_SECRET, ts, body),
      ...headers,
    },
  };
}

function draftCommand(user: string, i: number, fakes: string): string {
  return new URLSearchParams({
    command: "/draft",
    text: `Sleep hygiene for shift workers ${i}`,
    team_id: TEAM,
    user_id: user,
    user_name: user.toLowerCase(),
    channel_id: "C_BENCH",
    response_url: `${fakes}/slack/response/bench-${i}`,
    trigger_id: `bench-trigger-${i}-${Math.random().toString(36).slice(2)}`,
  }).toString();
}

async function measure(server: DevServer, durationMs: number, run: string, fakes: string) {
  const next = (i: number) => signed("/slack/commands", draftCommand(`U${run}${i}`, i, fakes));
  // Warm-up: compile paths, open D1, create the first Durable Objects.
  await runLoad({ url: server.url, connections: 2, durationMs: Math.min(1500, durationMs), next });
  const one = await runLoad({ url: server.url, connections: 1, durationMs, next: (i) => next(i + 1e6) });
  const ten = await runLoad({ url: server.url, connections: 10, durationMs, next: (i) => next(i + 2e6) });
  return { one, ten };
}

export async function measureAckPath(options: {
  durationMs: number;
  fakesUrl: string;
  /** Enough that none of them reaches DRAFTS_PER_MINUTE within one row's duration. */
  knownPhysicians: number;
}): Promise<AckPathResult> {
  const knownCount = options.knownPhysicians;
  const vars = {
    ...fakeBaseUrls(options.fakesUrl),
    ALLOWED_SLACK_TEAMS: TEAM,
    DRAFTS_PER_MINUTE: String(DRAFTS_PER_MINUTE),
  };
  const targets: AckTarget[] = [];
  const productConfig = productConfigWithoutConsumers();
  const servers: [AckTarget["name"], () => Promise<DevServer>][] = [
    [
      "bare",
      () =>
        startDevServer(vars, {
          config: path.join(ROOT, "bench/reference/wrangler.bare.toml"),
          noMigrations: true,
        }),
    ],
    [
      "minimal_durable",
      () => startDevServer(vars, { config: path.join(ROOT, "bench/reference/wrangler.durable.toml") }),
    ],
    ["product", () => startDevServer(vars, { config: productConfig })],
  ];
  let known: AckPathResult["known"] | undefined;
  let dedup: LoadResult | undefined;
  let rateLimited: AckPathResult["rateLimited"] | undefined;
  for (const [name, start] of servers) {
    const server = await start();
    try {
      targets.push({ name, ...(await measure(server, options.durationMs, name, options.fakesUrl)) });
      if (name === "product") {
        // Known physicians: first contact for each, then the measured run over the same ones.
        const knownUser = (i: number) => `U_KNOWN${i % knownCount}`;
        await runLoad({
          url: server.url,
          connections: 10,
          durationMs: 60_000,
          stopAfter: knownCount,
          next: (i) => signed("/slack/commands", draftCommand(knownUser(i), 3e6 + i, options.fakesUrl)),
        });
        const everyday = await runLoad({
          url: server.url,
          connections: 10,
          durationMs: options.durationMs,
          next: (i) => signed("/slack/commands", draftCommand(knownUser(i), 4e6 + i, options.fakesUrl)),
        });
        const drafted = await countDrafts(server, productConfig, "U_KNOWN%");
        known = {
          ...everyday,
          physicians: knownCount,
          // Orders answered but not drafted (failed requests are `errors`, not refusals).
          refused: knownCount + everyday.requests - everyday.errors - drafted,
        };
        // De-dup: Slack re-sends a request it already got an answer for.
        const original = await signed("/slack/commands", draftCommand("U_DEDUP", 0, options.fakesUrl));
        await runLoad({ url: server.url, connections: 1, durationMs: 1, next: () => original });
        const retry = {
          ...original,
          headers: { ...original.headers, "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
        };
        dedup = await runLoad({
          url: server.url,
          connections: 10,
          durationMs: options.durationMs,
          next: () => retry,
        });
        // Rate limited: one physician, many different orders.
        // Within one minute's window (runs of --duration-ms over 60 s span several).
        const limitPerMinute = DRAFTS_PER_MINUTE;
        const result = await runLoad({
          url: server.url,
          connections: 10,
          durationMs: options.durationMs,
          next: (i) => signed("/slack/commands", draftCommand("U_LIMITED", 5e6 + i, options.fakesUrl)),
        });
        const allowed = await countDrafts(server, productConfig, "U_LIMITED");
        rateLimited = { ...result, limitPerMinute, allowed };
      }
    } finally {
      await server.stop();
    }
  }
  const durable = targets.find((t) => t.name === "minimal_durable");
  const product = targets.find((t) => t.name === "product");
  const ratio = (a = 0, b = 0) => (b > 0 ? Number((a / b).toFixed(2)) : 0);
  return {
    targets,
    known: known as AckPathResult["known"],
    dedup: dedup as LoadResult,
    rateLimited: rateLimited as AckPathResult["rateLimited"],
    ratios: {
      p99VsDurable: ratio(product?.ten.p99Ms, durable?.ten.p99Ms),
      throughputVsDurable: ratio(product?.ten.rps, durable?.ten.rps),
      knownP99VsDurable: ratio(known?.p99Ms, durable?.ten.p99Ms),
      knownThroughputVsDurable: ratio(known?.rps, durable?.ten.rps),
    },
    consumers:
      "the product runs from a copy of its local config without [[queues.consumers]] and cron: jobs are queued, never consumed, during the measurement",
  };
}

/** Drafts the physicians matching `user` (a LIKE pattern) got; the rest were refused. From D1. */
async function countDrafts(server: DevServer, config: string, user: string): Promise<number> {
  const out = await localD1(
    server,
    `SELECT count(*) AS n FROM drafts d JOIN physicians p ON p.id = d.physician_id WHERE p.slack_user_id LIKE '${user}'`,
    config,
  );
  return Number(/"n":\s*(\d+)/.exec(out)?.[1] ?? Number.NaN);
}
