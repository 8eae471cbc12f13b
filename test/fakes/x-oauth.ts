// X's OAuth 2.0 Authorization Code flow with PKCE, under the /x mount: the consent page
// (/i/oauth2/authorize, then .../approve or .../deny), the token endpoint (codes and
// rotating refresh tokens) and revocation. Codes live 30 seconds and work once; access
// tokens live 7200 seconds by the fake clock. Tokens the fake mints start with "xfake-";
// any other bearer token, like any OAuth 1.0a header, still acts as the default user.
import type { FakeClock } from "./clock.js";
import type { FakeUser, UserRegistry } from "./fake-users.js";
import type { FakeRequest, FakeResponse } from "./http.js";
import { bearerToken, json, sequence, str } from "./http.js";
import { type Grant, GrantStore } from "./oauth-grants.js";
import { consentPage, errorPage, mintToken, redirect, siblingUrl } from "./oauth-pages.js";
import {
  clientId,
  form,
  invalidRequest,
  readAuthorize,
  unauthorizedClient,
  verifierMatches,
} from "./x-oauth-request.js";

export type XUser = FakeUser;

/** Who `GET /2/users/me` has always answered as; OAuth 1.0a callers still post as this user. */
export const X_DEFAULT_USER: XUser = {
  id: "1700000000000000001",
  username: "serotonin_fake",
  name: "Serotonin Fake",
};

export const X_TOKEN_PREFIX = "xfake-";
const ACCESS_PREFIX = `${X_TOKEN_PREFIX}at-`;
const REFRESH_PREFIX = `${X_TOKEN_PREFIX}rt-`;
const CODE_PREFIX = `${X_TOKEN_PREFIX}ac-`;
const CODE_SECONDS = 30;
const ACCESS_SECONDS = 7200;

interface Code {
  grant: Grant;
  redirectUri: string;
  challenge: string;
  method: "S256" | "plain";
  expiresAt: number;
  used: boolean;
}

interface Token {
  grant: Grant;
  /** Refresh tokens never expire on their own; they die when used, revoked or the grant is. */
  expiresAt: number;
  dead: boolean;
}

/** The account a request to the API acts as, and what its token allows (all for non-OAuth 2.0 callers). */
export interface XCaller {
  user: XUser;
  scopes: ReadonlySet<string> | undefined;
}

export interface XOAuth {
  /** Answers the OAuth routes; undefined for every other path. */
  handle(req: FakeRequest): FakeResponse | undefined;
  /** undefined: a fake-issued token that is unknown, expired or revoked (answer 401). */
  caller(req: FakeRequest): XCaller | undefined;
  users: UserRegistry;
  /** As if the user removed the app in their settings: every grant and token dies. */
  revokeUser(username: string): boolean;
  reset(): void;
}

export function createXOAuth(clock: FakeClock): XOAuth {
  const store = new GrantStore<Code, Token>("X", X_DEFAULT_USER);
  const { users, codes, tokens } = store;
  const nextToken = sequence();

  const live = (token: Token | undefined): token is Token =>
    token !== undefined && !token.dead && !token.grant.revoked && clock.now() < token.expiresAt;

  function authorize(req: FakeRequest, step: "page" | "approve" | "deny"): FakeResponse {
    const read = readAuthorize(req.query, users);
    if (typeof read === "string") return errorPage("X", read);
    const { query, user, scopes } = read;
    const back = new URL(query.redirect_uri ?? "");
    back.searchParams.set("state", query.state ?? "");
    if (step === "deny") {
      back.searchParams.set("error", "access_denied");
      return redirect(back.toString());
    }
    if (step === "approve") {
      const code = mintToken(CODE_PREFIX, nextToken());
      const grant = store.grant(user.id, query.client_id ?? "", scopes);
      codes.set(code, {
        grant,
        redirectUri: query.redirect_uri ?? "",
        challenge: query.code_challenge ?? "",
        method: query.code_challenge_method === "plain" ? "plain" : "S256",
        expiresAt: clock.now() + CODE_SECONDS * 1000,
        used: false,
      });
      back.searchParams.set("code", code);
      return redirect(back.toString());
    }
    const page = "/x/i/oauth2/authorize";
    return consentPage({
      platform: "X",
      clientId: query.client_id ?? "",
      scopes,
      user,
      approveUrl: siblingUrl(req.origin, `${page}/approve`, query),
      denyUrl: siblingUrl(req.origin, `${page}/deny`, query),
    });
  }

  function issue(grant: Grant): FakeResponse {
    const accessToken = mintToken(ACCESS_PREFIX, nextToken());
    tokens.set(accessToken, { grant, expiresAt: clock.now() + ACCESS_SECONDS * 1000, dead: false });
    const reply: Record<string, unknown> = {
      token_type: "bearer",
      expires_in: ACCESS_SECONDS,
      access_token: accessToken,
      scope: grant.scopes.join(" "),
    };
    if (grant.scopes.includes("offline.access")) {
      const refreshToken = mintToken(REFRESH_PREFIX, nextToken());
      tokens.set(refreshToken, { grant, expiresAt: Number.POSITIVE_INFINITY, dead: false });
      reply.refresh_token = refreshToken;
    }
    return json(200, reply);
  }

  function exchangeCode(client: string, body: Record<string, unknown>): FakeResponse {
    for (const key of ["code", "redirect_uri", "code_verifier"]) {
      if (!str(body, key)) return invalidRequest(`Missing required parameter [${key}].`);
    }
    const code = codes.get(str(body, "code") ?? "");
    if (code === undefined || code.used || code.grant.revoked || clock.now() >= code.expiresAt) {
      return invalidRequest("Value passed for the authorization code was invalid.");
    }
    if (code.grant.clientId !== client) return unauthorizedClient();
    if (str(body, "redirect_uri") !== code.redirectUri) {
      return invalidRequest(
        "Value passed for the redirect uri did not match the uri of the authorization code.",
      );
    }
    if (!verifierMatches(code.method, code.challenge, str(body, "code_verifier") ?? ""))
      return invalidRequest("Value passed for the code verifier did not match the code challenge.");
    code.used = true;
    return issue(code.grant);
  }

  function refresh(client: string, body: Record<string, unknown>): FakeResponse {
    const value = str(body, "refresh_token") ?? "";
    if (value === "") return invalidRequest("Missing required parameter [refresh_token].");
    const token = value.startsWith(REFRESH_PREFIX) ? tokens.get(value) : undefined;
    if (!live(token)) return invalidRequest("Value passed for the token was invalid.");
    if (token.grant.clientId !== client) return unauthorizedClient();
    token.dead = true; // rotation: every refresh token works once
    return issue(token.grant);
  }

  function tokenEndpoint(req: FakeRequest): FakeResponse {
    const body = form(req);
    const grantType = str(body, "grant_type");
    if (!grantType) return invalidRequest("Missing required parameter [grant_type].");
    const client = clientId(req, body);
    if (client === undefined) return unauthorizedClient();
    if (grantType === "authorization_code") return exchangeCode(client, body);
    if (grantType === "refresh_token") return refresh(client, body);
    return invalidRequest("Value passed for the grant type was invalid.");
  }

  function revokeEndpoint(req: FakeRequest): FakeResponse {
    const body = form(req);
    const value = str(body, "token");
    if (!value) return invalidRequest("Missing required parameter [token].");
    const hint = str(body, "token_type_hint");
    if (hint !== undefined && hint !== "access_token" && hint !== "refresh_token") {
      return invalidRequest("Value passed for the token type hint was invalid.");
    }
    const client = clientId(req, body);
    if (client === undefined) return unauthorizedClient();
    const token = tokens.get(value);
    if (token !== undefined) {
      if (token.grant.clientId !== client) return unauthorizedClient();
      token.dead = true;
    }
    // RFC 7009: a token that is unknown or already dead is revoked as far as the client cares.
    return json(200, { revoked: true });
  }

  return {
    handle(req) {
      const route = `${req.method} ${req.path}`;
      if (route === "GET /i/oauth2/authorize") return authorize(req, "page");
      if (route === "GET /i/oauth2/authorize/approve") return authorize(req, "approve");
      if (route === "GET /i/oauth2/authorize/deny") return authorize(req, "deny");
      if (route === "POST /2/oauth2/token") return tokenEndpoint(req);
      if (route === "POST /2/oauth2/revoke") return revokeEndpoint(req);
      return undefined;
    },
    caller(req) {
      const value = bearerToken(req.headers);
      if (value === undefined || !value.startsWith(X_TOKEN_PREFIX)) {
        return { user: users.get(X_DEFAULT_USER.id) ?? X_DEFAULT_USER, scopes: undefined };
      }
      const token = value.startsWith(ACCESS_PREFIX) ? tokens.get(value) : undefined;
      const user = live(token) ? users.get(token.grant.userId) : undefined;
      return token && user ? { user, scopes: new Set(token.grant.scopes) } : undefined;
    },
    users,
    revokeUser: (username) => store.revokeUser(username),
    reset: () => store.reset(),
  };
}
