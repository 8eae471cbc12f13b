/**
 * Verifies every Slack request before anything parses it: the signature is computed over
 * the raw body, which is then kept in `rawBody` for the handlers. Failures are a bare 401.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-context";
import { verifySlackSignature } from "../slack/verify";

export const verifySlack = createMiddleware<AppEnv>(async (c, next) => {
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
