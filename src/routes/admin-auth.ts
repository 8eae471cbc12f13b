/**
 * Bearer `ADMIN_TOKEN` guard for /admin. With no token configured the admin API is closed
 * (never open by default); the comparison is constant-time.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-context";
import { UnauthorizedError } from "../lib/errors";
import { timingSafeEqual } from "../lib/timing-safe";

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.get("services").config.ADMIN_TOKEN;
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!expected || !match?.[1] || !timingSafeEqual(match[1].trim(), expected)) throw new UnauthorizedError();
  await next();
});
