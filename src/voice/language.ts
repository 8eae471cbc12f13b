/**
 * The language a text is written in, from its letters: more Cyrillic than Latin → Ukrainian,
 * else English. Two neighbours ask other questions on purpose: `topicLanguage`
 * (pipeline/prompt.ts) takes any Cyrillic letter in a short topic as Ukrainian ("Кава and
 * sleep" is a Ukrainian order), and the stylometry's `language` feature is the Cyrillic
 * share of the letters, a number to compare, not a choice.
 */
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
