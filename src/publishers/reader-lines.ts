/**
 * What readers see under a post besides its text, in this order: the crisis-resource line
 * (safe-messaging topics), the physician's disclaimer for the platform, and the sources.
 *
 * - Telegram (parse_mode=HTML): "Sources:" and one line per source — the title linked to
 *   its URL, a knowledge-base guideline (no URL) by name.
 * - X and Threads: one short line, "Sources: https://pubmed.ncbi.nlm.nih.gov/90000001 ·
 *   NICE guideline on insomnia" (links stay real; on X any link counts 23), or one source a
 *   line when that line would not fit a part of its own.
 *
 * Each line carries the text readers see (what the platform's limit counts) and what is
 * sent (escaped HTML for Telegram). `post-assembly` fits the post and these blocks into parts.
 */
import type { CITATION_KINDS, Language, Platform } from "../db/schema";
import { containsCrisisLine } from "../pipeline/safe-messaging";
import { escapeTelegramHtml } from "../pipeline/telegram-html";
import { lexicon } from "../slack/lexicon";
import { PLATFORM_LIMITS, platformLength } from "./limits";

/** One cited source of the draft's current version, in citation order. */
export interface CitedSource {
  kind: (typeof CITATION_KINDS)[number];
  ref: string;
  title: string;
  url: string | null;
}

/** A line as readers see it (`text`) and as it is sent (`formatted`: HTML on Telegram). */
export interface ReaderLine {
  text: string;
  formatted: string;
}

/** Lines shown together (joined by a line break); blocks are separated by a blank line. */
export type ReaderBlock = ReaderLine[];

export interface ReaderLinesInput {
  platform: Platform;
  language: Language;
  /** The post as published (no markers): a crisis line it already carries is not repeated. */
  body: string;
  /** The crisis-resource line, for a draft on a safe-messaging topic; else null. */
  crisisLine: string | null;
  /** The physician's disclaimer for this platform, if any. */
  disclaimer: string | null;
  sources: CitedSource[];
}

/** Sources listed under a post, at most. */
export const MAX_SOURCES = 3;
const TITLE_MAX: Record<Platform, number> = { telegram: 200, x: 80, threads: 80 };
/** On Threads every character of a link counts: a longer one is named by its title. */
const THREADS_URL_MAX = 100;
/** Room for the widest thread counter (` (99/99)`) a line must leave in its own part. */
const COUNTER_ROOM = 8;

/** The reader blocks for a post: crisis line and disclaimer together, then the sources. */
export function readerBlocks(input: ReaderLinesInput): ReaderBlock[] {
  const notes: ReaderBlock = [];
  const crisis = input.crisisLine?.trim();
  if (crisis && !containsCrisisLine(input.body, crisis)) notes.push(plainLine(input.platform, crisis));
  const disclaimer = input.disclaimer?.replace(/\s+/g, " ").trim();
  if (disclaimer) notes.push(plainLine(input.platform, disclaimer));
  const sources = sourcesBlock(input.platform, input.language, input.sources);
  return [notes, sources].filter((block) => block.length > 0);
}

function plainLine(platform: Platform, text: string): ReaderLine {
  return { text, formatted: platform === "telegram" ? escapeTelegramHtml(text) : text };
}

function sourcesBlock(platform: Platform, language: Language, sources: CitedSource[]): ReaderBlock {
  const listed = distinct(sources).slice(0, MAX_SOURCES);
  if (listed.length === 0) return [];
  const heading = `${lexicon(language).readerLines.sourcesHeading}:`;
  if (platform === "telegram") {
    return [plainLine(platform, heading), ...listed.map(telegramSource)];
  }
  const items = listed.map((source) => shortSource(platform, source));
  const compact = `${heading} ${items.join(" · ")}`;
  if (platformLength(platform, compact) + COUNTER_ROOM <= PLATFORM_LIMITS[platform]) {
    return [plainLine(platform, compact)];
  }
  // Too long for one line of its own: one source a line, so a split falls between sources.
  return [heading, ...items].map((text) => plainLine(platform, text));
}

/** One entry per source: the same PubMed record, link or guideline is listed once. */
function distinct(sources: CitedSource[]): CitedSource[] {
  const seen = new Set<string>();
  return sources.filter((source) => {
    const url = webUrl(source.url);
    const key = url ? `url:${url}` : `title:${oneLine(source.title).toLowerCase()}`;
    if (!oneLine(source.title) && !url) return false;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `• <a href="…">Title (Journal, 2021)</a>`, or `• Guideline name` without a link. */
function telegramSource(source: CitedSource): ReaderLine {
  const url = webUrl(source.url);
  const title = shortenTitle(oneLine(source.title) || (url ?? ""), TITLE_MAX.telegram);
  const label = escapeTelegramHtml(title);
  const formatted = url ? `<a href="${escapeAttribute(url)}">${label}</a>` : label;
  return { text: `• ${title}`, formatted: `• ${formatted}` };
}

/** X / Threads: the link (short form), or the title when there is none. */
function shortSource(platform: Platform, source: CitedSource): string {
  const url = webUrl(source.url);
  const link = url ? shortUrl(url) : undefined;
  if (link && (platform === "x" || link.length <= THREADS_URL_MAX)) return link;
  return shortenTitle(oneLine(source.title) || (link ?? ""), TITLE_MAX[platform]);
}

/** An http(s) URL as given, or undefined (Telegram accepts only these in links). */
function webUrl(url: string | null): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? url.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The same address without a closing slash: `https://pubmed.ncbi.nlm.nih.gov/90000001`. */
function shortUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.search || parsed.hash || parsed.pathname === "/") return url;
  return url.replace(/\/+$/, "");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * A title cut to `max` characters with "…"; a closing "(Journal, 2021)" is kept whole,
 * since readers judge a source by where and when it appeared.
 */
export function shortenTitle(title: string, max: number): string {
  const chars = Array.from(title);
  if (chars.length <= max) return title;
  const suffix = /\s\([^()]{1,60}\)$/u.exec(title)?.[0];
  const tail = suffix && Array.from(suffix).length <= max / 2 ? suffix : "";
  const room = max - Array.from(tail).length - 1;
  return `${chars.slice(0, room).join("").trimEnd()}…${tail}`;
}

/** Escapes a value for a double-quoted HTML attribute (the link's href). */
function escapeAttribute(value: string): string {
  return escapeTelegramHtml(value).replace(/"/g, "&quot;");
}
