import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetAnonymousHealth } from "../../src/routes/health";
import { resetHealthProbeCache } from "../../src/routes/health-probes";
import { ADMIN_HEADERS, call } from "../helpers";

beforeEach(() => {
  resetHealthProbeCache();
  resetAnonymousHealth();
});
afterEach(() => vi.restoreAllMocks());

describe("GET /health", () => {
  it("reports every dependency as ok with local backends", async () => {
    const res = await call("/health", { headers: ADMIN_HEADERS });
    expect(res.status).toBe(200);
    const body = await res.json<{
      status: string;
      checks: Record<string, { status: string; backend?: string }>;
    }>();
    expect(body.status).toBe("ok");
    expect(Object.keys(body.checks).sort()).toEqual([
      "config",
      "d1",
      "embeddings",
      "queues",
      "rate_limiter",
      "vectors",
    ]);
    expect(body.checks.vectors?.backend).toBe("local");
    expect(body.checks.embeddings?.backend).toBe("local");
  });

  it("answers only the status without the admin token, or with a wrong one", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong-token" },
      { authorization: "test-admin-token" },
    ];
    for (const headers of attempts) {
      const res = await call("/health", { headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
    }
  });

  it("probes the local backends for real and says how old the cached probes are", async () => {
    const res = await call("/health", { headers: ADMIN_HEADERS });
    const body = await res.json<{ checks: Record<string, Record<string, unknown>> }>();
    expect(body.checks.vectors).toMatchObject({ status: "ok", backend: "local", vectors: 0 });
    expect(body.checks.embeddings).toMatchObject({ status: "ok", dimensions: 384, checked_ms_ago: 0 });
    expect(body.checks.queues).toMatchObject({ status: "ok", pinged: ["generate", "publish", "index"] });
    expect(body.checks.rate_limiter).toMatchObject({ status: "ok" });
    // Ten seconds later the queue and embedding results are reused, not probed again.
    vi.spyOn(Date, "now").mockReturnValue(Date.now() + 10_000);
    const again = await (await call("/health", { headers: ADMIN_HEADERS })).json<typeof body>();
    expect(again.checks.queues?.checked_ms_ago).toBeGreaterThanOrEqual(10_000);
    expect(again.checks.embeddings?.checked_ms_ago).toBeGreaterThanOrEqual(10_000);
  });

  it("names configured credentials without revealing them", async () => {
    const res = await call("/health", { headers: ADMIN_HEADERS });
    const text = await res.text();
    expect(text).toContain('"admin":true');
    expect(text).not.toContain("test-admin-token");
    expect(text).not.toContain("xoxb-test-token");
    expect(text).not.toContain("test-signing-secret");
  });

  it("answers unknown paths with a JSON 404", async () => {
    const res = await call("/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "not_found" });
  });
});
