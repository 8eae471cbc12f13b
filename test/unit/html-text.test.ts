import { describe, expect, it } from "vitest";
import { decodeEntities, htmlToText, MAX_TEXT_CHARS } from "../../src/platform/html-text";

describe("htmlToText", () => {
  it("extracts the title and body text, dropping page chrome and scripts", () => {
    const page = `<!DOCTYPE html>
      <html><head><title>  Caffeine &amp; Sleep </title>
        <style>p { color: red }</style><script>var s = "<p>not text</p>";</script></head>
      <body>
        <header><a href="/">Home</a> | Menu</header>
        <nav><ul><li>Link 1</li><li>Link 2</li></ul></nav>
        <main><article>
          <h1>Caffeine and sleep</h1>
          <p>Caffeine has a half-life of
             about five hours.</p>
          <!-- <p>commented out</p> -->
          <p>It <b>delays</b> sleep onset.<br>Avoid it after 2&nbsp;pm.</p>
          <svg><text>chart label</text></svg>
          <noscript>enable JS</noscript>
          <form><input name="q"><button>Search</button></form>
        </article></main>
        <aside>Related posts</aside>
        <footer>© 2024</footer>
        <script>track()</script>
      </body></html>`;
    const { title, text } = htmlToText(page);
    expect(title).toBe("Caffeine & Sleep");
    expect(text).toBe(
      "Caffeine and sleep\n\nCaffeine has a half-life of about five hours.\n\nIt delays sleep onset.\nAvoid it after 2 pm.",
    );
  });

  it("turns block elements into paragraph breaks and list items into lines", () => {
    const { text } = htmlToText("<div>One</div><div>Two</div><ul><li>a</li><li>b</li></ul><p>Three</p>");
    expect(text).toBe("One\n\nTwo\n\na\nb\n\nThree");
  });

  it("decodes named and numeric entities, leaves unknown ones", () => {
    expect(
      decodeEntities("&lt;b&gt; &quot;q&quot; &#39; &#x1F634; &#8212; &mdash; &hellip; &unknown; &#0;"),
    ).toBe(`<b> "q" ' 😴 — — … &unknown; \uFFFD`);
    expect(htmlToText("<p>&amp;lt; stays one level</p>").text).toBe("&lt; stays one level");
  });

  it("falls back to the <h1> when there is no <title>", () => {
    expect(htmlToText("<body><h1>Heading <i>here</i></h1><p>x</p></body>").title).toBe("Heading here");
    expect(htmlToText("<p>no title</p>").title).toBe("");
  });

  it("handles attributes containing > and stray < characters", () => {
    const { text } = htmlToText(`<p data-x="a > b">dose < 5 mg & rising</p><a title='>'>link</a>`);
    expect(text).toBe("dose < 5 mg & rising\n\nlink");
  });

  it("survives unclosed and nested dropped elements", () => {
    expect(htmlToText("<p>kept</p><aside>x<aside>y</aside>z</aside><p>after</p>").text).toBe("kept\n\nafter");
    expect(htmlToText("<p>start</p><script>never closed").text).toBe("start");
  });

  it("keeps the content of a page wrapped in one big <form>", () => {
    const body = "<p>Guideline text that matters. </p>".repeat(20);
    const { text } = htmlToText(`<body><form id="aspnetForm">${body}</form></body>`);
    expect(text).toContain("Guideline text that matters.");
  });

  it(`caps the text at ${MAX_TEXT_CHARS} characters`, () => {
    const { text } = htmlToText(`<p>${"word ".repeat(10_000)}</p>`);
    expect(text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(text.length).toBeGreaterThan(MAX_TEXT_CHARS * 0.9);
    expect(text.endsWith("word")).toBe(true);
  });
});
