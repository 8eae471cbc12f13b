/**
 * Threads (Meta): the Authorization Window (scopes threads_basic, threads_content_publish),
 * the code exchanged for a short-lived token (1 hour), that exchanged for a long-lived one
 * (60 days). A long-lived token can be refreshed once it is 24 hours old and until it
 * expires; after that only a new authorization helps. The token endpoints are unversioned
 * (`graph.threads.net/oauth/access_token`, `/access_token`, `/refresh_access_token`).
 */
import { z } from "zod";
import type { Config } from "../config";
import { oauthCall } from "./oauth-http";
import type { AccountTokens } from "./store";

export const THREADS_SCOPES = ["threads_basic", "threads_content_publish"] as const;

const shortSchema = z.object({ access_token: z.string().min(1), user_id: z.union([z.string(), z.number()]) });
const longSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().int().positive(),
});
const meSchema = z.object({ id: z.string().regex(/^\d+$/), username: z.string().min(1) });

export function threadsOAuthConfigured(config: Config): boolean {
  return Boolean(config.THREADS_APP_ID && config.THREADS_APP_SECRET);
}

/** `https://graph.threads.net/v1.0` → `https://graph.threads.net`. */
function graphRoot(config: Config): string {
  return config.THREADS_API_URL.replace(/\/v\d+(\.\d+)?$/, "");
}

export function threadsAuthorizeUrl(config: Config, args: { redirectUri: string; state: string }): string {
  const query = new URLSearchParams({
    client_id: config.THREADS_APP_ID ?? "",
    redirect_uri: args.redirectUri,
    scope: THREADS_SCOPES.join(","),
    response_type: "code",
    state: args.state,
  });
  return `${config.THREADS_AUTHORIZE_URL}?${query}`;
}

/** Code → short-lived token → long-lived token; and the user it belongs to. */
export async function exchangeThreadsCode(
  config: Config,
  args: { code: string; redirectUri: string },
  now = Date.now(),
): Promise<{ userId: string; tokens: AccountTokens }> {
  const short = await oauthCall(
    "Threads",
    `${graphRoot(config)}/oauth/access_token`,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: config.THREADS_APP_ID ?? "",
        client_secret: config.THREADS_APP_SECRET ?? "",
        grant_type: "authorization_code",
        redirect_uri: args.redirectUri,
        code: args.code,
      }),
    },
    shortSchema,
  );
  const query = new URLSearchParams({
    grant_type: "th_exchange_token",
    client_secret: config.THREADS_APP_SECRET ?? "",
    access_token: short.access_token,
  });
  const long = await oauthCall("Threads", `${graphRoot(config)}/access_token?${query}`, {}, longSchema);
  return {
    userId: String(short.user_id),
    tokens: { accessToken: long.access_token, accessExpiresAt: now + long.expires_in * 1000 },
  };
}

/** A fresh 60-day token for one at least 24 hours old and not yet expired. */
export async function refreshThreadsToken(
  config: Config,
  token: string,
  now = Date.now(),
): Promise<AccountTokens> {
  const query = new URLSearchParams({ grant_type: "th_refresh_token", access_token: token });
  const long = await oauthCall(
    "Threads",
    `${graphRoot(config)}/refresh_access_token?${query}`,
    {},
    longSchema,
  );
  return { accessToken: long.access_token, accessExpiresAt: now + long.expires_in * 1000 };
}

export async function threadsMe(config: Config, token: string): Promise<{ id: string; username: string }> {
  const query = new URLSearchParams({ fields: "id,username", access_token: token });
  return oauthCall("Threads", `${config.THREADS_API_URL}/me?${query}`, {}, meSchema);
}
