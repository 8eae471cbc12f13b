/**
 * Fitting a post to a platform. A text within the platform's limit (as the platform counts
 * it — `publishers/limits`) is one part, unchanged apart from trimming. A longer text
 * becomes a numbered thread: split by `thread-split` at paragraph/sentence/word boundaries
 * with room reserved for the ` (i/N)` counter, so every part *including* its counter fits.
 *
 * Telegram is sent with `parse_mode=HTML`, so `formatted` is the escaped text. Telegram
 * counts its 4,096 after entity parsing, so only the visible text is measured: `&amp;` is
 * one character, and escaping never causes a split.
 *
 * For publishing, `stripCitations` removes the drafts' evidence markers (`[2]`, `[1, 3]`,
 * `[2–4]`) with the space before them — readers of the post never see the numbered list
 * they point to — and `appendix` (e.g. a short "Sources:" block) is added after a blank
 * line only when the whole post, appendix included, still fits in one part.
 */
import type { Platform } from "../db/schema";
import { PLATFORM_LIMITS, platformLength } from "../publishers/limits";
import { escapeTelegramHtml } from "./telegram-html";
import { splitToFit } from "./thread-split";

export interface FitOptions {
  /** Append ` (1/3)`-style counters to a multi-part thread (default true). */
  numbering?: boolean;
  /** Remove `[n]` citation markers (and the space before them) before fitting. */
  stripCitations?: boolean;
  /** Text appended after a blank line when the post with it still fits in one part. */
  appendix?: string;
}

/** `[2]`, `[1,3]`, `[1, 3]`, `[2-4]`, `[2–4]`, with any spaces or tabs just before. */
const CITATION_MARKER = /[ \t\u00a0]*\[\d+(?:\s*[,–-]\s*\d+)*\]/g;

/** The text without its citation markers. */
export function stripCitationMarkers(text: string): string {
  return text.replace(CITATION_MARKER, "");
}

export interface PlatformFit {
  platform: Platform;
  /** Plain-text posts, each within the limit as the platform counts it (counter included). */
  parts: string[];
  /** What the publisher sends: Telegram HTML-escaped text; X/Threads the plain part. */
  formatted: string[];
  /** `platformLength` of each part. */
  lengths: number[];
  limit: number;
}

export function fitToPlatform(platform: Platform, text: string, options: FitOptions = {}): PlatformFit {
  const limit = PLATFORM_LIMITS[platform];
  const trimmed = (options.stripCitations ? stripCitationMarkers(text) : text).trim();
  const fitsWith =
    (suffix: string) =>
    (piece: string): boolean =>
      platformLength(platform, piece + suffix) <= limit;

  const appendix = options.appendix?.trim();
  const withAppendix = appendix ? `${trimmed}\n\n${appendix}` : undefined;
  let parts: string[];
  if (withAppendix && fitsWith("")(withAppendix)) {
    parts = [withAppendix];
  } else if (fitsWith("")(trimmed)) {
    parts = [trimmed];
  } else if (options.numbering === false) {
    parts = splitToFit(trimmed, fitsWith(""));
  } else {
    parts = numberedThread(trimmed, fitsWith);
  }
  return {
    platform,
    parts,
    formatted: platform === "telegram" ? parts.map(escapeTelegramHtml) : parts,
    lengths: parts.map((part) => platformLength(platform, part)),
    limit,
  };
}

/**
 * Splits with room for the widest counter; the number of parts is unknown up front, so
 * start by reserving ` (9/9)` and widen (` (99/99)`…) until the part count's digits fit.
 */
function numberedThread(text: string, fitsWith: (suffix: string) => (piece: string) => boolean): string[] {
  for (let digits = 1; ; digits++) {
    const widest = "9".repeat(digits);
    const pieces = splitToFit(text, fitsWith(counter(widest, widest)));
    const total = String(pieces.length);
    if (total.length <= digits) return pieces.map((piece, i) => piece + counter(String(i + 1), total));
  }
}

function counter(index: string, total: string): string {
  return ` (${index}/${total})`;
}
