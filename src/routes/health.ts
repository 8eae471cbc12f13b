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

export const healthRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const env = c.env;
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
  if (!bearsAdminToken(c.req.header("authorization"), adminToken(env, config)))
    return c.json({ status }, code);
  return c.json({ status, checks, integrations: config ? configuredIntegrations(config) : {} }, code);
});

/** Read raw when the config is broken, so the operator can still see why. */
function adminToken(env: Env, config: Config | undefined): string | undefined {
  if (config) return config.ADMIN_TOKEN;
  return typeof env.ADMIN_TOKEN === "string" ? env.ADMIN_TOKEN.trim() || undefined : undefined;
}
