/**
 * The post as it is published: its text (citation markers removed) followed by the reader
 * blocks (`reader-lines`: crisis line, disclaimer, sources), fitted to the platform.
 *
 * - Everything fits in one part → one part, the blocks after blank lines.
 * - Otherwise a numbered thread: the text is split as `fitToPlatform` splits it, and the
 *   blocks go at the end of the last part while they fit, else into final part(s) of their
 *   own. Reader lines are never dropped and a block is kept in one part whenever it fits
 *   in one (a line too long even for an empty part is split at words, as a last resort).
 * - Every part, counter included, fits as the platform counts it (`platformLength`); on
 *   Telegram that is the visible text after entity parsing (a link counts as its title).
 */
import type { Platform } from "../db/schema";
import { fitToPlatform, type PlatformFit, stripCitationMarkers } from "../pipeline/platform-fit";
import { escapeTelegramHtml } from "../pipeline/telegram-html";
import { splitToFit } from "../pipeline/thread-split";
import { PLATFORM_LIMITS, platformLength } from "./limits";
import type { ReaderBlock, ReaderLine } from "./reader-lines";

/** A part being built: visible text and what is sent. */
type Piece = ReaderLine;

export function assemblePost(platform: Platform, raw: string, blocks: ReaderBlock[]): PlatformFit {
  const body = stripCitationMarkers(raw).trim();
  const tail = blocks.filter((block) => block.length > 0);
  if (tail.length === 0) return fitToPlatform(platform, body);

  const limit = PLATFORM_LIMITS[platform];
  const format = (text: string): string => (platform === "telegram" ? escapeTelegramHtml(text) : text);
  const fitsWith =
    (suffix: string) =>
    (piece: Piece): boolean =>
      platformLength(platform, piece.text + suffix) <= limit;

  const whole = tail.reduce((post, block) => join(post, "\n\n", joinLines(block)), piece(body, format));
  let parts: Piece[];
  if (fitsWith("")(whole)) {
    parts = [whole];
  } else {
    parts = numberedThread((suffix) => {
      const fits = fitsWith(suffix);
      const pieces = splitToFit(body, (text) => fits(piece(text, format))).map((text) => piece(text, format));
      return packTail(pieces, tail, fits, format);
    });
  }
  return {
    platform,
    parts: parts.map((p) => p.text),
    formatted: parts.map((p) => p.formatted),
    lengths: parts.map((p) => platformLength(platform, p.text)),
    limit,
  };
}

/**
 * Builds the parts with room reserved for the widest counter, widening (` (9/9)` →
 * ` (99/99)`…) until the part count's digits fit, then appends the counters.
 */
function numberedThread(build: (suffix: string) => Piece[]): Piece[] {
  for (let digits = 1; ; digits++) {
    const widest = "9".repeat(digits);
    const pieces = build(counter(widest, widest));
    const total = String(pieces.length);
    if (total.length <= digits) {
      return pieces.map((p, i) => {
        const mark = counter(String(i + 1), total);
        return { text: p.text + mark, formatted: p.formatted + mark };
      });
    }
  }
}

/**
 * Appends the blocks after the body's last piece: a block joins the current part when it
 * fits there, else starts a new part; a block too big for any part goes line by line.
 */
function packTail(
  pieces: Piece[],
  blocks: ReaderBlock[],
  fits: (piece: Piece) => boolean,
  format: (text: string) => string,
): Piece[] {
  const done = pieces.slice(0, -1);
  let current = pieces.at(-1) ?? piece("", format);
  const push = (next: Piece): void => {
    if (current.text) done.push(current);
    current = next;
  };
  for (const block of blocks) {
    const lines = joinLines(block);
    if (fits(join(current, "\n\n", lines))) current = join(current, "\n\n", lines);
    else if (fits(lines)) push(lines);
    else {
      block.forEach((line, i) => {
        const next = join(current, i === 0 ? "\n\n" : "\n", line);
        if (fits(next)) current = next;
        else if (fits(line)) push(line);
        else {
          // Longer than a whole part: split at words (the link, if any, is lost).
          const cut = splitToFit(line.text, (text) => fits(piece(text, format)));
          for (const text of cut) push(piece(text, format));
        }
      });
    }
  }
  push(piece("", format));
  return done;
}

function piece(text: string, format: (text: string) => string): Piece {
  return { text, formatted: format(text) };
}

function joinLines(block: ReaderBlock): Piece {
  return {
    text: block.map((line) => line.text).join("\n"),
    formatted: block.map((line) => line.formatted).join("\n"),
  };
}

/** `a`, `separator`, `b` — or just `b` when `a` is empty. */
function join(a: Piece, separator: string, b: Piece): Piece {
  if (!a.text) return b;
  return { text: a.text + separator + b.text, formatted: a.formatted + separator + b.formatted };
}

function counter(index: string, total: string): string {
  return ` (${index}/${total})`;
}
