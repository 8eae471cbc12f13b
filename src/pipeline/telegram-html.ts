/**
 * Telegram `parse_mode=HTML` escaping. Outside tags the Bot API only requires `&`, `<` and
 * `>` to be written as entities; quotes and everything else pass through unchanged. The
 * escaped text can be longer than the visible one; Telegram's 4,096 counts the visible text
 * (after entity parsing), which is what `platform-fit` measures.
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Escapes plain text for `parse_mode=HTML`: `&`→`&amp;`, `<`→`&lt;`, `>`→`&gt;`, nothing else. */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/[&<>]/g, (ch) => ENTITIES[ch] ?? ch);
}
