/**
 * HTML → readable text for a physician's source page, without a DOM library (pure, so it
 * runs and tests anywhere). A single forward scan over tags: page chrome and non-content
 * elements (script, style, noscript, svg, nav, footer, header, aside, form…) are dropped
 * with their contents, block elements become paragraph breaks, entities (common named ones
 * and numeric) are decoded, whitespace is collapsed and the result capped at 20,000 chars.
 */

export const MAX_TEXT_CHARS = 20_000;
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

// An open or close tag, with quoted attribute values allowed to contain ">".
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;

export interface HtmlText {
  title: string;
  text: string;
}

export function htmlToText(html: string): HtmlText {
  const titleMatch = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  const h1Match = /<h1\b[^>]*>([\s\S]*?)<\/h1\s*>/i.exec(html);
  const rawTitle = titleMatch?.[1] ?? h1Match?.[1] ?? "";
  const title = cap(collapseInline(decodeEntities(rawTitle.replace(/<[^>]*>/g, " "))), MAX_TITLE_CHARS);
  const text = extractText(html, DROPPED);
  if (text.length >= MIN_USEFUL_CHARS) return { title, text };
  const fallback = extractText(html, DROPPED_BUT_FORMS);
  return { title, text: fallback.length > 2 * text.length ? fallback : text };
}

function extractText(html: string, droppedElements: Set<string>): string {
  const out: string[] = [];
  const dropped: string[] = [];
  let pos = 0;
  while (pos < html.length) {
    const lt = html.indexOf("<", pos);
    const end = lt === -1 ? html.length : lt;
    if (dropped.length === 0 && end > pos)
      out.push(decodeEntities(html.slice(pos, end).replace(/\s+/g, " ")));
    if (lt === -1) break;
    pos = skipMarkupDeclaration(html, lt) ?? lt;
    if (pos !== lt) continue;
    TAG.lastIndex = lt;
    const tag = TAG.exec(html);
    if (!tag) {
      if (dropped.length === 0) out.push("<");
      pos = lt + 1;
      continue;
    }
    pos = lt + tag[0].length;
    const closing = tag[1] === "/";
    const name = (tag[2] ?? "").toLowerCase();
    const selfClosing = (tag[3] ?? "").trimEnd().endsWith("/") || VOID.has(name);
    if (!closing && RAW_TEXT.has(name)) {
      const close = new RegExp(`</${name}\\s*>`, "ig");
      close.lastIndex = pos;
      pos = close.exec(html) ? close.lastIndex : html.length;
      continue;
    }
    if (droppedElements.has(name)) {
      if (!closing && !selfClosing) dropped.push(name);
      else if (closing && dropped.includes(name)) dropped.length = dropped.lastIndexOf(name);
      continue;
    }
    if (dropped.length > 0) continue;
    if (LINE_BREAK.has(name)) {
      if (!closing) out.push("\n");
    } else if (PARAGRAPH.has(name)) out.push("\n\n");
    else if (name === "td" || name === "th") out.push(" ");
  }
  return cleanPlainText(out.join(""));
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
