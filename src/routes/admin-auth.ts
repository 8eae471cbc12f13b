/**
 * Bearer `ADMIN_TOKEN` guard for /admin. With no token configured the admin API is closed
 * (never open by default); the comparison is constant-time.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-context";
import { UnauthorizedError } from "../lib/errors";
import { timingSafeEqual } from "../lib/timing-safe";

/** Whether an Authorization header carries the admin token; none configured means no. */
export function bearsAdminToken(header: string | undefined, expected: string | undefined): boolean {
  const token = /^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim();
  return Boolean(expected && token && timingSafeEqual(token, expected));
}

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!bearsAdminToken(c.req.header("authorization"), c.get("services").config.ADMIN_TOKEN)) {
    throw new UnauthorizedError();
  }
  await next();
});
