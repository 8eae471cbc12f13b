/**
 * Cron: keeps physicians' Threads tokens alive. A long-lived token lasts 60 days and can be
 * renewed once it is a day old; we renew it once fewer than RENEW_BEFORE days remain, a few
 * accounts a minute. When renewal keeps failing and the token has 7 days or less left, the
 * physician is told once by DM (it can no longer be renewed after it expires: only
 * reconnecting helps); an expired token, or one Threads refuses to renew (revoked), marks
 * the account for reconnecting, and a revoked one is announced at once.
 * X tokens need no cron: they are renewed when a post needs them (publish-target).
 */
import { and, eq, isNotNull, lt } from "drizzle-orm";
import { getPhysician } from "../db/physicians";
import { accounts, type Physician } from "../db/schema";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import { sendDm } from "../slack/dm";
import { type Lexicon, lexicon } from "../slack/lexicon";
import { formatTime } from "../slack/mrkdwn";
import { OAuthError } from "./oauth-http";
import { markReconnect, openTokens, replaceTokens } from "./store";
import { refreshThreadsToken } from "./threads-oauth";

const DAY_MS = 24 * 60 * 60_000;
/** Renew when fewer days than this remain (the token is then 10 days old: well over a day). */
export const RENEW_BEFORE_MS = 50 * DAY_MS;
export const WARN_BEFORE_MS = 7 * DAY_MS;
/** A failed renewal is tried again an hour later, not every minute. */
const RETRY_AFTER_MS = 60 * 60_000;
const PER_RUN = 10;

async function tellPhysician(
  services: Services,
  physicianId: string,
  text: (lx: Lexicon, physician: Physician) => string,
): Promise<void> {
  const physician = await getPhysician(services.db, physicianId);
  if (physician) await sendDm(services, physician.slackUserId, text(lexicon(physician.language), physician));
}

export async function renewAccountTokens(services: Services, now: number): Promise<Record<string, number>> {
  const { db, config, log } = services;
  const due = await db.query.accounts.findMany({
    where: and(
      eq(accounts.platform, "threads"),
      eq(accounts.status, "active"),
      isNotNull(accounts.accessExpiresAt),
      lt(accounts.accessExpiresAt, now + RENEW_BEFORE_MS),
      lt(accounts.updatedAt, now - RETRY_AFTER_MS),
    ),
    limit: PER_RUN,
  });
  let renewed = 0;
  let failed = 0;
  let warned = 0;
  for (const account of due) {
    const expiresAt = account.accessExpiresAt ?? now;
    if (expiresAt <= now) {
      await markReconnect(db, account, "the token expired");
      failed += 1;
      continue;
    }
    try {
      const tokens = await openTokens(config, account);
      if (!tokens) throw new OAuthError("no token stored", "refused");
      if (
        await replaceTokens(db, config, account, await refreshThreadsToken(config, tokens.accessToken, now))
      ) {
        renewed += 1;
      }
      continue;
    } catch (err) {
      failed += 1;
      log.warn("account_renew_failed", { platform: account.platform, error: errorMessage(err) });
      // Threads refusing a token that is old enough means it was revoked: asking again every
      // hour for weeks changes nothing. The physician is told at once.
      if (err instanceof OAuthError && err.kind === "refused") {
        await markReconnect(db, account, "Threads refused to renew the sign-in (revoked)");
        await tellPhysician(services, account.physicianId, (lx) =>
          lx.accounts.revoked({ handle: account.handle }),
        );
        continue;
      }
      await db.update(accounts).set({ updatedAt: now }).where(eq(accounts.id, account.id));
    }
    if (expiresAt - now <= WARN_BEFORE_MS && account.expiryWarnedAt === null) {
      await tellPhysician(services, account.physicianId, (lx, physician) =>
        lx.accounts.expiring({
          handle: account.handle,
          when: formatTime(expiresAt, physician.timezone, physician.language),
        }),
      );
      await db.update(accounts).set({ expiryWarnedAt: now }).where(eq(accounts.id, account.id));
      warned += 1;
    }
  }
  return { due: due.length, renewed, failed, warned };
}
