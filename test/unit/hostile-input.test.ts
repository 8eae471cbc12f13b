/**
 * Bounded work on hostile input. Uploaded documents keep a bounded amount of text. A
 * hostile source page cannot exhaust the CPU: text extraction is linear whatever the
 * markup. Each input below took quadratic time before (2.3 s at 64 KiB, ×4 per doubling);
 * at 1 MB a quadratic scan would run for about ten minutes, so the generous bound here only
 * fails on a complexity regression, not on a slow machine.
 */
import { describe, expect, it } from "vitest";
import { htmlToText, MAX_HTML_CHARS } from "../../src/platform/html-text";

const SIZE = 1_000_000;
// Linear: under a second here. Quadratic: about ten minutes at this size.
const BOUND_MS = 10_000;

function timed(html: string): { ms: number; text: string; title: string } {
  const started = performance.now();
  const result = htmlToText(html);
  return { ms: performance.now() - started, ...result };
}

const HOSTILE: [string, string][] = [
  ["open tags that never close", "<a ".repeat(SIZE / 3)],
  ["an attribute quote that never closes", `<p>Intro.</p><a href="${"x>".repeat(SIZE / 2)}`],
  ["titles that never close", "<title ".repeat(SIZE / 7)],
  ["h1s that never close", "<h1 ".repeat(SIZE / 4)],
  [
    "deeply nested dropped elements",
    `${"<nav>".repeat(SIZE / 11)}${"</nav>".repeat(SIZE / 11)}<p>After.</p>`,
  ],
  ["close tags of elements never opened", "</aside>".repeat(SIZE / 8)],
  ["an unterminated comment", `<p>Before.</p><!--${"-".repeat(SIZE)}`],
  ["less-than signs in text", "1 < 2 ".repeat(SIZE / 6)],
];

describe("htmlToText on hostile pages", () => {
  for (const [what, html] of HOSTILE) {
    it(`is linear: ${what} (${Math.round(html.length / 1000)} k chars)`, { timeout: 2 * BOUND_MS }, () => {
      const { ms } = timed(html);
      expect(ms).toBeLessThan(BOUND_MS);
    });
  }

  it("keeps the text before a tag that never closes, as a browser would", () => {
    const { text } = timed(`<p>Useful paragraph.</p><a href="broken`);
    expect(text).toBe("Useful paragraph.");
  });

  it("keeps comparison signs in text", () => {
    expect(timed("<p>1 < 2 and 3 > 1</p>").text).toBe("1 < 2 and 3 > 1");
  });

  it("parses only the first MAX_HTML_CHARS characters", () => {
    const html = `<p>${"a ".repeat(MAX_HTML_CHARS / 2)}</p><p>beyond the cap</p>`;
    expect(timed(html).text).not.toContain("beyond the cap");
  });

  it("takes the title from <title>, else the first <h1> even inside page chrome", () => {
    expect(timed("<title>A &amp; B</title><p>x</p>").title).toBe("A & B");
    expect(timed("<header><h1>Sleep <em>matters</em></h1></header><p>x</p>").title).toBe("Sleep matters");
  });
});

describe("uploaded documents", () => {
  it("keep at most MAX_DOCUMENT_CHARS of text, cut at a paragraph break", async () => {
    const { capDocument, extractDocumentText, MAX_DOCUMENT_CHARS } = await import(
      "../../src/knowledge/parse"
    );
    const paragraph = `${"Sleep hygiene matters. ".repeat(40).trim()}\n\n`;
    const text = paragraph.repeat(Math.ceil((2 * MAX_DOCUMENT_CHARS) / paragraph.length));
    const capped = capDocument(text);
    expect(capped.length).toBeLessThanOrEqual(MAX_DOCUMENT_CHARS);
    expect(capped.length).toBeGreaterThan(MAX_DOCUMENT_CHARS - paragraph.length);
    expect(capped.endsWith("Sleep hygiene matters.")).toBe(true);
    const noPdf = {
      name: "none",
      text: async () => {
        throw new Error("not a PDF");
      },
    };
    const fromBytes = await extractDocumentText("md", new TextEncoder().encode(text), noPdf);
    expect(fromBytes).toBe(capped);
    expect(capDocument("short")).toBe("short");
  });
});
