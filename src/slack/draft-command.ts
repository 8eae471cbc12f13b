/**
 * The `/draft` grammar:
 *   /draft                             → open the generation form
 *   /draft help                        → usage
 *   /draft <topic>                     → the physician's default platform and language
 *   /draft <topic> | <platform>        → telegram, x (alias twitter) or threads
 *   /draft <topic> | <platform> | <language>, or | <language> alone → en or uk
 * Options are taken from the end, each after a `|`, and only while what follows is a single
 * word: a topic may itself contain `|` (Slack sends links as `<url|label>`). A last single
 * word that is neither a platform nor a language is an error rather than silently part of
 * the topic; so is a second platform or a second language.
 */
import { type Language, PLATFORMS, type Platform } from "../db/schema";
import { TOPIC_MAX } from "./limits";

const PLATFORM_ALIASES: Record<string, Platform> = {
  telegram: "telegram",
  tg: "telegram",
  x: "x",
  twitter: "x",
  threads: "threads",
};

const LANGUAGE_ALIASES: Record<string, Language> = {
  en: "en",
  eng: "en",
  english: "en",
  англ: "en",
  англійська: "en",
  uk: "uk",
  ua: "uk",
  ukr: "uk",
  ukrainian: "uk",
  укр: "uk",
  українська: "uk",
};

export type DraftCommand =
  | { kind: "help" }
  | { kind: "modal" }
  | { kind: "draft"; topic: string; platform?: Platform; language?: Language }
  | { kind: "topic_too_long"; length: number; max: number }
  | { kind: "unknown_platform"; given: string };

export function parseDraftCommand(rawText: string): DraftCommand {
  const text = fromSlackText(rawText).trim();
  if (!text) return { kind: "modal" };
  if (/^(help|\?|допомога)$/i.test(text)) return { kind: "help" };

  let topic = text;
  let platform: Platform | undefined;
  let language: Language | undefined;
  // At most two options (a platform and a language), read from the end.
  for (let i = 0; i < 2; i++) {
    const bar = topic.lastIndexOf("|");
    if (bar < 0) break;
    const tail = topic.slice(bar + 1).trim();
    if (!/^\p{L}{1,15}$/u.test(tail)) break;
    const word = tail.toLowerCase();
    const asPlatform = PLATFORM_ALIASES[word];
    const asLanguage = LANGUAGE_ALIASES[word];
    if (asPlatform && !platform) platform = asPlatform;
    else if (asLanguage && !language) language = asLanguage;
    else if (i === 0 || asPlatform || asLanguage) return { kind: "unknown_platform", given: tail };
    else break; // "a | b | x": only the last word must be an option; "b" is the topic's
    topic = topic.slice(0, bar).trim();
  }
  if (!topic) return { kind: "modal" };
  if (topic.length > TOPIC_MAX) return { kind: "topic_too_long", length: topic.length, max: TOPIC_MAX };
  return {
    kind: "draft",
    topic,
    ...(platform ? { platform } : {}),
    ...(language ? { language } : {}),
  };
}

export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value);
}

/**
 * Slack's message formatting → plain text: `<url|label>` → `label (url)`, `<url>` → url,
 * `<@U1|name>` → `@name`, `<!here>` → `@here`, then `&lt; &gt; &amp;` decoded. Output is
 * escaped again wherever it is shown, so nothing here can ping or link.
 */
export function fromSlackText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, (_m, url: string, label: string) =>
      label === url.replace(/^https?:\/\//, "") ? url : `${label} (${url})`,
    )
    .replace(/<((?:https?|mailto):[^>]+)>/g, "$1")
    .replace(/<[@#]([A-Z0-9]+)\|([^>]+)>/g, "@$2")
    .replace(/<@([A-Z0-9]+)>/g, "@$1")
    .replace(/<#([A-Z0-9]+)>/g, "#$1")
    .replace(/<!(\w+)(?:\|[^>]*)?>/g, "@$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** A source URL the physician may give: http(s), a real host, no credentials. */
export function validSourceUrl(raw: string): string | undefined {
  const value = raw.trim();
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    if (url.username || url.password || !url.hostname.includes(".")) return undefined;
    return url.toString();
  } catch {
    return undefined;
  }
}
