/**
 * What the voice code calls an emoji: one user-perceived character (a grapheme cluster) that
 * holds a pictograph, a flag, a keycap, or ©/®/™ in emoji presentation. A ZWJ family, a
 * skin-toned hand and a flag are one emoji each; a plain © or ™ in a reference is not one.
 * The edit lessons (does the edit drop them?), the offline edits (remove them) and the
 * stylometry (how many?) all read it here, so they agree.
 */

const EMOJI_MARK = /(?![©®™])\p{Extended_Pictographic}|[©®™]\uFE0F|\p{Regional_Indicator}|\u20E3/u;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

export function hasEmoji(text: string): boolean {
  return EMOJI_MARK.test(text);
}

/** How many emoji: each grapheme cluster holding one counts once. */
export function countEmoji(text: string): number {
  if (!hasEmoji(text)) return 0;
  let n = 0;
  for (const { segment } of graphemes.segment(text)) if (EMOJI_MARK.test(segment)) n++;
  return n;
}

/** `text` without its emoji, whole clusters (joiners, selectors, skin tones) at once. */
export function withoutEmoji(text: string): string {
  if (!hasEmoji(text)) return text;
  let out = "";
  for (const { segment } of graphemes.segment(text)) if (!EMOJI_MARK.test(segment)) out += segment;
  return out;
}
