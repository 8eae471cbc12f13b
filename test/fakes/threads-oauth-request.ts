// Reading the Threads Authorization Window's parameters as Meta does: a numeric app id, a
// redirect URI, response_type=code and a comma- or space-separated scope list that includes
// threads_basic (state is optional).
import type { FakeUser, UserRegistry } from "./fake-users.js";
import { isHttpUrl } from "./oauth-pages.js";

const SCOPES = new Set([
  "threads_basic",
  "threads_content_publish",
  "threads_read_replies",
  "threads_manage_replies",
  "threads_manage_insights",
  "threads_keyword_search",
  "threads_manage_mentions",
  "threads_delete",
  "threads_location_tagging",
  "threads_profile_discovery",
]);

export interface AuthorizeRequest {
  query: Record<string, string>;
  user: FakeUser;
  scopes: string[];
}

/** A string is the error page's message. */
export function readAuthorize(query: Record<string, string>, users: UserRegistry): AuthorizeRequest | string {
  if (!/^\d+$/.test(query.client_id ?? "")) return "client_id must be your Threads app ID (digits).";
  if (!query.redirect_uri || !isHttpUrl(query.redirect_uri)) return "redirect_uri is missing or invalid.";
  if (query.response_type !== "code") return "response_type must be code.";
  const scopes = (query.scope ?? "").split(/[\s,]+/).filter((scope) => scope !== "");
  const unknown = scopes.find((scope) => !SCOPES.has(scope));
  if (unknown !== undefined) return `Invalid scope: ${unknown}.`;
  if (!scopes.includes("threads_basic")) return "scope must include threads_basic.";
  const user = users.authorizer(query.login_as);
  if (user === undefined) return `No fake Threads user @${query.login_as}.`;
  return { query, user, scopes };
}
