import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";

describe("GET /health with a broken production configuration", () => {
  it("answers 503 and names the missing secrets and bindings", async () => {
    const broken = {
      ...env,
      ENVIRONMENT: "production",
      EMBEDDINGS_BACKEND: "workers-ai",
      VECTOR_BACKEND: "vectorize",
      SLACK_SIGNING_SECRET: "",
      ADMIN_TOKEN: "",
    };
    const res = await app.request("/health", {}, broken);
    expect(res.status).toBe(503);
    const body = await res.json<{ status: string; checks: { config: { problems: string[] } } }>();
    expect(body.status).toBe("error");
    expect(body.checks.config.problems).toEqual([
      "SLACK_SIGNING_SECRET: required in production (set it with `wrangler secret put SLACK_SIGNING_SECRET`)",
      "ADMIN_TOKEN: required in production (set it with `wrangler secret put ADMIN_TOKEN`)",
      "ALLOWED_SLACK_TEAMS: required in production (the Slack workspace ids allowed to use the app)",
    ]);
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
      {},
      { ...env, EMBEDDINGS_BACKEND: "workers-ai", VECTOR_BACKEND: "vectorize" },
    );
    expect(res.status).toBe(503);
    const body = await res.json<{ checks: Record<string, { status: string; error?: string }> }>();
    expect(body.checks.embeddings?.error).toMatch(/needs the AI binding/);
    expect(body.checks.vectors?.error).toMatch(/needs the VECTORIZE binding/);
  });
});
