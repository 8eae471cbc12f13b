import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/index";

describe("cron trigger", () => {
  it("prunes Slack de-duplication keys older than a day and logs each task", async () => {
    const now = Date.UTC(2026, 10, 29, 12, 0);
    await env.DB.batch([
      env.DB.prepare("INSERT INTO slack_requests (key, kind, created_at) VALUES ('old', 'command', ?)").bind(
        now - 25 * 3600_000,
      ),
      env.DB.prepare(
        "INSERT INTO slack_requests (key, kind, created_at) VALUES ('fresh', 'command', ?)",
      ).bind(now - 3600_000),
    ]);
    const logs = vi.spyOn(console, "log").mockImplementation(() => {});
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "* * * * *" }), env);
    const rows = await env.DB.prepare("SELECT key FROM slack_requests").all<{ key: string }>();
    expect(rows.results.map((r) => r.key)).toEqual(["fresh"]);
    const line = logs.mock.calls
      .map((c) => JSON.parse(String(c[0])))
      .find((l) => l.task === "prune_slack_dedup");
    expect(line).toMatchObject({ level: "info", event: "cron_task", removed: 1, cron: "* * * * *" });
    logs.mockRestore();
  });
});

describe("housekeeping", () => {
  it("prunes expired PubMed cache rows and job runs older than 90 days, keeping the rest", async () => {
    const now = Date.UTC(2026, 10, 29, 12, 0);
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO pubmed_cache (key, value, expires_at) VALUES ('old', '{}', ?), ('live', '{}', ?)",
      ).bind(now - 1, now + 1000),
      env.DB.prepare(
        "INSERT INTO job_runs (kind, attempt, status, started_at) VALUES ('generate', 1, 'succeeded', ?), ('generate', 1, 'succeeded', ?)",
      ).bind(now - 91 * 86_400_000, now - 89 * 86_400_000),
    ]);
    const logs = vi.spyOn(console, "log").mockImplementation(() => {});
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "* * * * *" }), env);
    logs.mockRestore();
    const cache = await env.DB.prepare("SELECT key FROM pubmed_cache").all<{ key: string }>();
    expect(cache.results.map((r) => r.key)).toEqual(["live"]);
    const runs = await env.DB.prepare("SELECT count(*) AS n FROM job_runs").first<{ n: number }>();
    expect(runs?.n).toBe(1);
  });
});
