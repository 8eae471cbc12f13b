/**
 * Slack mrkdwn safety and formatting: escaping user/LLM text (so it can never become
 * `<!channel>`, `<@U…>` or a link), splitting escaped text into section-sized pieces,
 * entity-safe truncation, links for URLs *we* produce, user mentions from ids, and
 * time rendering in the physician's zone and language.
 */
import type { Language } from "../db/schema";
import { isValidTimeZone } from "./time";

const ENTITIES = ["&amp;", "&lt;", "&gt;"] as const;
const LONGEST_ENTITY = 5;
const ELLIPSIS = "…";

/** Slack's three: `&`, `<`, `>` — everything else is shown as typed. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * Moves a cut index back so it never splits a UTF-16 surrogate pair (emoji) nor one of the
 * three entities `escapeMrkdwn` produces. Returns an index in [0, index].
 */
export function safeCutIndex(text: string, index: number): number {
  let cut = Math.max(0, Math.min(index, text.length));
  if (cut > 0 && cut < text.length) {
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  }
  const from = Math.max(0, cut - (LONGEST_ENTITY - 1));
  const amp = text.lastIndexOf("&", cut - 1);
  if (amp >= from && amp < cut) {
    const spansCut = ENTITIES.some((e) => text.startsWith(e, amp) && amp + e.length > cut);
    if (spansCut) cut = amp;
  }
  return cut;
}

/** Shortens to at most `max` characters, ending in "…"; entity- and emoji-safe. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  const cut = safeCutIndex(text, max - ELLIPSIS.length);
  return `${text.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}

const SENTENCE_END = /[.!?…;:](?=\s)|\n/g;

/**
 * Best cut index in `window` (the next max + 1 characters) that is at most `max` and at
 * least `min`: paragraph, then sentence or line end, then word boundary; -1 when none.
 */
function lastBoundary(window: string, max: number, min: number): number {
  const paragraph = window.lastIndexOf("\n\n", max - 2);
  if (paragraph >= 0 && paragraph + 2 >= min) return paragraph + 2;
  let sentence = -1;
  for (const match of window.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (end <= max) sentence = end;
  }
  if (sentence >= min) return sentence;
  const space = Math.max(window.lastIndexOf(" ", max), window.lastIndexOf("\t", max));
  if (space >= 0 && Math.min(space + 1, max) >= min) return Math.min(space + 1, max);
  return -1;
}

/**
 * Splits already-escaped text into pieces of at most `max` characters, preferring
 * paragraph, then sentence/line, then word boundaries (only when they keep a piece at
 * least half full, so a long text does not scatter into many blocks), and never cutting
 * inside an entity or an emoji. Empty input gives no pieces.
 */
export function splitForSections(text: string, max = 3000): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  const min = Math.max(1, Math.floor(max / 2));
  while (rest.length > max) {
    let cut = lastBoundary(rest.slice(0, max + 1), max, min);
    if (cut <= 0) cut = safeCutIndex(rest, max);
    if (cut <= 0) cut = max; // only for absurdly small max; guarantees progress
    const piece = rest.slice(0, cut).trimEnd();
    if (piece.length > 0) pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/**
 * A mrkdwn link for a URL the app itself produced (PubMed, a published post). Only
 * http(s) URLs become links; anything else is shown as the escaped label alone.
 */
export function slackLink(url: string | null | undefined, label: string): string {
  const text = escapeMrkdwn(label.replaceAll("|", "¦")).trim();
  if (url === null || url === undefined) return text;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return text;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return text;
  const href = parsed.href
    .replaceAll("&", "&amp;")
    .replaceAll("<", "%3C")
    .replaceAll(">", "%3E")
    .replaceAll("|", "%7C");
  return text.length > 0 ? `<${href}|${text}>` : `<${href}>`;
}

/** `<@U…>` for a well-formed Slack user id; anything else is shown escaped, never parsed. */
export function userMention(userId: string): string {
  return /^[UW][A-Z0-9]{2,30}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** en-US month names ("Sep", not en-GB "Sept"); the order is ours, not the locale's. */
const LOCALES: Record<Language, string> = { en: "en-US", uk: "uk-UA" };

/**
 * "29 Nov 2026, 14:30 (Europe/Kyiv)" / "29 листопада 2026, 14:30 (Europe/Kyiv)".
 * An unknown zone falls back to UTC (and says so) rather than throwing.
 */
export function formatTime(
  epochMs: number,
  timezone: string,
  language: Language,
  options: { zone?: boolean } = {},
): string {
  const zone = isValidTimeZone(timezone) ? timezone : "UTC";
  const date = new Date(epochMs);
  const dateParts = new Intl.DateTimeFormat(LOCALES[language], {
    timeZone: zone,
    day: "numeric",
    month: language === "uk" ? "long" : "short",
    year: "numeric",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    dateParts.find((p) => p.type === type)?.value ?? "";
  const month = part("month").replace(/\.$/, "");
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
  const stamp = `${part("day")} ${month} ${part("year")}, ${time}`;
  // Lists that state the zone once (App Home) leave it off each line.
  return options.zone === false ? stamp : `${stamp} (${zone})`;
}

/**
 * Lexicon mrkdwn as plain text, for places Slack shows verbatim (a form's field errors):
 * formatting marks and links dropped, entities decoded — no literal `*Review*` or `&lt;`.
 */
export function mrkdwnToPlain(text: string): string {
  return text
    .replace(/<([^|>]+)\|([^>]+)>/g, "$2")
    .replace(/<([^>]+)>/g, "$1")
    .replace(/(^|[\s(“«])[*_`~]+(?=\S)|(?<=\S)[*_`~]+(?=$|[\s.,;:!?)”»])/gm, "$1")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
