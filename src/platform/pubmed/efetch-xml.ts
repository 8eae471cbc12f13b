/**
 * A small, careful reader for efetch `PubmedArticleSet` XML: only the PMID and the abstract
 * of each record. Not a general XML parser — it tokenises tags, text, CDATA, comments and the
 * DOCTYPE, decodes entities, and tracks the element path so that look-alikes elsewhere in a
 * record (PMIDs in CommentsCorrections, AbstractText in OtherAbstract) are ignored.
 *
 * Structured abstracts (several `AbstractText` elements with `Label` attributes) become
 * "LABEL: text" paragraphs joined by newlines; inline markup (<i>, <sup>…) is flattened.
 */

/** The efetch body was not a PubmedArticleSet document we can read. */
export class EfetchParseError extends Error {
  override readonly name = "EfetchParseError";
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references; unknown ones stay as written. */
export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#")) {
      const code =
        ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      const valid =
        Number.isInteger(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
      return valid ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

type XmlEvent =
  | { kind: "open"; name: string; attrs: Record<string, string>; selfClosing: boolean }
  | { kind: "close"; name: string }
  | { kind: "text"; text: string };

const TAG = /<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const CLOSE = /<\/([A-Za-z_][\w.:-]*)\s*>/y;

function skipPast(xml: string, from: number, marker: string): number {
  const end = xml.indexOf(marker, from);
  if (end < 0) throw new EfetchParseError(`unterminated markup (expected ${marker})`);
  return end + marker.length;
}

/** Tokenises XML into open/close/text events. Throws EfetchParseError on malformed markup. */
export function* xmlEvents(xml: string): Generator<XmlEvent> {
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) {
      yield { kind: "text", text: decodeXmlEntities(xml.slice(i)) };
      return;
    }
    if (lt > i) yield { kind: "text", text: decodeXmlEntities(xml.slice(i, lt)) };
    if (xml.startsWith("<!--", lt)) {
      i = skipPast(xml, lt + 4, "-->");
    } else if (xml.startsWith("<![CDATA[", lt)) {
      i = skipPast(xml, lt + 9, "]]>");
      yield { kind: "text", text: xml.slice(lt + 9, i - 3) };
    } else if (xml.startsWith("<?", lt)) {
      i = skipPast(xml, lt + 2, "?>");
    } else if (xml.startsWith("<!", lt)) {
      // DOCTYPE, possibly with an internal subset in brackets.
      const bracket = xml.indexOf("[", lt);
      const gt = xml.indexOf(">", lt);
      i = bracket >= 0 && gt >= 0 && bracket < gt ? skipPast(xml, bracket, "]>") : skipPast(xml, lt, ">");
    } else if (xml.startsWith("</", lt)) {
      CLOSE.lastIndex = lt;
      const match = CLOSE.exec(xml);
      if (!match?.[1]) throw new EfetchParseError("malformed closing tag");
      yield { kind: "close", name: match[1] };
      i = CLOSE.lastIndex;
    } else {
      TAG.lastIndex = lt;
      const match = TAG.exec(xml);
      if (!match?.[1]) throw new EfetchParseError("malformed tag");
      const attrs: Record<string, string> = {};
      for (const attr of (match[2] ?? "").matchAll(ATTR)) {
        if (attr[1]) attrs[attr[1]] = decodeXmlEntities(attr[2] ?? attr[3] ?? "");
      }
      const selfClosing = match[3] === "/";
      yield { kind: "open", name: match[1], attrs, selfClosing };
      if (selfClosing) yield { kind: "close", name: match[1] };
      i = TAG.lastIndex;
    }
  }
}

const RECORDS = new Set(["PubmedArticle", "PubmedBookArticle"]);
/** The element that owns a record's own PMID and Abstract. */
const PMID_PARENTS = new Set(["MedlineCitation", "BookDocument"]);
const ABSTRACT_PARENTS = new Set(["Article", "BookDocument"]);

interface Section {
  label: string;
  text: string;
}

const squash = (text: string) => text.replace(/\s+/g, " ").trim();

function joinSections(sections: Section[]): string {
  return sections
    .map(({ label, text }) => ({ label: squash(label), text: squash(text) }))
    .filter(({ text }) => text !== "")
    .map(({ label, text }) => (label ? `${label}: ${text}` : text))
    .join("\n");
}

/**
 * PMID → abstract for every record in an efetch PubmedArticleSet. A record without an
 * abstract maps to "" (it resolved, there is just nothing to read).
 */
export function parseEfetchAbstracts(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  const stack: string[] = [];
  let sawRoot = false;
  let pmid: string | undefined;
  let pmidText: string | undefined;
  let sections: Section[] = [];
  let current: Section | undefined;

  for (const event of xmlEvents(xml)) {
    if (event.kind === "open") {
      const parent = stack.at(-1);
      const grandparent = stack.at(-2);
      if (stack.length === 0) {
        if (event.name !== "PubmedArticleSet") throw new EfetchParseError(`unexpected root <${event.name}>`);
        sawRoot = true;
      } else if (RECORDS.has(event.name)) {
        pmid = undefined;
        sections = [];
      } else if (event.name === "PMID" && parent && PMID_PARENTS.has(parent) && pmid === undefined) {
        pmidText = "";
      } else if (
        event.name === "AbstractText" &&
        parent === "Abstract" &&
        grandparent &&
        ABSTRACT_PARENTS.has(grandparent)
      ) {
        current = { label: event.attrs.Label ?? "", text: "" };
      }
      stack.push(event.name);
    } else if (event.kind === "close") {
      if (stack.at(-1) !== event.name) throw new EfetchParseError(`mismatched </${event.name}>`);
      stack.pop();
      if (event.name === "PMID" && pmidText !== undefined) {
        pmid = pmidText.trim();
        pmidText = undefined;
      } else if (event.name === "AbstractText" && current && !stack.includes("AbstractText")) {
        sections.push(current);
        current = undefined;
      } else if (RECORDS.has(event.name) && pmid) {
        out.set(pmid, joinSections(sections));
      }
    } else {
      if (pmidText !== undefined) pmidText += event.text;
      if (current) current.text += event.text;
    }
  }
  if (!sawRoot || stack.length > 0) throw new EfetchParseError("incomplete PubmedArticleSet document");
  return out;
}
