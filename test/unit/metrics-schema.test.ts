/**
 * One schema for the writer and the queries: every column a named query or alert query
 * reads belongs to the event it filters on, and the writer puts each field where
 * `column()` says it is.
 */
import { describe, expect, it } from "vitest";
import { ALERT_RULES, evaluateAlerts, percentile } from "../../src/observability/alerts";
import { analyticsSqlRunner, measureFromAnalytics } from "../../src/observability/measure-analytics";
import {
  column,
  createMetrics,
  type DataPoint,
  dataPoint,
  METRIC_EVENTS,
  type MetricEvent,
} from "../../src/observability/metrics";
import { ALERT_QUERIES, QUERIES } from "../../src/observability/queries";

const allQueries: [string, string][] = [
  ...Object.entries(QUERIES).map(([name, q]): [string, string] => [name, q.sql]),
  ...Object.entries(ALERT_QUERIES),
];

describe("the Analytics Engine schema", () => {
  it.each(allQueries)("query %s reads only columns its event writes", (_name, sql) => {
    const event = /blob1 = '([a-z_]+)'/.exec(sql)?.[1] as MetricEvent | undefined;
    expect(event && event in METRIC_EVENTS).toBe(true);
    const spec = METRIC_EVENTS[event as MetricEvent];
    for (const [, kind, n] of sql.matchAll(/\b(blob|double)(\d+)\b/g)) {
      const limit = kind === "blob" ? 4 + spec.blobs.length : spec.doubles.length;
      expect(Number(n), `${kind}${n} in a ${event} query`).toBeLessThanOrEqual(limit);
    }
    expect(sql).toContain("serotonin_events");
  });

  it("writes every field where column() says it is, with the physician as index", () => {
    for (const event of Object.keys(METRIC_EVENTS) as MetricEvent[]) {
      const spec = METRIC_EVENTS[event];
      const fields: Record<string, string | number> = {};
      spec.blobs.forEach((name, i) => {
        fields[name] = `b${i}`;
      });
      spec.doubles.forEach((name, i) => {
        fields[name] = i + 0.5;
      });
      const point = dataPoint(event, { team: "T1", physician: "p1", draft: "d1" }, fields as never);
      expect(point.indexes).toEqual(["p1"]);
      expect(point.blobs.slice(0, 4)).toEqual([event, "T1", "p1", "d1"]);
      for (const [name, value] of Object.entries(fields)) {
        const col = column(event, name as never);
        const n = Number(col.replace(/\D/g, "")) - 1;
        expect(col.startsWith("blob") ? point.blobs[n] : point.doubles[n]).toBe(value);
      }
      expect(point.blobs.length).toBeLessThanOrEqual(20);
      expect(point.doubles.length).toBeLessThanOrEqual(20);
    }
  });

  it("keeps within Analytics Engine's limits and never throws into the product", () => {
    const points: DataPoint[] = [];
    const long = "x".repeat(500);
    createMetrics({ writeDataPoint: (p) => points.push(p) }, { physician: long })
      .with({ draft: "d" })
      .write("stage", { stage: long, outcome: "ok", platform: "x", ms: Number.NaN });
    expect(points[0]?.indexes[0]?.length).toBe(96);
    expect(points[0]?.blobs[4]?.length).toBe(256);
    expect(points[0]?.doubles).toEqual([0]);
    expect(points[0]?.blobs[3]).toBe("d");
    const throwing = createMetrics({
      writeDataPoint: () => {
        throw new Error("binding gone");
      },
    });
    expect(() =>
      throwing.write("backlog", { queued: 1, generating: 0, publishing: 0, total: 1 }),
    ).not.toThrow();
    expect(() => column("stage", "nope" as never)).toThrow(/no field nope/);
    expect(dataPoint("backlog", {}, { queued: 0, generating: 0, publishing: 0, total: 0 }).indexes).toEqual([
      "-",
    ]);
  });
});

describe("alert rules", () => {
  it("are the seed runbook's four, with its thresholds", () => {
    expect(ALERT_RULES.map((r) => [r.name, r.threshold, r.window])).toEqual([
      ["job_failure_rate", 0.05, "1 h"],
      ["queue_backlog", 100, "now"],
      ["generation_p95", 60_000, "1 h"],
      ["llm_error_rate", 0.1, "5 min"],
    ]);
  });

  it("fire strictly above the threshold and need enough samples", () => {
    const results = evaluateAlerts({
      job_failure_rate: { value: 0.05, samples: 100 },
      queue_backlog: { value: 101, samples: 1 },
      generation_p95: { value: 61_000, samples: 4 },
      llm_error_rate: { value: 0.11, samples: 5 },
    });
    expect(results.map((r) => r.state)).toEqual(["ok", "firing", "no_data", "firing"]);
    expect(results.map((r) => r.summary)).toEqual([
      "5 % ≤ 5 %",
      "101 > 100",
      "no data (4 of 5 samples needed)",
      "11 % > 10 %",
    ]);
  });

  it("take a nearest-rank percentile", () => {
    expect(percentile([], 0.95)).toBeNull();
    expect(percentile([3, 1, 2], 0.5)).toBe(2);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(95);
  });
});

describe("measuring from Analytics Engine", () => {
  it("maps each alert query's row (numbers may be strings) onto the rules", async () => {
    const answers: Record<string, Record<string, unknown>[]> = {
      [ALERT_QUERIES.job_failure_rate]: [{ value: "0.2", samples: "50" }],
      [ALERT_QUERIES.queue_backlog]: [{ value: 3, samples: 1 }],
      [ALERT_QUERIES.generation_p95]: [{ value: null, samples: 0 }],
      [ALERT_QUERIES.llm_error_rate]: [],
    };
    const measured = await measureFromAnalytics(async (sql) => answers[sql] ?? []);
    expect(measured).toEqual({
      job_failure_rate: { value: 0.2, samples: 50 },
      queue_backlog: { value: 3, samples: 1 },
      generation_p95: { value: null, samples: 0 },
      llm_error_rate: { value: null, samples: 0 },
    });
  });

  it("calls the SQL API with the account and token, and never echoes the token in an error", async () => {
    const seen: { url: string; auth: string | null; body: string }[] = [];
    const fake = (async (url: string, init: RequestInit) => {
      seen.push({ url, auth: new Headers(init.headers).get("authorization"), body: String(init.body) });
      return seen.length === 1
        ? new Response(JSON.stringify({ meta: [], data: [{ value: 1 }], rows: 1 }))
        : new Response("invalid token", { status: 401 });
    }) as unknown as typeof fetch;
    const run = analyticsSqlRunner({
      accountId: "acc 1",
      apiToken: "secret-token",
      baseUrl: "http://127.0.0.1:9/v4/",
      fetch: fake,
    });
    expect(await run("SELECT 1")).toEqual([{ value: 1 }]);
    expect(seen[0]).toEqual({
      url: "http://127.0.0.1:9/v4/accounts/acc%201/analytics_engine/sql",
      auth: "Bearer secret-token",
      body: "SELECT 1",
    });
    const error = await run("SELECT 2").catch((err: Error) => err.message);
    expect(error).toContain("HTTP 401");
    expect(error).not.toContain("secret-token");
  });
});
