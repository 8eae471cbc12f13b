/**
 * The per-language and per-platform parts of the drafting system prompt. Each is identical
 * for every draft in that language or on that platform, so Anthropic prompt caching serves
 * it. The instructions are in English (the model follows them best); examples of what to
 * write or avoid are in the post's language.
 */
import type { Language, Platform } from "../db/schema";

/** Every draft, every language: the model writes the post and nothing about the post. */
export const NO_META_COMMENTS = `No meta-comments
- Output the post and nothing else. Never talk about the post, the prompt, the evidence or yourself as a writer: no "Here is a post", "In this post", "Based on the evidence provided", "As an AI", "Ось допис", "У цьому дописі", "На основі наданих джерел".
- No notes after the post, no alternatives, no word counts, no sign-off to the person who ordered it.`;

export const LANGUAGE_RULES: Record<Language, string> = {
  en: `Language: English
- Plain English a patient understands; contractions are fine. Explain a medical term in the same sentence the first time it appears.
- Follow the spelling (UK or US) of the physician's examples; with none, use UK spelling.
- Numbers with a decimal point (2.5 mg), a space before units, and words for small counts in prose ("two weeks").`,
  uk: `Language: Ukrainian
- Standard modern Ukrainian (the 2019 orthography). Never Russian words, Russisms or calques from Russian. Write:
  «протягом», not «на протязі»; «наступний», not «слідуючий»; «брати участь», not «приймати участь»; «є», not «являється»;
  «збігатися», not «співпадати»; «правильно», not «вірно» (about correctness); «захід», not «міроприємство»;
  «найкращий», not «самий кращий»; «щодо», not «на рахунок»; «відповідно до», not «у відповідності з»;
  «завдяки», not «дякуючи»; «виняток», not «виключення»; «вважати», not «рахувати» (to consider); «стосуватися», not «відноситися до»;
  «полягати», not «заключатися»; «будь-який», not «любий» (any); «отримувати», not «получати»; «ліки», not «лікарство»; «ухвалити рішення», not «прийняти рішення».
- Address readers with the polite «ви» in lower case, unless the physician's own examples address readers with «ти».
- Correct case endings: the vocative when addressing someone («друже», «пані Олено»), the dative in -ові/-еві where it reads naturally («пацієнтові», «лікареві»).
- Typography: «ялинки» for quotes, an em dash with spaces ( — ), the apostrophe ’, a decimal comma and a space before units (2,5 мг).
- Endings: never a slogan or a wish («Бережіть себе!», «Будьте здорові!», «Любіть себе!»); end as the platform part below says.`,
};

export const PLATFORM_RULES: Record<Platform, string> = {
  telegram:
    "Platform: Telegram channel. 600 to 1,500 characters. Short paragraphs separated by blank lines. Plain text only (no Markdown or HTML).",
  x: "Platform: X. One post of at most 260 characters including citation markers. Only if the topic truly needs more: at most 3 paragraphs of at most 250 characters each, separated by blank lines; they are posted as a thread.",
  threads:
    "Platform: Threads. At most 480 characters including citation markers. If the topic truly needs more: at most 3 paragraphs of at most 450 characters each, separated by blank lines.",
};

/** How a post ends, per platform; the example is in the post's language. */
export const PLATFORM_CLOSINGS: Record<Platform, Record<Language, string>> = {
  telegram: {
    en: 'Closing: end with one practical step the reader can take this week, in one sentence ("Tonight, try …").',
    uk: "Closing: end with one practical step the reader can take this week, in one sentence («Сьогодні ввечері спробуйте …»).",
  },
  x: {
    en: "Closing: end on the point itself. No question, no call to action, no sign-off.",
    uk: "Closing: end on the point itself. No question, no call to action, no sign-off.",
  },
  threads: {
    en: 'Closing: end with one short, open question to readers about their own experience ("What helped you sleep after a night shift?"), never a yes/no question or a poll.',
    uk: "Closing: end with one short, open question to readers about their own experience («Що допомагає вам заснути після нічної зміни?»), never a yes/no question or a poll.",
  },
};

/** The platform part: its format rules and its closing in the post's language. */
export function platformPart(platform: Platform, language: Language): string {
  return `${PLATFORM_RULES[platform]}\n${PLATFORM_CLOSINGS[platform][language]}`;
}
