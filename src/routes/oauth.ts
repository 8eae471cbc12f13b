/**
 * OAuth callbacks: `GET /oauth/x/callback` and `GET /oauth/threads/callback`. The browser
 * lands here from the platform's consent page; the answer is a short page saying what
 * happened (never a token, never the platform's raw error), and App Home is refreshed so the
 * physician sees the account in Slack.
 */
import { Hono } from "hono";
import { html } from "hono/html";
import { type CallbackOutcome, completeAuthorization, isOAuthPlatform } from "../accounts/connect";
import type { AppEnv } from "../app-context";
import { getPhysician } from "../db/physicians";
import type { Physician } from "../db/schema";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import { sendDm } from "../slack/dm";
import { refreshHomeQuietly } from "../slack/handlers/home";
import { lexicon } from "../slack/lexicon";

const PLATFORM_NAMES = { x: "X", threads: "Threads" } as const;

const REFUSALS: Record<Exclude<CallbackOutcome, { ok: true }>["why"], string> = {
  malformed: "This link is not one Serotonin Script made.",
  forged: "This link is not one Serotonin Script made.",
  unknown: "This link is not one Serotonin Script made, or it is too old.",
  replayed: "This link was already used. Start again from App Home in Slack.",
  expired: "This link expired (links last 10 minutes). Start again from App Home in Slack.",
  wrong_platform: "This link was made for another platform. Start again from App Home in Slack.",
  denied: "You did not allow access, so nothing was connected.",
  no_code: "The platform sent no authorization code. Start again from App Home in Slack.",
  refused: "The platform refused the authorization. Start again from App Home in Slack.",
  unavailable: "The platform did not answer. Try again in a few minutes from App Home in Slack.",
};

function page(title: string, message: string, status: 200 | 400 | 502) {
  return {
    body: html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1 style="font-size:1.3rem">${title}</h1><p>${message}</p></body></html>`,
    status,
  };
}

/**
 * App Home shows the result; a connection is also announced to the physician by DM, so one
 * made through a consent link they passed on (someone else approving it) does not go unseen.
 */
async function afterCallback(
  services: Services,
  physician: Physician,
  outcome: CallbackOutcome,
): Promise<void> {
  await refreshHomeQuietly(services, physician);
  if (outcome.ok) {
    const lx = lexicon(physician.language);
    await sendDm(
      services,
      physician.slackUserId,
      lx.accounts.connectedDm({ platform: outcome.account.platform, handle: outcome.account.handle }),
    );
  }
}

export const oauthRoutes = new Hono<AppEnv>().get("/:platform/callback", async (c) => {
  const platform = c.req.param("platform");
  if (!isOAuthPlatform(platform)) return c.json({ error: "not_found" }, 404);
  const services = c.get("services");
  const origin = new URL(c.req.url).origin;
  const outcome = await completeAuthorization(services, platform, c.req.query(), origin);
  const physician = outcome.physicianId ? await getPhysician(services.db, outcome.physicianId) : undefined;
  if (physician) {
    c.executionCtx.waitUntil(
      afterCallback(services, physician, outcome).catch((err: unknown) =>
        services.log.warn("connected_dm_failed", { error: errorMessage(err) }),
      ),
    );
  }
  const name = PLATFORM_NAMES[platform];
  const answer = outcome.ok
    ? page(
        `${name} connected`,
        `${outcome.account.handle} is now the ${name} account of ${physician?.displayName ?? "this physician"} in Serotonin Script: their posts to ${name} go there. You can close this page and return to Slack.`,
        200,
      )
    : page(
        `${name} not connected`,
        REFUSALS[outcome.why],
        outcome.why === "unavailable" || outcome.why === "refused" ? 502 : 400,
      );
  return c.html(answer.body, answer.status);
});
