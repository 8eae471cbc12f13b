/**
 * The `/draft` grammar:
 *   /draft                      → open the generation form
 *   /draft help                 → usage
 *   /draft <topic>              → the physician's default platform
 *   /draft <topic> | <platform> → telegram, x (alias twitter) or threads
 * The text is split at the *last* `|`, and only when what follows is a single word: a
 * topic may itself contain `|` (Slack sends links as `<url|label>`). A single word that
 * is not a platform is an error rather than silently part of the topic.
 */
import { PLATFORMS, type Platform } from "../db/schema";
import { TOPIC_MAX } from "./limits";

const PLATFORM_ALIASES: Record<string, Platform> = {
  telegram: "telegram",
  tg: "telegram",
  x: "x",
  twitter: "x",
  threads: "threads",
};

export type DraftCommand =
  | { kind: "help" }
  | { kind: "modal" }
  | { kind: "draft"; topic: string; platform?: Platform }
  | { kind: "topic_too_long"; length: number; max: number }
  | { kind: "unknown_platform"; given: string };

export function parseDraftCommand(rawText: string): DraftCommand {
  const text = fromSlackText(rawText).trim();
  if (!text) return { kind: "modal" };
  if (/^(help|\?|допомога)$/i.test(text)) return { kind: "help" };

  let topic = text;
  let platform: Platform | undefined;
  const bar = text.lastIndexOf("|");
  if (bar >= 0) {
    const tail = text.slice(bar + 1).trim();
    if (/^\p{L}{1,15}$/u.test(tail)) {
      const known = PLATFORM_ALIASES[tail.toLowerCase()];
      if (!known) return { kind: "unknown_platform", given: tail };
      platform = known;
      topic = text.slice(0, bar).trim();
    }
  }
  if (!topic) return { kind: "modal" };
  if (topic.length > TOPIC_MAX) return { kind: "topic_too_long", length: topic.length, max: TOPIC_MAX };
  return platform ? { kind: "draft", topic, platform } : { kind: "draft", topic };
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
