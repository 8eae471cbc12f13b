/**
 * Connecting X and Threads: the authorization URL for a physician (a fresh single-use state,
 * and for X a PKCE verifier), and the callback that turns the platform's code into a stored,
 * sealed account. The redirect URI is `<PUBLIC_URL or the request's origin>/oauth/<platform>/callback`;
 * it must be registered with the platform's app exactly.
 */
import type { Platform } from "../db/schema";
import type { Services } from "../services";
import { OAuthError } from "./oauth-http";
import { claimState, codeChallenge, issueState, type StateRefusal } from "./oauth-state";
import { type AccountView, saveAccount } from "./store";
import { exchangeThreadsCode, threadsAuthorizeUrl, threadsMe, threadsOAuthConfigured } from "./threads-oauth";
import { exchangeXCode, xAuthorizeUrl, xMe, xOAuthConfigured } from "./x-oauth";

export type OAuthPlatform = Extract<Platform, "x" | "threads">;

export function isOAuthPlatform(value: string): value is OAuthPlatform {
  return value === "x" || value === "threads";
}

export function redirectUri(services: Services, platform: OAuthPlatform, origin: string): string {
  return `${services.config.PUBLIC_URL ?? origin}/oauth/${platform}/callback`;
}

export function oauthConfigured(services: Services, platform: OAuthPlatform): boolean {
  return platform === "x" ? xOAuthConfigured(services.config) : threadsOAuthConfigured(services.config);
}

/** Where the physician's browser goes to authorize us. Valid (once) for 10 minutes. */
export async function authorizationUrl(
  services: Services,
  physicianId: string,
  platform: OAuthPlatform,
  origin: string,
): Promise<string> {
  const { db, config } = services;
  const issued = await issueState(db, config, physicianId, platform, { pkce: platform === "x" });
  const redirect = redirectUri(services, platform, origin);
  if (platform === "threads")
    return threadsAuthorizeUrl(config, { redirectUri: redirect, state: issued.state });
  return xAuthorizeUrl(config, {
    redirectUri: redirect,
    state: issued.state,
    challenge: await codeChallenge(issued.verifier ?? ""),
  });
}

export type CallbackOutcome =
  | { ok: true; physicianId: string; account: AccountView }
  | { ok: false; why: StateRefusal | "denied" | "no_code" | "refused" | "unavailable"; physicianId?: string };

/** The platform sent the browser back: check the state, then exchange the code. */
export async function completeAuthorization(
  services: Services,
  platform: OAuthPlatform,
  query: Record<string, string | undefined>,
  origin: string,
): Promise<CallbackOutcome> {
  const { db, config, log } = services;
  const claim = await claimState(db, config, query.state ?? "", platform);
  if (!claim.ok) {
    log.warn("oauth_state_refused", { platform, why: claim.why });
    return { ok: false, why: claim.why };
  }
  const { physicianId, verifier } = claim.claimed;
  if (query.error) return { ok: false, why: "denied", physicianId };
  if (!query.code) return { ok: false, why: "no_code", physicianId };
  const redirect = redirectUri(services, platform, origin);
  try {
    if (platform === "x") {
      const tokens = await exchangeXCode(config, {
        code: query.code,
        verifier: verifier ?? "",
        redirectUri: redirect,
      });
      const me = await xMe(config, tokens.accessToken);
      const account = await saveAccount(db, config, {
        physicianId,
        platform,
        externalId: me.id,
        handle: `@${me.username}`,
        url: `https://x.com/${me.username}`,
        tokens,
      });
      return { ok: true, physicianId, account };
    }
    const { userId, tokens } = await exchangeThreadsCode(config, { code: query.code, redirectUri: redirect });
    const me = await threadsMe(config, tokens.accessToken);
    const account = await saveAccount(db, config, {
      physicianId,
      platform,
      externalId: me.id || userId,
      handle: `@${me.username}`,
      url: `https://www.threads.net/@${me.username}`,
      tokens,
    });
    return { ok: true, physicianId, account };
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err;
    log.warn("oauth_exchange_failed", { platform, kind: err.kind, error: err.message });
    return { ok: false, why: err.kind, physicianId };
  }
}
