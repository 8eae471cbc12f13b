/**
 * X: OAuth 2.0 Authorization Code with PKCE (S256), as a confidential client (Basic auth
 * with X_CLIENT_ID:X_CLIENT_SECRET at the token endpoint). Access tokens live 2 hours; the
 * refresh token (scope offline.access) is single use and comes back renewed with every
 * refresh.
 */
import { z } from "zod";
import type { Config } from "../config";
import { OAuthError, oauthCall } from "./oauth-http";
import type { AccountTokens } from "./store";

export const X_SCOPES = ["tweet.read", "tweet.write", "users.read", "offline.access"] as const;

const tokenSchema = z.object({
  token_type: z.string(),
  access_token: z.string().min(1),
  expires_in: z.number().int().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});

const meSchema = z.object({
  data: z.object({ id: z.string().regex(/^\d+$/), username: z.string().min(1), name: z.string().optional() }),
});

export function xOAuthConfigured(config: Config): boolean {
  return Boolean(config.X_CLIENT_ID && config.X_CLIENT_SECRET);
}

export function xAuthorizeUrl(
  config: Config,
  args: { redirectUri: string; state: string; challenge: string },
): string {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: config.X_CLIENT_ID ?? "",
    redirect_uri: args.redirectUri,
    scope: X_SCOPES.join(" "),
    state: args.state,
    code_challenge: args.challenge,
    code_challenge_method: "S256",
  });
  return `${config.X_AUTHORIZE_URL}?${query}`;
}

function clientAuth(config: Config): string {
  return `Basic ${btoa(`${config.X_CLIENT_ID ?? ""}:${config.X_CLIENT_SECRET ?? ""}`)}`;
}

async function tokenCall(config: Config, form: Record<string, string>, now: number): Promise<AccountTokens> {
  const reply = await oauthCall(
    "X",
    `${config.X_API_URL}/2/oauth2/token`,
    {
      method: "POST",
      headers: { authorization: clientAuth(config), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form, client_id: config.X_CLIENT_ID ?? "" }),
    },
    tokenSchema,
  );
  if (reply.token_type.toLowerCase() !== "bearer")
    throw new OAuthError("X issued a token of an unknown type", "refused");
  return {
    accessToken: reply.access_token,
    refreshToken: reply.refresh_token,
    accessExpiresAt: reply.expires_in ? now + reply.expires_in * 1000 : undefined,
  };
}

export function exchangeXCode(
  config: Config,
  args: { code: string; verifier: string; redirectUri: string },
  now = Date.now(),
): Promise<AccountTokens> {
  return tokenCall(
    config,
    {
      grant_type: "authorization_code",
      code: args.code,
      redirect_uri: args.redirectUri,
      code_verifier: args.verifier,
    },
    now,
  );
}

/** A new access token and a new refresh token; the old refresh token stops working. */
export function refreshXToken(
  config: Config,
  refreshToken: string,
  now = Date.now(),
): Promise<AccountTokens> {
  return tokenCall(config, { grant_type: "refresh_token", refresh_token: refreshToken }, now);
}

export async function xMe(config: Config, accessToken: string): Promise<{ id: string; username: string }> {
  const reply = await oauthCall(
    "X",
    `${config.X_API_URL}/2/users/me`,
    { headers: { authorization: `Bearer ${accessToken}` } },
    meSchema,
  );
  return { id: reply.data.id, username: reply.data.username };
}

/** Best effort: a disconnect never waits on X (the row is deleted either way). */
export async function revokeXToken(
  config: Config,
  token: string,
  hint: "access_token" | "refresh_token",
): Promise<void> {
  await oauthCall(
    "X",
    `${config.X_API_URL}/2/oauth2/revoke`,
    {
      method: "POST",
      headers: { authorization: clientAuth(config), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, token_type_hint: hint, client_id: config.X_CLIENT_ID ?? "" }),
    },
    z.unknown(),
  );
}
