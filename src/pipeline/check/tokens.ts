/**
 * A small tokenizer for claim checking: numbers, words (Latin and Cyrillic, with
 * apostrophes), and single symbols, each with its offset. Numbers keep their separators
 * ("1,000", "0,5") so the quantity reader can decide what a comma means.
 */

export type TokenKind = "number" | "word" | "symbol";

export interface Token {
  kind: TokenKind;
  text: string;
  /** Lower-cased text. */
  lower: string;
  start: number;
  end: number;
}

/** "10 000" (thin/normal space thousands, as Ukrainian and SI write them) is one number. */
const TOKEN =
  /\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d+(?:[.,]\d+)*|[\p{L}\p{M}]+(?:['ʼ’][\p{L}\p{M}]+)*|\S/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const value = m[0];
    const start = m.index ?? 0;
    out.push({
      kind: /^\d/.test(value) ? "number" : /^[\p{L}\p{M}]/u.test(value) ? "word" : "symbol",
      text: value,
      lower: value.toLowerCase(),
      start,
      end: start + value.length,
    });
  }
  return out;
}

export const hasCyrillic = (text: string): boolean => /\p{Script=Cyrillic}/u.test(text);

/**
 * The numeric value of a digit token. A comma is a decimal comma in Ukrainian text and
 * before one or two digits ("0,5"); "1,000" in English text is a thousands separator.
 */
export function numberValue(text: string, cyrillic: boolean): number | undefined {
  let normalised = text.replace(/[ \u00a0\u202f]/g, "");
  if (/^\d{1,3}(?:,\d{3})+$/.test(normalised) && !cyrillic) normalised = text.replace(/,/g, "");
  else if (/^\d+,\d+$/.test(normalised)) normalised = normalised.replace(",", ".");
  else if (/^\d{1,3}(?:\.\d{3}){2,}$/.test(normalised)) normalised = normalised.replace(/\./g, "");
  if (!/^\d+(?:\.\d+)?$/.test(normalised)) return undefined;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}
