/**
 * Reader lines and their fitting: what goes under a post on each platform (crisis line,
 * disclaimer, sources) and how the post with them is cut into parts — counted as each
 * platform counts (X weighs links 23, Threads and Telegram count characters, Telegram
 * also caps the HTML), never dropping or cutting a reader line.
 */
import { describe, expect, it } from "vitest";
import type { Platform } from "../../src/db/schema";
import { fitToPlatform } from "../../src/pipeline/platform-fit";
import { PLATFORM_LIMITS, platformLength } from "../../src/publishers/limits";
import { assemblePost } from "../../src/publishers/post-assembly";
import {
  type CitedSource,
  type ReaderLinesInput,
  readerBlocks,
  shortenTitle,
} from "../../src/publishers/reader-lines";
import { parseTelegramHtml } from "../fakes/telegram-format";

const PUBMED: CitedSource = {
  kind: "pubmed",
  ref: "90000001",
  title: "Caffeine & sleep <a review> (J Sleep Res, 2021)",
  url: "https://pubmed.ncbi.nlm.nih.gov/90000001/",
};
const GUIDELINE: CitedSource = {
  kind: "knowledge",
  ref: "chunk-7",
  title: "NICE guideline on insomnia",
  url: null,
};
const PAGE: CitedSource = {
  kind: "url",
  ref: 'https://example.org/a?b=1&c="2"',
  title: "Sleep hygiene",
  url: 'https://example.org/a?b=1&c="2"',
};
const CRISIS =
  "If you are having thoughts of suicide or self-harm, you are not alone. Call Samaritans: 116 123.";
const COUNTER = / \((\d+)\/(\d+)\)$/;

function input(platform: Platform, overrides: Partial<ReaderLinesInput> = {}): ReaderLinesInput {
  return {
    platform,
    language: "en",
    body: "",
    crisisLine: null,
    disclaimer: null,
    sources: [],
    ...overrides,
  };
}

/** Every part within the platform's limits, numbered 1..N when there are several. */
function expectValidParts(platform: Platform, parts: string[], formatted: string[]): void {
  parts.forEach((part, i) => {
    expect(platformLength(platform, part), part).toBeLessThanOrEqual(PLATFORM_LIMITS[platform]);
    if (platform === "telegram") {
      const parsed = parseTelegramHtml(formatted[i] ?? "");
      expect(parsed).toEqual({ ok: true, text: part });
    } else {
      expect(formatted[i]).toBe(part);
    }
    if (parts.length > 1) expect(COUNTER.exec(part)?.slice(1)).toEqual([String(i + 1), String(parts.length)]);
  });
}

describe("readerBlocks: sources", () => {
  it("Telegram: linked titles (escaped, href attribute-escaped), guidelines by name, in citation order", () => {
    const blocks = readerBlocks(input("telegram", { sources: [PUBMED, GUIDELINE, PAGE] }));
    expect(blocks).toEqual([
      [
        { text: "Sources:", formatted: "Sources:" },
        {
          text: "• Caffeine & sleep <a review> (J Sleep Res, 2021)",
          formatted:
            '• <a href="https://pubmed.ncbi.nlm.nih.gov/90000001/">Caffeine &amp; sleep &lt;a review&gt; (J Sleep Res, 2021)</a>',
        },
        { text: "• NICE guideline on insomnia", formatted: "• NICE guideline on insomnia" },
        {
          text: "• Sleep hygiene",
          formatted: '• <a href="https://example.org/a?b=1&amp;c=&quot;2&quot;">Sleep hygiene</a>',
        },
      ],
    ]);
  });

  it("lists each source once, at most three, and skips links that are not http(s)", () => {
    const sources: CitedSource[] = [
      PUBMED,
      { ...PUBMED, ref: "again" },
      GUIDELINE,
      { ...GUIDELINE, ref: "chunk-8", title: " NICE  guideline on insomnia " },
      { kind: "url", ref: "js", title: "Bad link", url: "javascript:alert(1)" },
      PAGE,
    ];
    const [block] = readerBlocks(input("telegram", { sources }));
    expect(block?.map((line) => line.text)).toEqual([
      "Sources:",
      "• Caffeine & sleep <a review> (J Sleep Res, 2021)",
      "• NICE guideline on insomnia",
      "• Bad link",
    ]);
    expect(block?.[3]?.formatted).toBe("• Bad link");
  });

  it("X and Threads: one short line of links and guideline names", () => {
    for (const platform of ["x", "threads"] as const) {
      expect(readerBlocks(input(platform, { sources: [PUBMED, GUIDELINE] }))).toEqual([
        [
          {
            text: "Sources: https://pubmed.ncbi.nlm.nih.gov/90000001 · NICE guideline on insomnia",
            formatted: "Sources: https://pubmed.ncbi.nlm.nih.gov/90000001 · NICE guideline on insomnia",
          },
        ],
      ]);
    }
  });

  it("X: one source a line when the short line would not fit a part (CJK weighs 2)", () => {
    const long = (n: number): CitedSource => ({
      ...GUIDELINE,
      ref: `g${n}`,
      title: `${"睡眠指南".repeat(25)}${n}`,
    });
    const [block] = readerBlocks(input("x", { sources: [long(1), long(2), long(3)] }));
    expect(block?.map((line) => line.text.slice(0, 9))).toEqual([
      "Sources:",
      "睡眠指南睡眠指南睡",
      "睡眠指南睡眠指南睡",
      "睡眠指南睡眠指南睡",
    ]);
    for (const line of block ?? []) expect(platformLength("x", line.text)).toBeLessThanOrEqual(160);
    const fit = assemblePost("x", "Sleep.", [block ?? []]);
    expectValidParts("x", fit.parts, fit.formatted);
    expect(fit.parts.length).toBe(3);
  });

  it("Threads names a very long link by its title instead", () => {
    const url = `https://example.org/${"path/".repeat(30)}`;
    const [block] = readerBlocks(input("threads", { sources: [{ ...PAGE, url }] }));
    expect(block?.[0]?.text).toBe("Sources: Sleep hygiene");
    expect(readerBlocks(input("x", { sources: [{ ...PAGE, url }] }))[0]?.[0]?.text).toBe(
      `Sources: ${url.replace(/\/$/, "")}`,
    );
  });

  it("uses the physician's language for the heading", () => {
    expect(readerBlocks(input("x", { language: "uk", sources: [GUIDELINE] }))[0]?.[0]?.text).toBe(
      "Джерела: NICE guideline on insomnia",
    );
  });

  it("shortens a title but keeps its journal and year", () => {
    const title = `${"Very long title ".repeat(20).trim()} (Lancet Psychiatry, 2021)`;
    const short = shortenTitle(title, 80);
    expect(Array.from(short).length).toBeLessThanOrEqual(80);
    expect(short.endsWith("… (Lancet Psychiatry, 2021)")).toBe(true);
    expect(shortenTitle("Short", 80)).toBe("Short");
  });
});

describe("readerBlocks: crisis line and disclaimer", () => {
  it("order: crisis line, disclaimer (one block), then sources", () => {
    const blocks = readerBlocks(
      input("x", { crisisLine: CRISIS, disclaimer: "  Not medical advice.  ", sources: [GUIDELINE] }),
    );
    expect(blocks.map((block) => block.map((line) => line.text))).toEqual([
      [CRISIS, "Not medical advice."],
      ["Sources: NICE guideline on insomnia"],
    ]);
  });

  it("does not repeat a crisis line the post already carries", () => {
    const body = "It gets better. Samaritans listen day and night: 116 123.";
    expect(readerBlocks(input("x", { body, crisisLine: CRISIS }))).toEqual([]);
  });

  it("escapes the lines for Telegram HTML", () => {
    const [block] = readerBlocks(input("telegram", { disclaimer: "Q&A <not advice>" }));
    expect(block).toEqual([{ text: "Q&A <not advice>", formatted: "Q&amp;A &lt;not advice&gt;" }]);
  });
});

describe("assemblePost", () => {
  it("without reader lines it is fitToPlatform with markers stripped", () => {
    const text = `${"Caffeine shortens sleep [1]. ".repeat(20)}`.trim();
    for (const platform of ["telegram", "x", "threads"] as const) {
      expect(assemblePost(platform, text, [])).toEqual(
        fitToPlatform(platform, text, { stripCitations: true }),
      );
    }
  });

  it("one part when everything fits, the blocks after blank lines", () => {
    const blocks = readerBlocks(
      input("telegram", { crisisLine: CRISIS, disclaimer: "Not advice.", sources: [PUBMED] }),
    );
    const fit = assemblePost("telegram", "Sleep & caffeine [1].", blocks);
    expect(fit.parts).toEqual([
      `Sleep & caffeine.\n\n${CRISIS}\nNot advice.\n\nSources:\n• Caffeine & sleep <a review> (J Sleep Res, 2021)`,
    ]);
    expect(fit.formatted[0]).toContain(
      '<a href="https://pubmed.ncbi.nlm.nih.gov/90000001/">Caffeine &amp; sleep &lt;a review&gt; (J Sleep Res, 2021)</a>',
    );
    expectValidParts("telegram", fit.parts, fit.formatted);
  });

  it("X (weighted, a long link counts 23): sources that do not fit go to a final numbered part", () => {
    const url = `https://doi.org/10.1000/${"sleep-".repeat(30)}`;
    // 199 + 1 weighted characters + a 174-character link counted 23: too long with the sources line.
    const body = `${"a".repeat(199)} ${url}`;
    expect(platformLength("x", body)).toBe(223);
    const blocks = readerBlocks(input("x", { sources: [PUBMED, GUIDELINE] }));
    const fit = assemblePost("x", body, blocks);
    expect(fit.parts).toEqual([
      `${body} (1/2)`,
      "Sources: https://pubmed.ncbi.nlm.nih.gov/90000001 · NICE guideline on insomnia (2/2)",
    ]);
    expect(fit.lengths).toEqual([229, platformLength("x", fit.parts[1] ?? "")]);
    expectValidParts("x", fit.parts, fit.formatted);
  });

  it("X: the sources line joins the last part when it fits there", () => {
    const body = `${"Caffeine lingers for hours. ".repeat(12).trim()}`;
    const blocks = readerBlocks(input("x", { sources: [PUBMED] }));
    const fit = assemblePost("x", body, blocks);
    expect(fit.parts.length).toBe(2);
    expect(fit.parts[1]).toMatch(/\n\nSources: https:\/\/pubmed\.ncbi\.nlm\.nih\.gov\/90000001 \(2\/2\)$/);
    expectValidParts("x", fit.parts, fit.formatted);
  });

  it("X: crisis line and a long disclaimer each stay whole, in order, never dropped", () => {
    const disclaimer = `Disclaimer: ${"this is general information, not medical advice for you. ".repeat(3).trim()}`;
    const blocks = readerBlocks(input("x", { crisisLine: CRISIS, disclaimer, sources: [GUIDELINE] }));
    const fit = assemblePost("x", "Recovery is possible, and asking for help is a strength.", blocks);
    expectValidParts("x", fit.parts, fit.formatted);
    const all = fit.parts.map((part) => part.replace(COUNTER, "")).join("\n\n");
    expect(all).toContain(CRISIS);
    expect(all).toContain(disclaimer);
    expect(all.indexOf(CRISIS)).toBeLessThan(all.indexOf(disclaimer));
    expect(all.indexOf(disclaimer)).toBeLessThan(all.indexOf("Sources: NICE guideline on insomnia"));
    for (const part of fit.parts) {
      // A reader line is never cut between parts.
      expect(part.includes("Call Samaritans") ? part.includes(CRISIS) : true).toBe(true);
    }
  });

  it("Threads with an emoji: the line goes to a final part when the post with it is over 500", () => {
    const body = `Sleep well 😴 ${"z".repeat(470)}`;
    expect(platformLength("threads", body)).toBeLessThanOrEqual(500);
    const blocks = readerBlocks(input("threads", { sources: [PUBMED] }));
    const fit = assemblePost("threads", body, blocks);
    expect(fit.parts.length).toBe(2);
    expect(fit.parts[1]).toBe("Sources: https://pubmed.ncbi.nlm.nih.gov/90000001 (2/2)");
    expectValidParts("threads", fit.parts, fit.formatted);
  });

  it("Telegram thread: sources at the end of the last part, HTML valid in every part", () => {
    const body = `${"Sleep & caffeine <matter>. ".repeat(300)}`.trim();
    const blocks = readerBlocks(input("telegram", { crisisLine: CRISIS, sources: [PUBMED, GUIDELINE] }));
    const fit = assemblePost("telegram", body, blocks);
    expect(fit.parts.length).toBeGreaterThan(1);
    expectValidParts("telegram", fit.parts, fit.formatted);
    const last = fit.parts.at(-1) ?? "";
    expect(last).toContain(`${CRISIS}\n\nSources:\n• Caffeine & sleep`);
    expect(last).toMatch(/• NICE guideline on insomnia \(\d+\/\d+\)$/);
    expect(fit.formatted.at(-1)).toContain('<a href="https://pubmed.ncbi.nlm.nih.gov/90000001/">');
  });

  it("Telegram: escaping does not count — 800 visible '&' and the sources stay one message", () => {
    // 4,000 characters of HTML ("&amp;"), but Telegram counts the 800 it shows.
    const body = "&".repeat(800);
    const blocks = readerBlocks(input("telegram", { sources: [PUBMED] }));
    const fit = assemblePost("telegram", body, blocks);
    expectValidParts("telegram", fit.parts, fit.formatted);
    expect(fit.parts).toHaveLength(1);
    expect(fit.parts[0]).toMatch(/^&{800}\n\nSources:\n• Caffeine/);
    expect(fit.formatted[0]?.length).toBeGreaterThan(4096);
  });

  it("a reader line longer than a whole part is split at words rather than dropped", () => {
    const disclaimer = `${"word ".repeat(80).trim()} end.`;
    const fit = assemblePost("x", "Short post.", [[{ text: disclaimer, formatted: disclaimer }]]);
    expectValidParts("x", fit.parts, fit.formatted);
    const words = fit.parts
      .map((part) => part.replace(COUNTER, ""))
      .join(" ")
      .split(/\s+/);
    expect(words).toEqual(["Short", "post.", ...disclaimer.split(" ")]);
  });
});
