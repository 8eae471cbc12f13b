import { describe, expect, it } from "vitest";
import { call } from "../helpers";

describe("GET /health", () => {
  it("reports every dependency as ok with local backends", async () => {
    const res = await call("/health");
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

  it("names configured credentials without revealing them", async () => {
    const res = await call("/health");
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
