/**
 * The voice texts of both lexicons: the card's score and its reasons, and the learned
 * preferences in App Home. Kept apart from en.ts / uk.ts because they render structured
 * data (a feature and its direction, a preference's kind and words) rather than fill in
 * a sentence. The physician's own words are escaped for mrkdwn.
 */
import { escapeMrkdwn as esc } from "../mrkdwn";
import type { Lexicon } from "./types";

const AS_LONG: Record<string, [string, string]> = {
  sentence_length: ["longer sentences than yours", "shorter sentences than yours"],
  sentence_spread: ["sentence lengths vary more than yours", "sentences more even in length than yours"],
  paragraph_length: ["longer paragraphs than yours", "shorter paragraphs than yours"],
  post_length: ["longer than your posts", "shorter than your posts"],
  function_words: [
    "everyday words (and, but, so, the…) used unlike you",
    "everyday words (and, but, so, the…) used unlike you",
  ],
  exclamations: ["more exclamation marks than you use", "fewer exclamation marks than you use"],
  questions: ["more questions than you ask", "fewer questions than you ask"],
  ellipses: ["more ellipses (…) than you use", "fewer ellipses (…) than you use"],
  dashes: ["more dashes than you use", "fewer dashes than you use"],
  quotes: ["more quotations than you use", "fewer quotations than you use"],
  colons: ["more colons than you use", "fewer colons than you use"],
  emoji: ["more emoji than you use", "fewer emoji than you use"],
  first_person: ["more “I” than in your posts", "less “I” than in your posts"],
  address: ["speaks to the reader more than you do", "speaks to the reader less than you do"],
  language: ["in another language than your posts", "in another language than your posts"],
};

function times(ratio: number): string {
  return ratio >= 1.8 && ratio < 2.3 ? "twice" : `${ratio.toFixed(1)} times`;
}

/** "sentences twice as long as yours", or the plain comparison. */
function voiceReason(feature: string, more: boolean, ratio: number | undefined): string {
  if (feature === "sentence_length" && ratio !== undefined) {
    if (more && ratio >= 1.5) return `sentences ${times(ratio)} as long as yours`;
    if (!more && ratio > 0 && ratio <= 0.6) return `sentences ${times(1 / ratio)} shorter than yours`;
  }
  const pair = AS_LONG[feature];
  return pair ? pair[more ? 0 : 1] : "unlike your posts";
}

const str = (data: Record<string, string | number>, key: string) => esc(String(data[key] ?? ""));

const PLATFORM_NAME: Record<string, string> = { telegram: "Telegram", x: "X", threads: "Threads" };

/** "X " before "drafts" for a lesson learned on one platform. */
function platformOf(data: Record<string, string | number>): string {
  const name = PLATFORM_NAME[String(data.platform)];
  return name ? `${name} ` : "";
}

/** " для X" after «чернетки» for a lesson learned on one platform. */
function ukPlatformOf(data: Record<string, string | number>): string {
  const name = PLATFORM_NAME[String(data.platform)];
  return name ? ` для ${name}` : "";
}

function percent(data: Record<string, string | number>, by = "by about"): string {
  const ratio = Number(data.ratio);
  const pct = Math.round(Math.abs(1 - ratio) * 100);
  return Number.isFinite(ratio) && pct > 0 && pct < 1000 ? ` (${by} ${pct}%)` : "";
}

function preferenceText(kind: string, data: Record<string, string | number>): string {
  switch (kind) {
    case "replace":
      return `You write “${str(data, "to")}”, not “${str(data, "from")}”`;
    case "avoid":
      return `You cut “${str(data, "phrase")}”`;
    case "shorter":
      return `You shorten ${platformOf(data)}drafts${percent(data)}`;
    case "longer":
      return `You lengthen ${platformOf(data)}drafts${percent(data)}`;
    case "no_exclamations":
      return "No exclamation marks";
    case "no_emoji":
      return "No emoji";
    case "formal_address":
      return "You address readers with «ви»";
    case "short_opening":
      return Number(data.words) > 0
        ? `You open with a short sentence (about ${Number(data.words)} words)`
        : "You open with a short sentence";
    case "short_sentences":
      return Number(data.words) > 0
        ? `Short sentences (about ${Number(data.words)} words)`
        : "Short sentences";
    case "short_paragraphs":
      return Number(data.sentences) > 0
        ? `Short paragraphs (about ${Number(data.sentences)} sentences)`
        : "Short paragraphs";
    case "no_questions":
      return "No questions to readers: you end on a statement";
    default:
      return str(data, "text");
  }
}

export const voiceEn: Lexicon["voice"] = {
  score: ({ score }) => `Voice ${score}/100`,
  reason: ({ feature, direction, ratio }) => voiceReason(feature, direction === "more", ratio),
  preferencesHeader: "What your edits taught",
  preferencesIntro:
    "Learned from the drafts you edited before publishing. The strongest go into every new draft; delete any that is wrong.",
  preferencesEmpty: "Nothing yet. Edit a draft before you publish it, and what you change is learned here.",
  preference: ({ kind, data, count }) =>
    `${preferenceText(kind, data)}${count > 1 ? ` _(${count} edits)_` : ""}`,
  deletePreference: "Delete",
};

const UK_PAIRS: Record<string, [string, string]> = {
  sentence_length: ["довші речення, ніж у вас", "коротші речення, ніж у вас"],
  sentence_spread: ["довжина речень різниться більше, ніж у вас", "речення рівніші за довжиною, ніж у вас"],
  paragraph_length: ["довші абзаци, ніж у вас", "коротші абзаци, ніж у вас"],
  post_length: ["довший за ваші дописи", "коротший за ваші дописи"],
  function_words: [
    "службові слова (і, але, що, бо…) вжито не так, як у вас",
    "службові слова (і, але, що, бо…) вжито не так, як у вас",
  ],
  exclamations: ["більше знаків оклику, ніж у вас", "менше знаків оклику, ніж у вас"],
  questions: ["більше запитань, ніж у вас", "менше запитань, ніж у вас"],
  ellipses: ["більше трикрапок, ніж у вас", "менше трикрапок, ніж у вас"],
  dashes: ["більше тире, ніж у вас", "менше тире, ніж у вас"],
  quotes: ["більше цитат, ніж у вас", "менше цитат, ніж у вас"],
  colons: ["більше двокрапок, ніж у вас", "менше двокрапок, ніж у вас"],
  emoji: ["більше емодзі, ніж у вас", "менше емодзі, ніж у вас"],
  first_person: ["частіше «я», ніж у ваших дописах", "рідше «я», ніж у ваших дописах"],
  address: ["частіше звертається до читача, ніж ви", "рідше звертається до читача, ніж ви"],
  language: ["іншою мовою, ніж ваші дописи", "іншою мовою, ніж ваші дописи"],
};

function ukTimes(ratio: number): string {
  return ratio >= 1.8 && ratio < 2.3 ? "удвічі" : `у ${ratio.toFixed(1).replace(".", ",")} раза`;
}

function ukVoiceReason(feature: string, more: boolean, ratio: number | undefined): string {
  if (feature === "sentence_length" && ratio !== undefined) {
    if (more && ratio >= 1.5) return `речення ${ukTimes(ratio)} довші, ніж у вас`;
    if (!more && ratio > 0 && ratio <= 0.6) return `речення ${ukTimes(1 / ratio)} коротші, ніж у вас`;
  }
  const pair = UK_PAIRS[feature];
  return pair ? pair[more ? 0 : 1] : "не так, як у ваших дописах";
}

function ukPreferenceText(kind: string, data: Record<string, string | number>): string {
  switch (kind) {
    case "replace":
      return `Ви пишете «${str(data, "to")}», а не «${str(data, "from")}»`;
    case "avoid":
      return `Ви прибираєте «${str(data, "phrase")}»`;
    case "shorter":
      return `Ви скорочуєте чернетки${ukPlatformOf(data)}${percent(data, "приблизно на")}`;
    case "longer":
      return `Ви доповнюєте чернетки${ukPlatformOf(data)}${percent(data, "приблизно на")}`;
    case "no_exclamations":
      return "Без знаків оклику";
    case "no_emoji":
      return "Без емодзі";
    case "formal_address":
      return "Ви звертаєтеся до читачів на «ви»";
    case "short_opening":
      return Number(data.words) > 0
        ? `Ви починаєте з короткого речення (близько ${Number(data.words)} слів)`
        : "Ви починаєте з короткого речення";
    case "short_sentences":
      return Number(data.words) > 0
        ? `Короткі речення (близько ${Number(data.words)} слів)`
        : "Короткі речення";
    case "short_paragraphs":
      return Number(data.sentences) > 0
        ? `Короткі абзаци (близько ${Number(data.sentences)} речень)`
        : "Короткі абзаци";
    case "no_questions":
      return "Без запитань до читачів: ви завершуєте твердженням";
    default:
      return str(data, "text");
  }
}

export const voiceUk: Lexicon["voice"] = {
  score: ({ score }) => `Голос ${score}/100`,
  reason: ({ feature, direction, ratio }) => ukVoiceReason(feature, direction === "more", ratio),
  preferencesHeader: "Чого навчили ваші правки",
  preferencesIntro:
    "Зібрано з чернеток, які ви редагували перед публікацією. Найсильніші враховуються в кожній новій чернетці; видаліть те, що неправильно.",
  preferencesEmpty:
    "Поки нічого. Відредагуйте чернетку перед публікацією — і те, що ви змінюєте, з’явиться тут.",
  preference: ({ kind, data, count }) =>
    `${ukPreferenceText(kind, data)}${count > 1 ? ` _(правок: ${count})_` : ""}`,
  deletePreference: "Видалити",
};
