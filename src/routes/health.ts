/**
 * GET /health — 200 when every dependency answers a real probe (see `health-probes`), 503
 * otherwise. Anyone gets only `{ status }`; the details (each check, which optional
 * credentials are configured — names only, never values) need `Bearer <ADMIN_TOKEN>`.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-context";
import { type Config, ConfigError, configuredIntegrations, parseConfig } from "../config";
import { bearsAdminToken } from "./admin-auth";
import { type Check, probeDependencies } from "./health-probes";

/**
 * How long an anonymous caller gets the last answer instead of new probes (per isolate):
 * long while healthy, short after an error so a recovery shows at once (deploy checks poll).
 */
export const ANONYMOUS_OK_TTL_MS = 30_000;
export const ANONYMOUS_ERROR_TTL_MS = 2_000;
let anonymous: { ok: boolean; at: number } | undefined;

/** Forgets the anonymous status (tests: module state outlives a test). */
export function resetAnonymousHealth(): void {
  anonymous = undefined;
}

export const healthRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const env = c.env;
  const header = c.req.header("authorization");
  // Polling /health without a token cannot make it probe more than twice a minute.
  const ttl = anonymous?.ok ? ANONYMOUS_OK_TTL_MS : ANONYMOUS_ERROR_TTL_MS;
  if (!header && anonymous && Date.now() - anonymous.at < ttl) {
    return c.json({ status: anonymous.ok ? "ok" : "error" }, anonymous.ok ? 200 : 503);
  }
  let config: Config | undefined;
  let configCheck: Check;
  try {
    config = parseConfig(env);
    configCheck = { status: "ok", environment: config.ENVIRONMENT };
  } catch (err) {
    configCheck = { status: "error", problems: err instanceof ConfigError ? err.problems : ["unreadable"] };
  }

  const checks = { config: configCheck, ...(await probeDependencies(env, config, c.get("requestId"))) };
  const ok = Object.values(checks).every((check) => check.status === "ok");
  const status = ok ? "ok" : "error";
  const code = ok ? 200 : 503;
  if (!bearsAdminToken(header, adminToken(env, config))) {
    anonymous = { ok, at: Date.now() };
    return c.json({ status }, code);
  }
  return c.json({ status, checks, integrations: config ? configuredIntegrations(config) : {} }, code);
});

/** Read raw when the config is broken, so the operator can still see why. */
function adminToken(env: Env, config: Config | undefined): string | undefined {
  if (config) return config.ADMIN_TOKEN;
  return typeof env.ADMIN_TOKEN === "string" ? env.ADMIN_TOKEN.trim() || undefined : undefined;
}
