// What the X and Threads consent screens share: a small HTML page naming the app, the
// scopes and the user who is about to authorize, with "Authorize app" and "Cancel" links;
// the HTML error page shown for a bad authorize URL; redirects; and token minting.
import { randomBytes } from "node:crypto";
import type { FakeResponse } from "./http.js";
import { text } from "./http.js";

const HTML = "text/html; charset=utf-8";

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export interface ConsentPage {
  platform: string;
  clientId: string;
  scopes: string[];
  user: { username: string; name: string };
  approveUrl: string;
  denyUrl: string;
}

/** The links carry ids `approve` and `deny`, which FakesClient.approveConsent looks for. */
export function consentPage(page: ConsentPage): FakeResponse {
  const scopes = page.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join("");
  return text(
    200,
    `<!doctype html>
<html><head><meta charset="utf-8"><title>Authorize app - ${escapeHtml(page.platform)}</title></head>
<body>
<h1>${escapeHtml(page.platform)}: authorize app <code>${escapeHtml(page.clientId)}</code>?</h1>
<p>Signed in as <strong>@${escapeHtml(page.user.username)}</strong> (${escapeHtml(page.user.name)}).</p>
<p>The app will be able to:</p>
<ul>${scopes}</ul>
<p><a id="approve" href="${escapeHtml(page.approveUrl)}">Authorize app</a>
<a id="deny" href="${escapeHtml(page.denyUrl)}">Cancel</a></p>
</body></html>
`,
    HTML,
  );
}

/** Both platforms show a page, never a redirect, when the authorize URL itself is wrong. */
export function errorPage(platform: string, message: string): FakeResponse {
  return text(
    400,
    `<!doctype html>
<html><head><meta charset="utf-8"><title>Error - ${escapeHtml(platform)}</title></head>
<body><h1>Something went wrong</h1><p id="error">${escapeHtml(message)}</p></body></html>
`,
    HTML,
  );
}

export function redirect(location: string): FakeResponse {
  return { status: 302, headers: { location, "content-type": HTML }, body: "" };
}

/** `prefix` + a counter (unique for the server's lifetime) + randomness, URL-safe. */
export function mintToken(prefix: string, serial: number): string {
  return `${prefix}${serial.toString(36)}${randomBytes(18).toString("base64url")}`;
}

/** The authorize URL's own query, pointed at a sibling path (".../approve", ".../deny"). */
export function siblingUrl(origin: string, path: string, query: Record<string, string>): string {
  return `${origin}${path}?${new URLSearchParams(query)}`;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
