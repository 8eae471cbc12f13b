import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { resetAnonymousHealth } from "../../src/routes/health";
import { resetHealthProbeCache } from "../../src/routes/health-probes";
import { ADMIN_HEADERS } from "../helpers";

beforeEach(() => {
  resetHealthProbeCache();
  resetAnonymousHealth();
});

const brokenProduction = {
  ...env,
  ENVIRONMENT: "production",
  EMBEDDINGS_BACKEND: "workers-ai",
  VECTOR_BACKEND: "vectorize",
  SLACK_SIGNING_SECRET: "",
};

describe("GET /health with a broken production configuration", () => {
  it("answers 503 and names the missing secrets and bindings", async () => {
    // The admin token is set here: without one nobody may read the details (next test).
    const res = await app.request("/health", { headers: ADMIN_HEADERS }, brokenProduction);
    expect(res.status).toBe(503);
    const body = await res.json<{ status: string; checks: { config: { problems: string[] } } }>();
    expect(body.status).toBe("error");
    expect(body.checks.config.problems).toEqual([
      "SLACK_SIGNING_SECRET: required in production (set it with `wrangler secret put SLACK_SIGNING_SECRET`)",
      "ALLOWED_SLACK_TEAMS: required in production (the Slack workspace ids allowed to use the app)",
    ]);
  });

  it("answers a bare 503 when no admin token is configured, whatever the caller sends", async () => {
    const res = await app.request(
      "/health",
      { headers: ADMIN_HEADERS },
      { ...brokenProduction, ADMIN_TOKEN: "" },
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "error" });
  });

  it("answers other routes with a generic 503, not the details", async () => {
    const res = await app.request("/admin/stats", {}, { ...env, LOG_LEVEL: "shouting" });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: "misconfigured",
      message: "The service is misconfigured; see the logs.",
    });
  });

  it("reports a selected real backend whose binding is missing", async () => {
    const res = await app.request(
      "/health",
      { headers: ADMIN_HEADERS },
      { ...env, EMBEDDINGS_BACKEND: "workers-ai", VECTOR_BACKEND: "vectorize" },
    );
    expect(res.status).toBe(503);
    const body = await res.json<{ checks: Record<string, { status: string; error?: string }> }>();
    expect(body.checks.embeddings?.error).toMatch(/needs the AI binding/);
    expect(body.checks.vectors?.error).toMatch(/needs the VECTORIZE binding/);
  });
});
