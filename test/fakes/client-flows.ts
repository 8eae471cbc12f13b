// What a person or Telegram would do, done with fetch alone (workerd-safe): walk an OAuth
// consent page to the redirect back to the product, and deliver an update to a bot's webhook
// the way Telegram would.
import type { ApproveConsentOptions, TelegramWebhookState } from "./types.js";

function unescapeHtml(value: string): string {
  return value
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/**
 * Opens the authorize URL (the fake's consent page), presses "Authorize app" (or "Cancel")
 * and returns the redirect's Location (the product's callback URL with code and state, or
 * an error) without following it.
 */
export async function approveConsent(
  authorizeUrl: string,
  opts: ApproveConsentOptions = {},
): Promise<string> {
  const url = new URL(authorizeUrl);
  if (opts.loginAs !== undefined) url.searchParams.set("login_as", opts.loginAs);
  const page = await fetch(url, { redirect: "manual" });
  const html = await page.text();
  if (page.status !== 200) {
    const reason = /<p id="error">([^<]*)<\/p>/.exec(html)?.[1];
    throw new Error(
      `consent page answered HTTP ${page.status}: ${unescapeHtml(reason ?? html.slice(0, 200))}`,
    );
  }
  const link = opts.deny ? "deny" : "approve";
  const href = new RegExp(`<a id="${link}" href="([^"]*)"`).exec(html)?.[1];
  if (href === undefined) throw new Error(`the consent page has no "${link}" link`);
  const answer = await fetch(new URL(unescapeHtml(href), url), { redirect: "manual" });
  await answer.text();
  const location = answer.headers.get("location");
  if (answer.status < 300 || answer.status > 399 || location === null) {
    throw new Error(`pressing "${link}" answered HTTP ${answer.status} without a redirect`);
  }
  return location;
}

/** Delivered when nothing narrower was asked for: everything but these three. */
const NOT_BY_DEFAULT = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

/**
 * POSTs `update` to the webhook as Telegram would (JSON, X-Telegram-Bot-Api-Secret-Token).
 * null when Telegram would not deliver it: the bot's allowed_updates leave its type out.
 */
export async function deliverUpdate(
  hook: TelegramWebhookState,
  update: Record<string, unknown>,
): Promise<Response | null> {
  const type = Object.keys(update).find((key) => key !== "update_id") ?? "";
  const allowed = hook.allowedUpdates ?? [];
  if (allowed.length > 0 ? !allowed.includes(type) : NOT_BY_DEFAULT.has(type)) return null;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (hook.secretToken !== undefined) headers["x-telegram-bot-api-secret-token"] = hook.secretToken;
  return fetch(hook.url, { method: "POST", headers, body: JSON.stringify(update) });
}
