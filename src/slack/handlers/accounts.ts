/**
 * The "Your accounts" buttons: Connect / Reconnect (a modal with the platform's consent link,
 * or for Telegram the one-time code and the bot's deep link), Test, Disconnect (Slack's
 * confirm dialog asked first) and Use this channel. Every action acts on the clicking
 * physician's own rows only; App Home is refreshed after a change.
 */

import { and, eq, isNull } from "drizzle-orm";
import type { ModalView } from "slack-web-api-client";
import { authorizationUrl, isOAuthPlatform, oauthConfigured } from "../../accounts/connect";
import { ownRef } from "../../accounts/destination";
import { OAuthError } from "../../accounts/oauth-http";
import { openTarget } from "../../accounts/publish-target";
import { deleteAccount, findAccount, markReconnect, openTokens } from "../../accounts/store";
import { botCanPost } from "../../accounts/telegram-bot";
import { connectChannel, createLinkCode } from "../../accounts/telegram-link";
import { threadsMe } from "../../accounts/threads-oauth";
import { revokeXToken, xMe } from "../../accounts/x-oauth";
import { transitionDraft } from "../../db/drafts";
import { type Account, drafts, type Physician, PLATFORMS, type Platform } from "../../db/schema";
import { reason } from "../../db/status-reasons";
import { errorMessage } from "../../lib/log";
import { PublishError } from "../../publishers/types";
import { findPublication } from "../../queues/publication-store";
import type { Services } from "../../services";
import { button, section } from "../blocks/elements";
import { noticeModal } from "../blocks/notice";
import { refreshCard } from "../card-sender";
import { ACTIONS } from "../ids";
import { lexicon } from "../lexicon";
import type { HandlerContext } from "./context";
import { refreshHomeQuietly } from "./home";

export interface AccountActionDeps {
  openView(view: ModalView): Promise<void>;
  /** Where the Worker is reached (OAuth redirect URIs when PUBLIC_URL is unset). */
  origin: string;
}

function platformOf(value: string | undefined): Platform | undefined {
  return PLATFORMS.find((p) => p === value);
}

export async function handleAccountAction(
  ctx: HandlerContext,
  physician: Physician,
  action: { action_id: string; value?: string | undefined },
  deps: AccountActionDeps,
): Promise<void> {
  const { services } = ctx;
  const lx = lexicon(physician.language);
  const notice = (text: string) => deps.openView(noticeModal(physician.language, text));
  const refreshHome = () => ctx.defer(refreshHomeQuietly(services, physician));

  if (action.action_id === ACTIONS.accountLink) return;
  if (action.action_id === ACTIONS.accountUseChannel) {
    const outcome = await connectChannel(services, physician.id, action.value ?? "");
    refreshHome();
    if (outcome === "connected") {
      const account = await findAccount(services.db, physician.id, "telegram");
      return notice(lx.accounts.connected({ handle: account?.handle ?? "" }));
    }
    return notice(
      outcome === "not_offered"
        ? lx.accounts.notOffered
        : lx.accounts.cannotPost({ title: action.value ?? "" }),
    );
  }
  const platform = platformOf(action.value);
  if (!platform) return;
  switch (action.action_id) {
    case ACTIONS.accountConnect:
      return deps.openView(await connectView(services, physician, platform, deps.origin));
    case ACTIONS.accountTest:
      return notice(await testAccount(services, physician, platform));
    case ACTIONS.accountDisconnect: {
      const account = await findAccount(services.db, physician.id, platform);
      if (!account) return;
      if (platform === "x") ctx.defer(revokeQuietly(services, account));
      await deleteAccount(services.db, physician.id, account.id);
      const handedBack = await handBackScheduled(services, physician, account);
      services.log.info("account_disconnected", { platform, scheduled_handed_back: handedBack });
      refreshHome();
      return notice(lx.accounts.disconnected({ platform, handle: account.handle }));
    }
  }
}

async function connectView(
  services: Services,
  physician: Physician,
  platform: Platform,
  origin: string,
): Promise<ModalView> {
  const lx = lexicon(physician.language);
  const modal = (text: string, link?: { label: string; url: string }): ModalView => ({
    ...noticeModal(physician.language, text),
    blocks: [
      section(text),
      ...(link
        ? [
            {
              type: "actions" as const,
              elements: [
                button({ actionId: ACTIONS.accountLink, label: link.label, url: link.url, style: "primary" }),
              ],
            },
          ]
        : []),
    ],
  });
  if (platform === "telegram") {
    if (!services.config.TELEGRAM_BOT_TOKEN || !services.config.TELEGRAM_WEBHOOK_SECRET)
      return modal(lx.accounts.telegramOff);
    const code = await createLinkCode(services, physician.id);
    const bot = code.deepLink ? `@${new URL(code.deepLink).pathname.slice(1)}` : null;
    return modal(
      lx.accounts.telegramSteps({ code: code.code, bot }),
      code.deepLink ? { label: lx.accounts.openBot, url: code.deepLink } : undefined,
    );
  }
  if (!isOAuthPlatform(platform) || !oauthConfigured(services, platform))
    return modal(lx.accounts.oauthOff({ platform }));
  const url = await authorizationUrl(services, physician.id, platform, origin);
  return modal(lx.accounts.oauthSteps({ platform }), { label: lx.accounts.continueTo({ platform }), url });
}

/** Asks the platform whether the account still works; a refused sign-in marks it for reconnecting. */
async function testAccount(services: Services, physician: Physician, platform: Platform): Promise<string> {
  const lx = lexicon(physician.language);
  const account = await findAccount(services.db, physician.id, platform);
  if (!account) return lx.accounts.none({ platform });
  try {
    if (platform === "telegram") {
      if (await botCanPost(services.config, account.externalId))
        return lx.accounts.tested({ handle: account.handle });
      await markReconnect(services.db, account, "The bot may no longer post in the channel.");
      return lx.accounts.testFailed({
        handle: account.handle,
        why: "the bot may no longer post in the channel",
      });
    }
    const target = await openTarget(services, { kind: "own", ref: ownRef(account), account }, platform);
    if (target === undefined || target === "outbox") return lx.accounts.tested({ handle: account.handle });
    if (target.platform === "x") await xMe(services.config, target.bearer);
    if (target.platform === "threads") await threadsMe(services.config, target.accessToken);
    return lx.accounts.tested({ handle: account.handle });
  } catch (err) {
    const why = err instanceof PublishError ? err.message : errorMessage(err);
    // Only a refused sign-in (401) means reconnecting; a 5xx or a timeout is just "not now".
    if (err instanceof OAuthError && err.status === 401) {
      await markReconnect(services.db, account, "The platform refused the sign-in.");
    }
    return lx.accounts.testFailed({ handle: account.handle, why });
  }
}

/**
 * Scheduled posts that were going to the disconnected account come back to the physician
 * (ready, unscheduled, saying why) instead of going out elsewhere at their time — the
 * Disconnect confirmation said so.
 */
async function handBackScheduled(
  services: Services,
  physician: Physician,
  account: Account,
): Promise<number> {
  const { db } = services;
  const scheduled = await db.query.drafts.findMany({
    where: and(
      eq(drafts.physicianId, physician.id),
      eq(drafts.platform, account.platform),
      eq(drafts.status, "scheduled"),
      isNull(drafts.deletedAt),
    ),
  });
  let count = 0;
  for (const draft of scheduled) {
    const pinned = (await findPublication(db, draft.id, account.platform))?.accountRef ?? null;
    if (pinned !== null && pinned !== ownRef(account)) continue;
    const moved = await transitionDraft(db, draft.id, "scheduled", "ready", {
      scheduledAt: null,
      statusReason: reason("scheduled_account_gone", account.handle),
    });
    if (!moved) continue;
    count += 1;
    await refreshCard(services, draft.id).catch((err: unknown) =>
      services.log.warn("slack_card_failed", { error: errorMessage(err) }),
    );
  }
  return count;
}

async function revokeQuietly(
  services: Services,
  account: NonNullable<Awaited<ReturnType<typeof findAccount>>>,
): Promise<void> {
  try {
    const tokens = await openTokens(services.config, account);
    if (tokens?.refreshToken) await revokeXToken(services.config, tokens.refreshToken, "refresh_token");
    else if (tokens) await revokeXToken(services.config, tokens.accessToken, "access_token");
  } catch (err) {
    services.log.warn("account_revoke_failed", { platform: account.platform, error: errorMessage(err) });
  }
}
