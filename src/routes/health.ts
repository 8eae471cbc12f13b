/**
 * GET /health — one look tells the operator what is wired and what is broken: D1 round
 * trip, queue and Durable Object bindings, vector and embedding backends, and which
 * optional credentials are configured (names only, never values). 200 when every required
 * dependency answers, 503 otherwise.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-context";
import { ConfigError, configuredIntegrations, parseConfig } from "../config";
import { createDb } from "../db/client";
import { errorMessage } from "../lib/log";
import { createEmbedder, createVectorStore } from "../platform";

interface Check {
  status: "ok" | "error";
  [detail: string]: unknown;
}

export const healthRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const env = c.env;
  const checks: Record<string, Check> = {};

  let config: ReturnType<typeof parseConfig> | undefined;
  try {
    config = parseConfig(env);
    checks.config = { status: "ok", environment: config.ENVIRONMENT };
  } catch (err) {
    checks.config = { status: "error", problems: err instanceof ConfigError ? err.problems : ["unreadable"] };
  }

  const started = Date.now();
  try {
    await env.DB.prepare("SELECT 1 AS ok").first();
    checks.d1 = { status: "ok", duration_ms: Date.now() - started };
  } catch (err) {
    checks.d1 = { status: "error", error: errorMessage(err) };
  }

  const queues = { generate: env.GENERATE_QUEUE, publish: env.PUBLISH_QUEUE, index: env.INDEX_QUEUE };
  const missingQueues = Object.entries(queues)
    .filter(([, q]) => typeof q?.send !== "function")
    .map(([name]) => name);
  checks.queues = missingQueues.length
    ? { status: "error", missing: missingQueues }
    : { status: "ok", bound: Object.keys(queues) };

  checks.rate_limiter = env.PHYSICIAN_LIMITER
    ? { status: "ok" }
    : { status: "error", missing: ["PHYSICIAN_LIMITER"] };

  if (config) {
    try {
      const embedder = createEmbedder(env, config);
      checks.embeddings = {
        status: "ok",
        backend: embedder.name,
        model: embedder.model,
        dimensions: embedder.dimensions,
      };
    } catch (err) {
      checks.embeddings = { status: "error", error: errorMessage(err) };
    }
    try {
      checks.vectors = { status: "ok", backend: createVectorStore(env, config, createDb(env.DB)).name };
    } catch (err) {
      checks.vectors = { status: "error", error: errorMessage(err) };
    }
  }

  const ok = Object.values(checks).every((check) => check.status === "ok");
  return c.json(
    {
      status: ok ? "ok" : "error",
      checks,
      integrations: config ? configuredIntegrations(config) : {},
    },
    ok ? 200 : 503,
  );
});
