/**
 * HTML → readable text for a physician's source page, without a DOM library (pure, so it
 * runs and tests anywhere). A single forward scan over tags: page chrome and non-content
 * elements (script, style, noscript, svg, nav, footer, header, aside, form…) are dropped
 * with their contents, block elements become paragraph breaks, entities (common named ones
 * and numeric) are decoded, whitespace is collapsed and the result capped at 20,000 chars.
 *
 * Linear in the input, whatever the page: every character is looked at a bounded number of
 * times. A tag that never closes (`<a <a <a …`, an unbalanced quote) ends the scan instead
 * of being retried at every `<` — a hostile page of 2 MiB once took minutes that way. The
 * title comes from the same scan (no backtracking regex over the page), and the input is
 * capped before parsing.
 */

export const MAX_TEXT_CHARS = 20_000;
/** Input parsed at most (the fetch cap is 2 MiB of bytes; text beyond this is never needed). */
export const MAX_HTML_CHARS = 2_000_000;
const MAX_TITLE_CHARS = 300;

/** Elements whose raw contents are not markup: skip straight to the closing tag. */
const RAW_TEXT = new Set(["script", "style", "title", "textarea", "xmp"]);
/** Elements dropped with everything inside them. */
const DROPPED = new Set([
  "head",
  "noscript",
  "svg",
  "math",
  "nav",
  "footer",
  "header",
  "aside",
  "form",
  "template",
  "iframe",
  "object",
  "select",
  "button",
  "canvas",
  "dialog",
]);
/** The fallback when dropping page chrome left almost nothing: a page wrapped in one `<form>`. */
const DROPPED_BUT_FORMS = new Set([...DROPPED].filter((name) => name !== "form"));
const MIN_USEFUL_CHARS = 200;
const VOID = new Set(["br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col", "embed"]);
const LINE_BREAK = new Set(["br", "li", "tr", "dt", "dd", "option"]);
const PARAGRAPH = new Set([
  ..."p div section article main h1 h2 h3 h4 h5 h6 ul ol dl table thead tbody tfoot blockquote pre".split(
    " ",
  ),
  ..."figure figcaption hr address details summary fieldset center".split(" "),
]);

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  shy: "",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  laquo: "«",
  raquo: "»",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  bull: "•",
  middot: "·",
  copy: "©",
  reg: "®",
  trade: "™",
  deg: "°",
  plusmn: "±",
  times: "×",
  divide: "÷",
  micro: "µ",
  para: "¶",
  sect: "§",
  euro: "€",
  pound: "£",
  cent: "¢",
  yen: "¥",
  frac12: "½",
  frac14: "¼",
  frac34: "¾",
  le: "≤",
  ge: "≥",
  ne: "≠",
  asymp: "≈",
  minus: "−",
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  kappa: "κ",
  mu: "μ",
};

export interface HtmlText {
  title: string;
  text: string;
}

export function htmlToText(input: string): HtmlText {
  const html = input.length > MAX_HTML_CHARS ? input.slice(0, MAX_HTML_CHARS) : input;
  const first = extractText(html, DROPPED);
  const rawTitle = first.title ?? first.h1 ?? "";
  // Tags in a title are dropped; the slice is short, so the regex stays cheap.
  const title = cap(
    collapseInline(decodeEntities(rawTitle.slice(0, 4 * MAX_TITLE_CHARS).replace(/<[^>]*>/g, " "))),
    MAX_TITLE_CHARS,
  );
  if (first.text.length >= MIN_USEFUL_CHARS) return { title, text: first.text };
  const fallback = extractText(html, DROPPED_BUT_FORMS).text;
  return { title, text: fallback.length > 2 * first.text.length ? fallback : first.text };
}

interface Tag {
  closing: boolean;
  name: string;
  selfClosing: boolean;
  /** Index just after the tag's `>`. */
  end: number;
}

/**
 * The tag starting at `lt`: "text" when `<` does not start one (`a < b`), "eof" when it
 * never closes. Quoted attribute values may contain `>`. One pass over the tag's characters.
 */
function scanTag(html: string, lt: number): Tag | "text" | "eof" {
  let i = lt + 1;
  const closing = html.charCodeAt(i) === SLASH;
  if (closing) i++;
  const nameStart = i;
  if (!isLetter(html.charCodeAt(i))) return "text";
  while (i < html.length && isNameChar(html.charCodeAt(i))) i++;
  const name = html.slice(nameStart, i).toLowerCase();
  let quote = 0;
  let lastNonSpace = 0;
  for (; i < html.length; i++) {
    const ch = html.charCodeAt(i);
    if (quote !== 0) {
      if (ch === quote) quote = 0;
    } else if (ch === DOUBLE_QUOTE || ch === SINGLE_QUOTE) {
      quote = ch;
    } else if (ch === GREATER) {
      return { closing, name, selfClosing: lastNonSpace === SLASH || VOID.has(name), end: i + 1 };
    }
    if (ch > SPACE) lastNonSpace = ch;
  }
  return "eof";
}

const SLASH = 0x2f;
const GREATER = 0x3e;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const SPACE = 0x20;

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Letters, digits, `:` and `-`. */
function isNameChar(code: number): boolean {
  return isLetter(code) || (code >= 0x30 && code <= 0x3a) || code === 0x2d;
}

interface Extracted {
  text: string;
  /** Raw contents of the first `<title>`, and of the first `<h1>` (chrome or not). */
  title?: string;
  h1?: string;
}

function extractText(html: string, droppedElements: Set<string>): Extracted {
  const out: string[] = [];
  const result: Extracted = { text: "" };
  // Open dropped elements: a stack with counts, so a close tag is matched in amortised O(1).
  const dropped: string[] = [];
  const openCount = new Map<string, number>();
  let h1Start: number | null = null;
  let pos = 0;
  while (pos < html.length) {
    const lt = html.indexOf("<", pos);
    const end = lt === -1 ? html.length : lt;
    if (dropped.length === 0 && end > pos)
      out.push(decodeEntities(html.slice(pos, end).replace(/\s+/g, " ")));
    if (lt === -1) break;
    pos = skipMarkupDeclaration(html, lt) ?? lt;
    if (pos !== lt) continue;
    const tag = scanTag(html, lt);
    if (tag === "eof") break; // an unterminated tag swallows the rest, as in a browser
    if (tag === "text") {
      if (dropped.length === 0) out.push("<");
      pos = lt + 1;
      continue;
    }
    pos = tag.end;
    const { closing, name, selfClosing } = tag;
    if (!closing && RAW_TEXT.has(name)) {
      const close = new RegExp(`</${name}\\s*>`, "ig");
      close.lastIndex = pos;
      const found = close.exec(html);
      if (name === "title" && result.title === undefined) {
        result.title = html.slice(pos, found ? found.index : html.length);
      }
      pos = found ? close.lastIndex : html.length;
      continue;
    }
    if (name === "h1" && result.h1 === undefined) {
      if (!closing) h1Start = pos;
      else if (h1Start !== null) result.h1 = html.slice(h1Start, lt);
    }
    if (droppedElements.has(name)) {
      if (!closing && !selfClosing) {
        dropped.push(name);
        openCount.set(name, (openCount.get(name) ?? 0) + 1);
      } else if (closing && (openCount.get(name) ?? 0) > 0) {
        // Close everything opened since the matching element (each element is popped once).
        for (;;) {
          const top = dropped.pop();
          if (top === undefined) break;
          openCount.set(top, (openCount.get(top) ?? 1) - 1);
          if (top === name) break;
        }
      }
      continue;
    }
    if (dropped.length > 0) continue;
    if (LINE_BREAK.has(name)) {
      if (!closing) out.push("\n");
    } else if (PARAGRAPH.has(name)) out.push("\n\n");
    else if (name === "td" || name === "th") out.push(" ");
  }
  result.text = cleanPlainText(out.join(""));
  return result;
}

/** Comments, `<!DOCTYPE>`, CDATA and processing instructions: the index after them, or null. */
function skipMarkupDeclaration(html: string, lt: number): number | null {
  const rest = html.slice(lt, lt + 9);
  const closer = rest.startsWith("<!--")
    ? "-->"
    : rest.startsWith("<![CDATA[")
      ? "]]>"
      : rest.startsWith("<!") || rest.startsWith("<?")
        ? ">"
        : null;
  if (closer === null) return null;
  const end = html.indexOf(closer, lt + 2);
  return end === -1 ? html.length : end + closer.length;
}

/** Decodes named (common) and numeric character references; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g,
    (whole, ref: string) => {
      if (ref.startsWith("#")) {
        const cp =
          ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
        const valid = cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
        return valid ? String.fromCodePoint(cp) : "\uFFFD";
      }
      return NAMED[ref] ?? NAMED[ref.toLowerCase()] ?? whole;
    },
  );
}

/** Collapses whitespace within lines, keeps at most one blank line between paragraphs, caps. */
export function cleanPlainText(text: string): string {
  const lines = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => collapseInline(line));
  const joined = lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return cap(joined, MAX_TEXT_CHARS);
}

function collapseInline(text: string): string {
  return text.replace(/[^\S\n]+/g, " ").trim();
}

/** Caps at `max` UTF-16 units, preferring a word boundary and never splitting a surrogate pair. */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.search(/\s\S*$/);
  return (space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd();
}
