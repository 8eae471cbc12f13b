// Meta's Threads OAuth: the Authorization Window (/threads/oauth/authorize, then
// .../approve or .../deny; the redirect gets Meta's trailing "#_"), the code → short-lived
// token (1 hour) → long-lived token (60 days) exchanges and the refresh of a long-lived token
// at least 24 hours old. Codes live 1 hour and work once. Tokens the fake mints start with
// "THFAKE"; any other token still acts as the default user, as before OAuth existed.
import type { FakeClock } from "./clock.js";
import type { FakeUser, UserRegistry } from "./fake-users.js";
import { graphError, graphTime, invalidToken } from "./graph-errors.js";
import type { FakeRequest, FakeResponse } from "./http.js";
import { bearerToken, params, sequence, str, text } from "./http.js";
import { type Grant, GrantStore } from "./oauth-grants.js";
import { consentPage, errorPage, mintToken, redirect, siblingUrl } from "./oauth-pages.js";
import { readAuthorize } from "./threads-oauth-request.js";

export const THREADS_DEFAULT_USER: FakeUser = {
  id: "27000000000000001",
  username: "fake",
  name: "Serotonin Fake",
};

export const THREADS_TOKEN_PREFIX = "THFAKE";
const SHORT_PREFIX = `${THREADS_TOKEN_PREFIX}S`;
const LONG_PREFIX = `${THREADS_TOKEN_PREFIX}L`;
const CODE_PREFIX = "AQFAKE";
const HOUR = 3600;
const CODE_SECONDS = HOUR;
const SHORT_SECONDS = HOUR;
const LONG_SECONDS = 60 * 24 * HOUR;
const REFRESH_MIN_AGE_SECONDS = 24 * HOUR;
const AUTHORIZE_PAGE = "/threads/oauth/authorize";

interface Code {
  grant: Grant;
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}

interface Token {
  grant: Grant;
  kind: "short" | "long";
  issuedAt: number;
  expiresAt: number;
}

export interface ThreadsCaller {
  user: FakeUser;
  /** undefined for tokens the fake never issued: they may do anything, as before. */
  scopes: ReadonlySet<string> | undefined;
}

export interface ThreadsOAuth {
  /** The OAuth routes (the authorize page only where `withPage`); undefined for other paths. */
  handle(req: FakeRequest, withPage: boolean): FakeResponse | undefined;
  /** The account a Graph call acts as, or Graph's error for a fake-issued token that does not work. */
  caller(req: FakeRequest): ThreadsCaller | FakeResponse;
  users: UserRegistry;
  revokeUser(username: string): boolean;
  reset(): void;
}

const missing = (name: string) => graphError(400, 100, `Missing ${name} parameter.`);

export function createThreadsOAuth(clock: FakeClock): ThreadsOAuth {
  const store = new GrantStore<Code, Token>("Threads", THREADS_DEFAULT_USER);
  const { users, codes, tokens } = store;
  const nextToken = sequence();

  /** A fake-issued token that works, or Graph's code-190 answer. */
  function check(value: string): Token | FakeResponse {
    const token = tokens.get(value);
    if (token === undefined) return invalidToken("Invalid OAuth access token - Cannot parse access token");
    if (token.grant.revoked) {
      return invalidToken(
        `Error validating access token: The user has not authorized application ${token.grant.clientId}.`,
        458,
      );
    }
    const now = clock.now();
    if (now >= token.expiresAt) {
      return invalidToken(
        `Error validating access token: Session has expired on ${graphTime(token.expiresAt)}. The current time is ${graphTime(now)}.`,
        463,
      );
    }
    return token;
  }

  function mint(grant: Grant, kind: Token["kind"]): string {
    const value = mintToken(kind === "short" ? SHORT_PREFIX : LONG_PREFIX, nextToken());
    const now = clock.now();
    const seconds = kind === "short" ? SHORT_SECONDS : LONG_SECONDS;
    tokens.set(value, { grant, kind, issuedAt: now, expiresAt: now + seconds * 1000 });
    return value;
  }

  function authorize(req: FakeRequest, step: "page" | "approve" | "deny"): FakeResponse {
    const read = readAuthorize(req.query, users);
    if (typeof read === "string") return errorPage("Threads", read);
    const { query, user, scopes } = read;
    const back = new URL(query.redirect_uri ?? "");
    if (step === "deny") {
      back.searchParams.set("error", "access_denied");
      back.searchParams.set("error_reason", "user_denied");
      back.searchParams.set("error_description", "Permissions error");
    } else if (step === "approve") {
      const code = mintToken(CODE_PREFIX, nextToken());
      const grant = store.grant(user.id, query.client_id ?? "", scopes);
      const expiresAt = clock.now() + CODE_SECONDS * 1000;
      codes.set(code, { grant, redirectUri: query.redirect_uri ?? "", expiresAt, used: false });
      back.searchParams.set("code", code);
    } else {
      return consentPage({
        platform: "Threads",
        clientId: query.client_id ?? "",
        scopes,
        user,
        approveUrl: siblingUrl(req.origin, `${AUTHORIZE_PAGE}/approve`, query),
        denyUrl: siblingUrl(req.origin, `${AUTHORIZE_PAGE}/deny`, query),
      });
    }
    if (query.state !== undefined) back.searchParams.set("state", query.state);
    // Meta appends "#_" to the redirect; it is not part of the code.
    back.hash = "_";
    return redirect(back.toString());
  }

  function exchangeCode(args: Record<string, unknown>): FakeResponse {
    for (const key of ["client_id", "client_secret", "grant_type", "redirect_uri", "code"]) {
      if (!str(args, key)) return missing(key);
    }
    if (str(args, "grant_type") !== "authorization_code")
      return graphError(400, 100, "Unsupported grant_type.");
    const code = codes.get(str(args, "code") ?? "");
    if (code === undefined || code.grant.clientId !== str(args, "client_id")) {
      return graphError(400, 100, "Invalid verification code format.", { error_subcode: 36008 });
    }
    if (code.used)
      return graphError(400, 100, "This authorization code has been used.", { error_subcode: 36009 });
    if (code.grant.revoked || clock.now() >= code.expiresAt) {
      return graphError(400, 100, "This authorization code has expired.", { error_subcode: 36007 });
    }
    if (str(args, "redirect_uri") !== code.redirectUri) {
      return graphError(
        400,
        100,
        "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
        { error_subcode: 36008 },
      );
    }
    code.used = true;
    const accessToken = mint(code.grant, "short");
    // user_id is a JSON number, as Meta sends it: ids above 2^53 lose digits in JSON.parse.
    return text(
      200,
      `{"access_token":${JSON.stringify(accessToken)},"user_id":${code.grant.userId}}`,
      "application/json; charset=utf-8",
    );
  }

  function longLived(args: Record<string, unknown>, grantType: string, from: Token["kind"]): FakeResponse {
    if (str(args, "grant_type") !== grantType) return graphError(400, 100, "Unsupported grant_type.");
    if (from === "short" && !str(args, "client_secret")) return missing("client_secret");
    const value = str(args, "access_token") ?? "";
    if (value === "") return missing("access_token");
    const token = check(value);
    if ("status" in token) return token;
    if (token.kind !== from) {
      return graphError(400, 100, "Invalid parameter", {
        error_user_msg: `${grantType} takes a ${from}-lived token.`,
      });
    }
    if (from === "long" && clock.now() - token.issuedAt < REFRESH_MIN_AGE_SECONDS * 1000) {
      // Meta documents the rule, not the refusal: the wording here is the fake's own.
      return invalidToken(
        "Error validating access token: The token is less than 24 hours old and cannot be refreshed yet.",
      );
    }
    return text(
      200,
      JSON.stringify({
        access_token: mint(token.grant, "long"),
        token_type: "bearer",
        expires_in: LONG_SECONDS,
      }),
      "application/json; charset=utf-8",
    );
  }

  return {
    handle(req, withPage) {
      const route = `${req.method} ${req.path}`;
      if (withPage && route === "GET /oauth/authorize") return authorize(req, "page");
      if (withPage && route === "GET /oauth/authorize/approve") return authorize(req, "approve");
      if (withPage && route === "GET /oauth/authorize/deny") return authorize(req, "deny");
      if (route === "POST /oauth/access_token") return exchangeCode(params(req));
      if (route === "GET /access_token") return longLived(params(req), "th_exchange_token", "short");
      if (route === "GET /refresh_access_token") return longLived(params(req), "th_refresh_token", "long");
      return undefined;
    },
    caller(req) {
      const value = str(params(req), "access_token") || bearerToken(req.headers) || "";
      if (!value.startsWith(THREADS_TOKEN_PREFIX)) {
        return { user: users.get(THREADS_DEFAULT_USER.id) ?? THREADS_DEFAULT_USER, scopes: undefined };
      }
      const token = check(value);
      if ("status" in token) return token;
      const user = users.get(token.grant.userId);
      if (user === undefined) return invalidToken("Invalid OAuth access token - Cannot parse access token");
      return { user, scopes: new Set(token.grant.scopes) };
    },
    users,
    revokeUser: (username) => store.revokeUser(username),
    reset: () => store.reset(),
  };
}
