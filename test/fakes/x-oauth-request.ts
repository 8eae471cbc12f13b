// Reading X's OAuth 2.0 requests as X does: the authorize URL's parameters, the token
// endpoint's form body and client authentication, the PKCE verifier, and the
// {error, error_description} answers.
import { createHash } from "node:crypto";
import type { FakeUser, UserRegistry } from "./fake-users.js";
import type { FakeRequest, FakeResponse } from "./http.js";
import { isRecord, json, str } from "./http.js";
import { isHttpUrl } from "./oauth-pages.js";

/** X's documented OAuth 2.0 scopes. */
const SCOPES = new Set([
  "tweet.read",
  "tweet.write",
  "tweet.moderate.write",
  "users.email",
  "users.read",
  "follows.read",
  "follows.write",
  "offline.access",
  "space.read",
  "mute.read",
  "mute.write",
  "like.read",
  "like.write",
  "list.read",
  "list.write",
  "block.read",
  "block.write",
  "bookmark.read",
  "bookmark.write",
  "dm.read",
  "dm.write",
  "media.write",
]);
const STATE_MAX = 500;
/** RFC 7636: 43-128 unreserved characters; an S256 challenge is 32 bytes in base64url. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

function oauthError(status: number, error: string, description: string): FakeResponse {
  return json(status, { error, error_description: description });
}

export const invalidRequest = (description: string) => oauthError(400, "invalid_request", description);
export const unauthorizedClient = () =>
  oauthError(401, "unauthorized_client", "Missing valid authorization header");

export interface AuthorizeRequest {
  query: Record<string, string>;
  user: FakeUser;
  scopes: string[];
}

/** Every authorize parameter checked as X does; a string is the error page's message. */
export function readAuthorize(query: Record<string, string>, users: UserRegistry): AuthorizeRequest | string {
  if (query.response_type !== "code") return "response_type must be code.";
  if (!query.client_id) return "client_id is missing.";
  if (!query.redirect_uri || !isHttpUrl(query.redirect_uri)) return "redirect_uri is missing or invalid.";
  const scopes = (query.scope ?? "").split(" ").filter((scope) => scope !== "");
  if (scopes.length === 0) return "scope is missing.";
  const unknown = scopes.find((scope) => !SCOPES.has(scope));
  if (unknown !== undefined) return `Unknown scope: ${unknown}.`;
  if (!query.state || query.state.length > STATE_MAX)
    return `state is required (at most ${STATE_MAX} characters).`;
  const method = query.code_challenge_method;
  if (method !== "S256" && method !== "plain") return "code_challenge_method must be S256 or plain.";
  const challenge = query.code_challenge ?? "";
  if (method === "S256" ? !S256_CHALLENGE.test(challenge) : challenge === "") {
    return "code_challenge is missing or malformed.";
  }
  const user = users.authorizer(query.login_as);
  if (user === undefined) return `No fake X user @${query.login_as}.`;
  return { query, user, scopes };
}

/** X's docs show `plain` with a short verifier; RFC 7636's format is enforced for S256. */
export function verifierMatches(method: "S256" | "plain", challenge: string, verifier: string): boolean {
  if (method === "plain") return verifier === challenge;
  return VERIFIER.test(verifier) && createHash("sha256").update(verifier).digest("base64url") === challenge;
}

/** The form body only: X reads token-endpoint parameters nowhere else. */
export function form(req: FakeRequest): Record<string, unknown> {
  const type = req.headers["content-type"] ?? "";
  return type.includes("application/x-www-form-urlencoded") && isRecord(req.body) ? req.body : {};
}

/**
 * The calling app: Basic auth (a confidential client; any secret will do) or client_id in the
 * body (a public client). When both are sent they must name the same app.
 */
export function clientId(req: FakeRequest, body: Record<string, unknown>): string | undefined {
  const fromBody = str(body, "client_id") || undefined;
  const header = req.headers.authorization;
  if (header === undefined) return fromBody;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!basic?.[1]) return undefined;
  const decoded = Buffer.from(basic[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const id = colon < 0 ? "" : decoded.slice(0, colon);
  const secret = colon < 0 ? "" : decoded.slice(colon + 1);
  if (!id || !secret) return undefined;
  return fromBody === undefined || fromBody === id ? id : undefined;
}
