/**
 * npm run ops:alerts -- [--env production] [--json] [--url URL]
 *
 * Evaluates the seed runbook's four alerts and prints value, threshold and state.
 * - Locally (default): asks the running Worker (`npm start`), which measures its own D1
 *   (`GET /admin/alerts`, token from ADMIN_TOKEN or .dev.vars).
 * - `--env production`: Analytics Engine's SQL API with CLOUDFLARE_ACCOUNT_ID and
 *   CLOUDFLARE_API_TOKEN (Account Analytics: Read); CLOUDFLARE_API_BASE_URL points it
 *   elsewhere (a fake in tests).
 * Exits 0 when nothing fires, 1 when an alert fires, 2 when it could not measure.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { type AlertResult, evaluateAlerts } from "../src/observability/alerts";
import { analyticsSqlRunner, measureFromAnalytics } from "../src/observability/measure-analytics";
import { readDevVars } from "./lib/dev-vars";

const alertSchema = z.object({
  name: z.string(),
  title: z.string(),
  state: z.enum(["firing", "ok", "no_data"]),
  value: z.number().nullable(),
  threshold: z.number(),
  samples: z.number(),
  window: z.string(),
  summary: z.string(),
  playbook: z.string(),
});
const adminAnswer = z.object({ source: z.string(), alerts: z.array(alertSchema) });

export async function fromWorker(url: string, token: string): Promise<AlertResult[]> {
  const response = await fetch(`${url.replace(/\/$/, "")}/admin/alerts`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`${url}/admin/alerts answered HTTP ${response.status}`);
  return adminAnswer.parse(await response.json()).alerts as AlertResult[];
}

export async function fromAnalytics(env: NodeJS.ProcessEnv): Promise<AlertResult[]> {
  const missing = ["CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_API_TOKEN"].filter((name) => !env[name]);
  if (missing.length)
    throw new Error(`set ${missing.join(" and ")} (an API token with Account Analytics: Read)`);
  const run = analyticsSqlRunner({
    accountId: env.CLOUDFLARE_ACCOUNT_ID ?? "",
    apiToken: env.CLOUDFLARE_API_TOKEN ?? "",
    baseUrl: env.CLOUDFLARE_API_BASE_URL ?? "https://api.cloudflare.com/client/v4",
  });
  return evaluateAlerts(await measureFromAnalytics(run));
}

export function alertTable(alerts: AlertResult[]): string {
  const rows = alerts.map((a) => [a.title, a.state.toUpperCase(), a.summary, a.window, a.playbook]);
  const head = ["alert", "state", "value vs threshold", "window", "playbook"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { env: { type: "string" }, json: { type: "boolean" }, url: { type: "string" } },
  });
  const production = values.env === "production";
  let alerts: AlertResult[];
  try {
    if (production) alerts = await fromAnalytics(process.env);
    else {
      const token = process.env.ADMIN_TOKEN || readDevVars().ADMIN_TOKEN;
      if (!token) throw new Error("set ADMIN_TOKEN (or put it in .dev.vars)");
      const url = values.url ?? process.env.WORKER_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
      alerts = await fromWorker(url, token);
    }
  } catch (err) {
    console.error(`ops:alerts could not measure: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const source = production ? "Analytics Engine (production)" : "the local Worker's D1";
  console.log(
    values.json
      ? JSON.stringify({ source, alerts }, null, 2)
      : `Alerts from ${source}\n${alertTable(alerts)}`,
  );
  return alerts.some((a) => a.state === "firing") ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((code) => process.exit(code));
}
