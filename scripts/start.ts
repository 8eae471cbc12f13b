/**
 * npm start — the whole product on this machine, offline:
 *   1. applies D1 migrations to the local database (.wrangler/state),
 *   2. serves the Worker with `wrangler dev --local` on 127.0.0.1:${PORT:-8787}
 *      (local D1, Queues, Durable Objects; .dev.vars is read),
 *   3. fires the Worker's cron at the start of every minute, as Cloudflare would (the
 *      sweeper, scheduled posts and the recovery of a draft whose Worker died need it),
 *   4. indexes knowledge_base/ into the local stores once the Worker is healthy.
 * With no SLACK_BOT_TOKEN in .dev.vars it runs as the local playground: the Worker's Slack
 * calls go to its own `/dev/slack-api/` sink instead of slack.com (no keys, no network).
 * Delete .wrangler/state for a fresh start. Ctrl-C stops everything.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import path from "node:path";
import { startFakeServer } from "../test/fakes/index.js";
import { indexKnowledgeBase } from "./index_knowledge_base";
import { accountFakeSettings } from "./lib/account-fakes";
import { readDevVars } from "./lib/dev-vars";
import { startLocalCron } from "./lib/local-cron";
import { PLAYGROUND_BOT_TOKEN } from "./lib/playground";
import { applyLocalMigrations, ROOT, spawnWrangler, waitForHealthy } from "./lib/wrangler";

async function main(): Promise<void> {
  const port = process.env.PORT ?? "8787";
  const base = `http://127.0.0.1:${port}`;

  console.log("→ applying D1 migrations (local)…");
  await applyLocalMigrations();

  const adminToken = ensureLocalSecret("ADMIN_TOKEN", "for the local admin API");
  ensureLocalSecret("SLACK_SIGNING_SECRET", "for the playground's signed Slack requests");
  // Without a real Slack app, the Worker's Slack calls go to the playground's local sink.
  const playground = !(process.env.SLACK_BOT_TOKEN ?? readDevVars().SLACK_BOT_TOKEN);
  const playgroundVars = playground
    ? ["--var", `SLACK_API_URL:${base}/dev/slack-api`, "--var", `SLACK_BOT_TOKEN:${PLAYGROUND_BOT_TOKEN}`]
    : [];

  const accounts = await startAccountFakes();

  console.log(`→ starting wrangler dev on ${base}…`);
  const dev = spawnWrangler(
    [
      "dev",
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      port,
      "--test-scheduled",
      "--show-interactive-dev-session=false",
      ...playgroundVars,
      ...accounts.vars,
    ],
    { stdio: "inherit" },
  );
  const stop = () => {
    dev.kill("SIGINT");
    void accounts.close();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  dev.on("exit", (code) => process.exit(code ?? 0));

  await waitForHealthy(base, 90_000, dev);
  startLocalCron(base, { onError: (message) => console.error(message) });
  console.log("→ indexing knowledge_base/…");
  await indexKnowledgeBase({ target: base, token: adminToken, prune: true });
  if (accounts.fakesUrl) await registerFakeWebhook(base, adminToken);
  console.log(
    [
      "",
      `Serotonin Script is running on ${base}`,
      `Playground: ${base}/dev/`,
      `  health:     ${base}/health`,
      `  cron:       every minute (or now: ${base}/__scheduled?cron=*+*+*+*+*)`,
      playground
        ? `  Slack:      the local playground (no SLACK_BOT_TOKEN); what Slack received: ${base}/dev/api/state`
        : "  Slack:      the Slack app of SLACK_BOT_TOKEN (.dev.vars)",
      accounts.fakesUrl
        ? `  accounts:   X, Threads and the Telegram bot are local fakes (${accounts.fakesUrl}): App Home → Connect opens their consent pages`
        : "  accounts:   the X, Threads and Telegram apps of .dev.vars",
      "  state:      .wrangler/state (delete it for a fresh start)",
      "  Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}

/**
 * Without the X, Threads and Telegram apps in .dev.vars, "Connect" in App Home still works:
 * the loopback fakes serve the consent pages and the token endpoints, and a fake bot takes
 * the webhook (its control API delivers `my_chat_member` updates: see the runbook, §6.5).
 */
async function startAccountFakes(): Promise<{ vars: string[]; fakesUrl?: string; close(): Promise<void> }> {
  const vars = { ...readDevVars(), ...process.env };
  if (vars.X_CLIENT_ID || vars.THREADS_APP_ID || vars.TELEGRAM_BOT_TOKEN)
    return { vars: [], close: async () => {} };
  const server = await startFakeServer({ port: 0 });
  const settings = accountFakeSettings(
    server.url,
    ensureLocalSecret("TELEGRAM_WEBHOOK_SECRET", "for the fake Telegram bot's webhook"),
  );
  return {
    vars: Object.entries(settings).flatMap(([key, value]) => ["--var", `${key}:${value}`]),
    fakesUrl: server.url,
    close: () => server.close(),
  };
}

async function registerFakeWebhook(base: string, adminToken: string): Promise<void> {
  const res = await fetch(`${base}/admin/telegram/webhook`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}` },
  });
  if (!res.ok) console.warn(`→ the fake bot's webhook was not registered (HTTP ${res.status})`);
}

/**
 * Local secrets are never left empty: on first run a random value is written to .dev.vars
 * (git-ignored), which wrangler dev and the scripts both read. ADMIN_TOKEN opens the admin
 * API; SLACK_SIGNING_SECRET signs what the playground sends to the Slack routes.
 */
function ensureLocalSecret(
  name: "ADMIN_TOKEN" | "SLACK_SIGNING_SECRET" | "TELEGRAM_WEBHOOK_SECRET",
  purpose: string,
): string {
  const existing = process.env[name] ?? readDevVars()[name];
  if (existing) return existing;
  const value = randomBytes(24).toString("hex");
  appendFileSync(
    path.join(ROOT, ".dev.vars"),
    `\n# Generated by npm start ${purpose} (see .dev.vars.example).\n${name}=${value}\n`,
  );
  console.log(`→ wrote a local ${name} to .dev.vars`);
  return value;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
