/**
 * Telegram `parse_mode=HTML` escaping. Outside tags the Bot API only requires `&`, `<` and
 * `>` to be written as entities; quotes and everything else pass through unchanged. The
 * escaped text can be longer than the visible one, and Telegram caps the message text
 * (4,096 UTF-16 units) — `platform-fit` checks both.
 */

/** The message-text cap Telegram applies to the HTML it receives. */
export const TELEGRAM_HTML_LIMIT = 4096;

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Escapes plain text for `parse_mode=HTML`: `&`→`&amp;`, `<`→`&lt;`, `>`→`&gt;`, nothing else. */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/[&<>]/g, (ch) => ENTITIES[ch] ?? ch);
}
