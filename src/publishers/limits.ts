/**
 * Platform length rules, counted the way each platform counts:
 * - Telegram: 4,096 characters of the message text (UTF-16 code units, as the Bot API does);
 * - Threads: 500 characters (code points);
 * - X: 280 *weighted* characters — twitter-text v3 rules: code points below U+1100 (Latin,
 *   Greek, Cyrillic…) and a few punctuation ranges weigh 1, everything else (CJK, emoji)
 *   weighs 2; every URL counts as 23 whatever its length.
 */
import type { Platform } from "../db/schema";

export const PLATFORM_LIMITS: Record<Platform, number> = { telegram: 4096, x: 280, threads: 500 };

// twitter-text v3 config: weight 100 ("1") for these ranges, 200 ("2") for the rest.
const LIGHT_RANGES: [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];
const URL_PATTERN =
  /\bhttps?:\/\/[^\s<>"']+|\b(?:[a-z0-9-]+\.)+(?:com|org|net|gov|edu|io|ua|uk|de|co|info|me|health)\b(?:\/[^\s<>"']*)?/gi;
const URL_WEIGHT = 23;

/** Length of `text` as `platform` counts it. */
export function platformLength(platform: Platform, text: string): number {
  if (platform === "x") return weightedLength(text);
  if (platform === "threads") return [...text].length;
  return text.length;
}

export function weightedLength(text: string): number {
  let total = 0;
  let rest = text;
  const urls = text.match(URL_PATTERN) ?? [];
  for (const url of urls) {
    total += URL_WEIGHT;
    rest = rest.replace(url, "");
  }
  // Emoji sequences (ZWJ, skin tones, flags) count once, as 2.
  const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
  for (const { segment } of segmenter.segment(rest)) {
    const cp = segment.codePointAt(0) ?? 0;
    const isEmoji = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(segment);
    if (isEmoji) total += 2;
    else for (const ch of segment) total += isLight(ch.codePointAt(0) ?? cp) ? 1 : 2;
  }
  return total;
}

function isLight(cp: number): boolean {
  return LIGHT_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

export function fitsPlatform(platform: Platform, text: string): boolean {
  return platformLength(platform, text) <= PLATFORM_LIMITS[platform];
}
