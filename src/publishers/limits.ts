/**
 * Platform length rules, counted the way each platform counts:
 * - Telegram: 4,096 characters of the message text *after* entity parsing (UTF-16 code
 *   units, as the Bot API counts; HTML tags and entities do not count);
 * - Threads: 500 characters, where an emoji costs its UTF-8 bytes (Meta's reference: "Emojis
 *   are counted as the number of UTF-8 bytes") — 😴 is 4, ☕ is 3 — and anything else one
 *   per code point;
 * - X: 280 *weighted* characters, as `twitter-text`'s `parseTweet` weighs them (URLs 23,
 *   CJK and emoji 2, bare domains and trailing punctuation as X's own autolinker sees them).
 */
import * as twitterText from "twitter-text";
import type { Platform } from "../db/schema";

// twitter-text is CommonJS whose functions sit on `exports.default`: depending on the
// bundler, the namespace has them directly or under `default`.
type TwitterText = typeof twitterText;
const tt: TwitterText =
  typeof twitterText.parseTweet === "function"
    ? twitterText
    : (twitterText as unknown as { default: TwitterText }).default;

export const PLATFORM_LIMITS: Record<Platform, number> = { telegram: 4096, x: 280, threads: 500 };

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const SURROGATE_PAIRS = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
const utf8 = new TextEncoder();
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Length of `text` as `platform` counts it. */
export function platformLength(platform: Platform, text: string): number {
  if (platform === "x") return weightedLength(text);
  if (platform === "threads") return threadsLength(text);
  return text.length;
}

/** X's weighted length (`twitter-text` v3 configuration, the one the API applies). */
export function weightedLength(text: string): number {
  return tt.parseTweet(text).weightedLength;
}

/** Threads: code points, except that an emoji (a whole emoji sequence) costs its UTF-8 bytes. */
export function threadsLength(text: string): number {
  // Most text has no emoji: then the count is its code points, with no segmenting (the
  // splitter measures every candidate piece, so this is the hot path).
  if (!EMOJI.test(text)) return text.length - (text.match(SURROGATE_PAIRS)?.length ?? 0);
  let total = 0;
  for (const { segment } of graphemes.segment(text)) {
    total += EMOJI.test(segment) ? utf8.encode(segment).byteLength : [...segment].length;
  }
  return total;
}

export function fitsPlatform(platform: Platform, text: string): boolean {
  return platformLength(platform, text) <= PLATFORM_LIMITS[platform];
}
