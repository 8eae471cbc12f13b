/** The language a text is written in, from its letters: Cyrillic → Ukrainian, else English. */
import type { Language } from "../db/schema";

export function textLanguage(text: string): Language {
  let cyrillic = 0;
  let latin = 0;
  for (const ch of text) {
    if (/\p{Script=Cyrillic}/u.test(ch)) cyrillic++;
    else if (/\p{Script=Latin}/u.test(ch)) latin++;
  }
  return cyrillic > latin ? "uk" : "en";
}
