/**
 * The alert rules measured from Workers Analytics Engine (production history across every
 * isolate), through its SQL API. The queries come from `queries.ts`, so they read the
 * columns the writer writes.
 */
import { z } from "zod";
import type { AlertName, Measurement } from "./alerts";
import { ALERT_QUERIES } from "./queries";

/** The SQL API's JSON answer (`FORMAT JSON`, the default): numbers may arrive as strings. */
export const sqlAnswerSchema = z.object({
  data: z.array(z.record(z.string(), z.unknown())),
  rows: z.number().optional(),
});

export type SqlRunner = (sql: string) => Promise<Record<string, unknown>[]>;

const numberOrNull = (value: unknown): number | null => {
  if (value === null || value === undefined || value === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

export async function measureFromAnalytics(run: SqlRunner): Promise<Record<AlertName, Measurement>> {
  const names = Object.keys(ALERT_QUERIES) as AlertName[];
  const rows = await Promise.all(names.map((name) => run(ALERT_QUERIES[name])));
  const entries = names.map((name, i): [AlertName, Measurement] => {
    const row = rows[i]?.[0] ?? {};
    const samples = numberOrNull(row.samples) ?? 0;
    return [name, { value: samples > 0 ? numberOrNull(row.value) : null, samples }];
  });
  return Object.fromEntries(entries) as Record<AlertName, Measurement>;
}

export interface AnalyticsSqlOptions {
  accountId: string;
  apiToken: string;
  /** https://api.cloudflare.com/client/v4 unless pointed at a fake. */
  baseUrl: string;
  fetch?: typeof fetch;
}

/** A runner over the Analytics Engine SQL API; its errors never echo the token. */
export function analyticsSqlRunner(options: AnalyticsSqlOptions): SqlRunner {
  const doFetch = options.fetch ?? fetch;
  return async (sql) => {
    const url = `${options.baseUrl.replace(/\/$/, "")}/accounts/${encodeURIComponent(options.accountId)}/analytics_engine/sql`;
    const response = await doFetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${options.apiToken}`, "content-type": "text/plain" },
      body: sql,
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`Analytics Engine SQL API answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error("Analytics Engine SQL API answered something that is not JSON");
    }
    const parsed = sqlAnswerSchema.safeParse(json);
    if (!parsed.success) throw new Error("Analytics Engine SQL API answered an unexpected shape");
    return parsed.data.data;
  };
}
