/**
 * Verifies every Slack request before anything parses it, cheapest check first, so an
 * unauthenticated request costs almost nothing:
 * 1. timestamp fresh and a well-formed signature header — else 401, body never read;
 * 2. the body at most SLACK_BODY_LIMIT bytes — `Content-Length` first, then counted while
 *    streaming (hono's `bodyLimit`) — else 413;
 * 3. the signature over the raw body, which is then kept in `rawBody` for the handlers.
 * Failures are a bare 401 / 413.
 */
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-context";
import { plausiblySigned, verifySlackSignature } from "../slack/verify";

/** Slack's largest payloads (a view submission with long inputs) stay far below this. */
export const SLACK_BODY_LIMIT = 1024 * 1024;

const checkHeaders = createMiddleware<AppEnv>(async (c, next) => {
  const headers = {
    timestamp: c.req.header("x-slack-request-timestamp"),
    signature: c.req.header("x-slack-signature"),
  };
  if (!plausiblySigned(headers)) {
    c.get("services").log.warn("slack_signature_rejected", { path: c.req.path, stage: "headers" });
    return c.body(null, 401);
  }
  await next();
});

const limitBody = bodyLimit({
  maxSize: SLACK_BODY_LIMIT,
  onError: (c) => {
    c.get("services").log.warn("slack_body_too_large", { path: c.req.path });
    return c.body(null, 413);
  },
});

const verifyBody = createMiddleware<AppEnv>(async (c, next) => {
  const { config, log } = c.get("services");
  const rawBody = await c.req.text();
  const secret = config.SLACK_SIGNING_SECRET;
  const ok =
    secret !== undefined &&
    (await verifySlackSignature(secret, {
      timestamp: c.req.header("x-slack-request-timestamp"),
      signature: c.req.header("x-slack-signature"),
      rawBody,
    }));
  if (!ok) {
    log.warn("slack_signature_rejected", { path: c.req.path, configured: secret !== undefined });
    return c.body(null, 401);
  }
  c.set("rawBody", rawBody);
  await next();
});

/** The three checks, in order. */
export const verifySlack = [checkHeaders, limitBody, verifyBody] as const;
