/**
 * Picks the UI strings for a physician's language. Every user-facing string in the app
 * comes from here; nothing else hard-codes text a physician reads.
 */
import type { Language } from "../../db/schema";
import { en } from "./en";
import type { Lexicon } from "./types";
import { uk } from "./uk";

export type { ConfirmTexts, Lexicon, ModalFrame } from "./types";

const LEXICONS: Record<Language, Lexicon> = { en, uk };

export function lexicon(language: Language): Lexicon {
  return LEXICONS[language] ?? en;
}
