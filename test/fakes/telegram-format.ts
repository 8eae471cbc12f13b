// Telegram's parse_mode checks for the Telegram fake: HTML must use supported, properly
// nested tags; MarkdownV2 must escape reserved characters. Errors read like the Bot API's
// "can't parse entities" descriptions; on success the visible plain text is returned.
export type ParsedText = { ok: true; text: string } | { ok: false; error: string };

const HTML_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "span",
  "tg-spoiler",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-emoji",
]);
const HTML_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

function byteOffset(input: string, index: number): number {
  return new TextEncoder().encode(input.slice(0, index)).byteLength;
}

function decodeEntity(entity: string): string | undefined {
  if (entity.startsWith("#x") || entity.startsWith("#X"))
    return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
  if (entity.startsWith("#")) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
  return HTML_ENTITIES[entity.toLowerCase()];
}

export function parseTelegramHtml(input: string): ParsedText {
  const open: string[] = [];
  let text = "";
  let i = 0;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (ch === "&") {
      const entity = /^&(#\d+|#x[0-9a-f]+|[a-z]+);/i.exec(input.slice(i));
      const decoded = entity?.[1] === undefined ? undefined : decodeEntity(entity[1]);
      if (entity !== null && decoded !== undefined) {
        text += decoded;
        i += entity[0].length;
        continue;
      }
    }
    if (ch !== "<") {
      text += ch;
      i += 1;
      continue;
    }
    const close = input.indexOf(">", i);
    if (close === -1)
      return { ok: false, error: `Unclosed start tag at byte offset ${byteOffset(input, i)}` };
    const tag = input.slice(i + 1, close).trim();
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trim().toLowerCase();
      const expected = open.pop();
      if (expected === undefined)
        return { ok: false, error: `Unexpected end tag at byte offset ${byteOffset(input, i)}` };
      if (expected !== name) {
        return {
          ok: false,
          error: `Unmatched end tag at byte offset ${byteOffset(input, i)}, expected "</${expected}>", found "</${name}>"`,
        };
      }
    } else {
      const name = (tag.split(/\s/)[0] ?? "").toLowerCase();
      if (!HTML_TAGS.has(name)) {
        return { ok: false, error: `Unsupported start tag "${name}" at byte offset ${byteOffset(input, i)}` };
      }
      open.push(name);
    }
    i = close + 1;
  }
  const unclosed = open.at(-1);
  if (unclosed !== undefined)
    return { ok: false, error: `Can't find end tag corresponding to start tag "${unclosed}"` };
  return { ok: true, text };
}

/** Characters MarkdownV2 reserves that never start formatting, so must always be escaped. */
const MARKDOWN_V2_RESERVED = new Set(["#", "+", "-", "=", "{", "}", ".", "!"]);
const MARKDOWN_V2_MARKUP = /[_*~`|[\]]/;

export function parseTelegramMarkdownV2(input: string): ParsedText {
  let text = "";
  let i = 0;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (ch === "\\") {
      text += input.charAt(i + 1);
      i += 2;
    } else if (ch === "`") {
      // Code spans and pre blocks: only ` and \ are special inside.
      const fence = input.startsWith("```", i) ? "```" : "`";
      const end = input.indexOf(fence, i + fence.length);
      if (end === -1)
        return { ok: false, error: `Can't find end of Pre entity at byte offset ${byteOffset(input, i)}` };
      text += input.slice(i + fence.length, end);
      i = end + fence.length;
    } else if (ch === "]" && input.charAt(i + 1) === "(") {
      // Link target: skip to the closing parenthesis.
      const end = input.indexOf(")", i);
      i = end === -1 ? input.length : end + 1;
    } else if (MARKDOWN_V2_RESERVED.has(ch)) {
      return {
        ok: false,
        error: `Character '${ch}' is reserved and must be escaped with the preceding '\\'`,
      };
    } else {
      if (!MARKDOWN_V2_MARKUP.test(ch)) text += ch;
      i += 1;
    }
  }
  return { ok: true, text };
}

export function parseTelegramText(input: string, parseMode: string | undefined): ParsedText {
  const mode = parseMode?.toLowerCase();
  if (mode === "html") return parseTelegramHtml(input);
  if (mode === "markdownv2") return parseTelegramMarkdownV2(input);
  return { ok: true, text: input };
}
