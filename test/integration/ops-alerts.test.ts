/**
 * The seed runbook's four alerts on a seeded job audit: the admin view, and the minute
 * cron telling the operators' channel once when a rule turns on and once when it turns off.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { DataPoint } from "../../src/observability/metrics";
import { ADMIN_HEADERS, call, seedPhysician, silenceLogs } from "../helpers";
import { runCron } from "../publish-helpers";
import { bodyOf, fakes, slackCalls } from "../slack-helpers";

const OPS = { OPS_SLACK_CHANNEL: "C_OPS" };

interface Run {
  kind?: "generate" | "publish" | "index";
  status: "succeeded" | "retrying" | "failed" | "running";
  ms?: number;
  agoMs?: number;
  llmCalls?: number;
  llmErrors?: number;
}

async function seedRuns(runs: Run[], times = 1): Promise<void> {
  const now = Date.now();
  const statements = [];
  for (let i = 0; i < times; i++) {
    for (const r of runs) {
      const finished = now - (r.agoMs ?? 60_000);
      statements.push(
        env.DB.prepare(
          "INSERT INTO job_runs (kind, draft_id, attempt, status, started_at, finished_at, duration_ms, llm_calls, llm_errors) VALUES (?, NULL, 1, ?, ?, ?, ?, ?, ?)",
        ).bind(
          r.kind ?? "generate",
          r.status,
          finished - (r.ms ?? 5000),
          r.status === "running" ? null : finished,
          r.status === "running" ? null : (r.ms ?? 5000),
          r.llmCalls ?? 0,
          r.llmErrors ?? 0,
        ),
      );
    }
  }
  await env.DB.batch(statements);
}

interface AlertView {
  name: string;
  state: string;
  value: number | null;
  samples: number;
  summary: string;
}

async function alerts(): Promise<Record<string, AlertView>> {
  const res = await call("/admin/alerts", { headers: ADMIN_HEADERS });
  expect(res.status).toBe(200);
  const body = await res.json<{ source: string; alerts: AlertView[] }>();
  expect(body.source).toBe("d1");
  return Object.fromEntries(body.alerts.map((a) => [a.name, a]));
}

async function notices(): Promise<string[]> {
  return (await slackCalls("chat.postMessage"))
    .map((r) => bodyOf(r))
    .filter((b) => b.channel === "C_OPS")
    .map((b) => String(b.text));
}

beforeEach(() => silenceLogs());

describe("GET /admin/alerts", () => {
  it("needs the admin token", async () => {
    expect((await call("/admin/alerts")).status).toBe(401);
  });

  it("is quiet on a healthy hour and says no data where there is too little to judge", async () => {
    await seedRuns([{ status: "succeeded" }], 3);
    const now = await alerts();
    expect(now.job_failure_rate?.state).toBe("no_data");
    expect(now.job_failure_rate?.summary).toBe("no data (3 of 10 samples needed)");
    expect(now.queue_backlog).toMatchObject({ state: "ok", value: 0 });
    expect(now.llm_error_rate?.state).toBe("no_data");
  });

  it("fires on a 7.5 % failure rate over the last hour, and ignores older runs and running ones", async () => {
    // 37 succeeded + 2 retrying + 1 failed = 3 of 40 finished attempts did not succeed.
    await seedRuns([{ status: "succeeded" }], 37);
    await seedRuns([{ status: "retrying" }, { status: "retrying" }, { status: "failed", kind: "publish" }]);
    await seedRuns([{ status: "failed", agoMs: 2 * 3600_000 }], 20);
    await seedRuns([{ status: "running" }], 5);
    const now = await alerts();
    expect(now.job_failure_rate).toMatchObject({ state: "firing", value: 0.075, samples: 40 });
    expect(now.job_failure_rate?.summary).toBe("7.5 % > 5 %");
  });

  it("stays off at exactly 5 % (the rule is strictly above)", async () => {
    await seedRuns([{ status: "succeeded" }], 19);
    await seedRuns([{ status: "failed" }]);
    expect((await alerts()).job_failure_rate).toMatchObject({ state: "ok", value: 0.05 });
  });

  it("measures generation p95 from succeeded generations only", async () => {
    await seedRuns([{ status: "succeeded", ms: 20_000 }], 18);
    await seedRuns([{ status: "succeeded", ms: 90_000 }], 2);
    await seedRuns([{ status: "succeeded", kind: "publish", ms: 500_000 }], 5);
    const now = await alerts();
    expect(now.generation_p95).toMatchObject({ state: "firing", value: 90_000, samples: 20 });
    expect(now.generation_p95?.summary).toBe("90 s > 60 s");
  });

  it("measures the LLM error rate over five minutes from every provider attempt", async () => {
    await seedRuns([{ status: "succeeded", llmCalls: 4, llmErrors: 1, agoMs: 60_000 }], 2);
    await seedRuns([{ status: "succeeded", llmCalls: 10, llmErrors: 10, agoMs: 10 * 60_000 }]);
    const now = await alerts();
    expect(now.llm_error_rate).toMatchObject({ state: "firing", value: 0.25, samples: 8 });
  });

  it("counts the backlog from queued and generating drafts and pending publications", async () => {
    const physician = await seedPhysician();
    const insert = (status: string) =>
      env.DB.prepare(
        "INSERT INTO drafts (id, physician_id, topic, platform, status, slack_channel_id) VALUES (?, ?, 't', 'telegram', ?, 'C')",
      ).bind(crypto.randomUUID(), physician.id, status);
    await env.DB.batch([
      ...Array.from({ length: 95 }, () => insert("queued")),
      ...Array.from({ length: 4 }, () => insert("generating")),
      ...Array.from({ length: 7 }, () => insert("ready")),
    ]);
    const now = await alerts();
    expect(now.queue_backlog).toMatchObject({ state: "ok", value: 99 });
    await env.DB.batch([insert("generating"), insert("generating")]);
    expect((await alerts()).queue_backlog).toMatchObject({ state: "firing", value: 101 });
  });
});

describe("the minute cron's alert notices", () => {
  it("posts once when a rule turns on, nothing while it stays on, once when it turns off", async () => {
    await seedRuns([{ status: "succeeded" }], 37);
    await seedRuns([{ status: "failed" }], 3);
    await runCron(OPS);
    let posted = await notices();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain("Job failure rate");
    expect(posted[0]).toContain("7.5 % > 5 %");
    expect(posted[0]).toContain("runbook §3.1");

    await runCron(OPS);
    await runCron(OPS);
    expect(await notices()).toHaveLength(1);

    await env.DB.prepare("UPDATE job_runs SET status = 'succeeded'").run();
    await runCron(OPS);
    posted = await notices();
    expect(posted).toHaveLength(2);
    expect(posted[1]).toContain("back to normal");
    await runCron(OPS);
    expect(await notices()).toHaveLength(2);
  });

  it("keeps a firing rule on while there are too few samples to judge (an outage backs traffic off)", async () => {
    await seedRuns([{ status: "failed" }], 12);
    await runCron(OPS);
    expect(await notices()).toHaveLength(1);
    // The failed runs age out of the hour: 3 fresh successes are too few to say it is over.
    await env.DB.prepare("UPDATE job_runs SET finished_at = finished_at - 7200000").run();
    await seedRuns([{ status: "succeeded" }], 3);
    await runCron(OPS);
    expect(await notices()).toHaveLength(1);
    expect(
      await env.DB.prepare("SELECT firing FROM alert_states WHERE name = 'job_failure_rate'").first(),
    ).toEqual({
      firing: 1,
    });
    await seedRuns([{ status: "succeeded" }], 10);
    await runCron(OPS);
    expect((await notices())[1]).toContain("back to normal");
  });

  it("tries a notice Slack refused again the next minute", async () => {
    await seedRuns([{ status: "failed" }], 12);
    await fakes().fail({ service: "slack", path: "chat.postMessage", status: 500, times: 1 });
    await runCron(OPS);
    // The refused attempt reached Slack (the fake records it) but the state was not saved…
    expect(await notices()).toHaveLength(1);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM alert_states").first()).toEqual({ n: 0 });
    // …so the next minute tries again, and after that it is quiet.
    await runCron(OPS);
    expect(await notices()).toHaveLength(2);
    await runCron(OPS);
    expect(await notices()).toHaveLength(2);
    expect(await env.DB.prepare("SELECT firing FROM alert_states").first()).toEqual({ firing: 1 });
  });

  it("without an operators' channel it logs the change and posts nothing", async () => {
    await seedRuns([{ status: "failed" }], 12);
    await runCron();
    expect(await notices()).toHaveLength(0);
    const state = await env.DB.prepare(
      "SELECT firing FROM alert_states WHERE name = 'job_failure_rate'",
    ).first();
    expect(state).toEqual({ firing: 1 });
  });

  it("writes the backlog to Analytics Engine every minute", async () => {
    const points: DataPoint[] = [];
    await runCron({ ANALYTICS: { writeDataPoint: (p: DataPoint) => points.push(p) } });
    const backlog = points.filter((p) => p.blobs[0] === "backlog");
    expect(backlog).toHaveLength(1);
    expect(backlog[0]?.doubles).toEqual([0, 0, 0, 0]);
  });
});
