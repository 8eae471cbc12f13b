/**
 * Text limits for what physicians type into Slack, in one place: Slack's ceiling for a
 * `plain_text_input` (its `max_length` and `initial_value` may not exceed 3,000 characters,
 * or `views.open` fails with `invalid_arguments`), the longest topic and the longest post.
 * A post may be longer than one input (Telegram allows 4,096), so the edit form spreads it
 * over two inputs: `splitForInputs` cuts it and `joinInputs` puts it back exactly.
 */

/** Slack's maximum `max_length` (and `initial_value` length) of a plain_text_input. */
export const SLACK_TEXT_INPUT_MAX = 3000;
/** Longest topic: the `/draft` command and the new-draft form. */
export const TOPIC_MAX = 500;
/** Longest post text a physician may save: Telegram's 4,096, the longest single post. */
export const POST_TEXT_MAX = 4096;
/** Between the two inputs when nothing else is known: a new paragraph. */
export const DEFAULT_INPUT_JOINER = "\n\n";

export interface SplitText {
  first: string;
  rest: string;
  /** The whitespace that was between `first` and `rest` (empty for a hard cut). */
  joiner: string;
}

/** Rank of a whitespace run as a place to cut: paragraph, then line, then word. */
function rank(run: string): number {
  if (run.includes("\n\n")) return 3;
  return run.includes("\n") ? 2 : 1;
}

/**
 * Cuts `text` into two pieces of at most `max` characters at the best whitespace run
 * (paragraph, then line, then word; the latest of its kind), dropping the run into
 * `joiner`. Both pieces start and end with non-whitespace, so trimming cannot change them.
 * Without whitespace it cuts hard, never inside an emoji. Text longer than twice `max`
 * leaves `rest` over `max` (the caller clamps it; such a post cannot be saved anyway).
 */
export function splitForInputs(text: string, max: number = SLACK_TEXT_INPUT_MAX): SplitText {
  if (text.length <= max) return { first: text, rest: "", joiner: DEFAULT_INPUT_JOINER };
  let best: { start: number; end: number; rank: number; fits: boolean } | undefined;
  for (const match of text.matchAll(/\s+/g)) {
    const start = match.index;
    const end = start + match[0].length;
    if (start === 0 || start > max || end >= text.length) continue;
    const candidate = { start, end, rank: rank(match[0]), fits: text.length - end <= max };
    const better =
      best === undefined ||
      (candidate.fits && !best.fits) ||
      (candidate.fits === best.fits && candidate.rank >= best.rank);
    if (better) best = candidate;
  }
  if (best !== undefined) {
    return {
      first: text.slice(0, best.start),
      rest: text.slice(best.end),
      joiner: text.slice(best.start, best.end),
    };
  }
  const code = text.charCodeAt(max - 1);
  const cut = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return { first: text.slice(0, cut), rest: text.slice(cut), joiner: "" };
}

/** The inverse of `splitForInputs`; either piece may have been emptied by the physician. */
export function joinInputs(first: string, rest: string, joiner: string = DEFAULT_INPUT_JOINER): string {
  if (first === "") return rest;
  if (rest === "") return first;
  return `${first}${/^\s*$/.test(joiner) ? joiner : DEFAULT_INPUT_JOINER}${rest}`;
}
