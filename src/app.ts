/**
 * The Hono app: request id + services per request, the route modules, and the one place
 * errors become responses. Known errors get a stable JSON shape; anything else is logged
 * and answered with a generic 500 — internals and secrets never reach the client.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./app-context";
import { ConfigError } from "./config";
import { AppError } from "./lib/errors";
import { errorMessage, Logger } from "./lib/log";
import { adminRoutes } from "./routes/admin";
import { devRoutes } from "./routes/dev";
import { healthRoutes } from "./routes/health";
import { oauthRoutes } from "./routes/oauth";
import { slackRoutes } from "./routes/slack";
import { telegramRoutes } from "./routes/telegram";
import { createServices } from "./services";

export const app = new Hono<AppEnv>();

app.use(async (c, next) => {
  const requestId = c.req.header("cf-ray") ?? crypto.randomUUID();
  c.set("requestId", requestId);
  if (c.req.path !== "/health") c.set("services", createServices(c.env, { request_id: requestId }));
  await next();
});

app.route("/health", healthRoutes);
app.route("/admin", adminRoutes);
app.route("/slack", slackRoutes);
app.route("/oauth", oauthRoutes);
app.route("/telegram", telegramRoutes);
// The printed playground URL ends with a slash; the page is served at /dev (same guard).
app.get("/dev/", (c) => app.fetch(new Request(new URL("/dev", c.req.url), c.req.raw), c.env, c.executionCtx));
// The local playground delivers its signed Slack requests through this same app.
app.route(
  "/dev",
  devRoutes((request, env, ctx) => Promise.resolve(app.fetch(request, env, ctx))),
);

app.notFound((c) => c.json({ error: "not_found" }, 404));

app.onError((err, c) => {
  const log = new Logger({ request_id: c.get("requestId") });
  if (err instanceof AppError) {
    if (err.status >= 500) log.error("request_failed", { error: errorMessage(err), path: c.req.path });
    return c.json({ error: err.code, message: err.message }, err.status);
  }
  if (err instanceof HTTPException) return err.getResponse();
  if (err instanceof ConfigError) {
    log.error("config_invalid", { problems: err.problems });
    return c.json({ error: "misconfigured", message: "The service is misconfigured; see the logs." }, 503);
  }
  log.error("request_failed", { error: errorMessage(err), path: c.req.path, method: c.req.method });
  return c.json({ error: "internal_error", message: "Something went wrong. It has been logged." }, 500);
});
