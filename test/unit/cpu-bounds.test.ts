/**
 * CPU bounds of every text-heavy step, on the largest input it can receive and on
 * pathological shapes of it. A Worker's CPU limit cannot interrupt synchronous work, so each
 * step must be linear (or n·log n) in its input. Each case runs at size n and 4n: a linear
 * step grows about 4×, a quadratic one 16×; the test fails above 9× (and on any case taking
 * more than a few seconds at its largest size), so it catches a complexity regression, not
 * a slow machine. Sizes: a draft is capped at DRAFT_TEXT_MAX (an LLM reply of 2,400
 * tokens is about 10 k characters), an uploaded document keeps 400 k characters, an efetch
 * answer is a few hundred KB (2 MB here).
 */
import { describe, expect, it } from "vitest";
import { chunkGuideline, splitPosts } from "../../src/knowledge/chunk";
import { MAX_DOCUMENT_CHARS } from "../../src/knowledge/parse";
import { attributionsIn, citationsIn, markersIn, vagueResearchIn } from "../../src/pipeline/check/citations";
import { extractQuantities } from "../../src/pipeline/check/quantities";
import { ruleClaims } from "../../src/pipeline/check/rules";
import { draftSentences } from "../../src/pipeline/check/sentences";
import { cleanDraft, DRAFT_TEXT_MAX } from "../../src/pipeline/drafters";
import { fitToPlatform } from "../../src/pipeline/platform-fit";
import { escapeTelegramHtml } from "../../src/pipeline/telegram-html";
import type { EvidenceItem } from "../../src/pipeline/types";
import { parseEfetchAbstracts } from "../../src/platform/pubmed/efetch-xml";
import { splitForSections } from "../../src/slack/mrkdwn";

const MAX_GROWTH = 9;
const BUDGET_MS = 5_000;

function best(run: () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

/** `make(n)` builds an input of about n characters; `run` processes it. */
function expectLinear<T>(make: (n: number) => T, run: (input: T) => unknown, max: number): void {
  const small = make(max / 4);
  const large = make(max);
  const tSmall = best(() => run(small));
  const tLarge = best(() => run(large));
  expect(tLarge, `${tLarge.toFixed(0)} ms at the largest size`).toBeLessThan(BUDGET_MS);
  // Below a few ms, timer noise dominates: only the budget applies.
  if (tLarge > 20)
    expect(tLarge / Math.max(tSmall, 1), `grew ${(tLarge / tSmall).toFixed(1)}×`).toBeLessThan(MAX_GROWTH);
}

const fill = (unit: string, n: number) => unit.repeat(Math.max(1, Math.floor(n / unit.length)));

const DRAFT_MAX = DRAFT_TEXT_MAX;
const DRAFT_SHAPES: [string, (n: number) => string][] = [
  ["numbers with units", (n) => fill("Sleep rose 40% to 7.5 h at 400 mg/day [1]. ", n)],
  ["one sentence with no end", (n) => fill("and 5 mg more ", n)],
  ["a run of digits and dots", (n) => fill("1.", n)],
  ["citation markers only", (n) => fill("[1][2][3]", n)],
  ["unclosed brackets and parentheses", (n) => fill("([PMID ", n)],
  ["attributions", (n) => fill("According to the WHO (2021), a study in JAMA found 3 in 10. ", n)],
  ["number words", (n) => fill("one hundred thousand million ", n)],
  ["no spaces at all", (n) => fill("x", n)],
];

function evidence(n: number): EvidenceItem[] {
  return Array.from({ length: 20 }, (_, i) => ({
    number: i + 1,
    kind: "pubmed" as const,
    ref: String(10_000_000 + i),
    title: `Trial ${i}`,
    text: fill(`Caffeine ${i} mg reduced sleep by ${i}% in ${i * 10} adults over ${i} weeks. `, n / 20),
  }));
}

describe("the claim check is linear in the draft", { timeout: 30_000 }, () => {
  const items = evidence(60_000);
  for (const [shape, make] of DRAFT_SHAPES) {
    it(`rule check: ${shape}`, () => expectLinear(make, (text) => ruleClaims(text, items), DRAFT_MAX));
    it(`quantities, citations, sentences: ${shape}`, () =>
      expectLinear(
        make,
        (text) => {
          extractQuantities(text);
          citationsIn(text);
          markersIn(text);
          attributionsIn(text);
          vagueResearchIn(text);
          draftSentences(text);
        },
        DRAFT_MAX,
      ));
    it(`platform fit and formatting: ${shape}`, () =>
      expectLinear(
        make,
        (text) => {
          fitToPlatform("telegram", text);
          fitToPlatform("threads", text);
          escapeTelegramHtml(text);
          splitForSections(text);
        },
        // From the cap up: below Telegram's 4,096 a text needs no splitting at all.
        4 * DRAFT_MAX,
      ));
    // twitter-text (X's own counting) is super-linear on long dotted runs ("1.1.1.…"): the
    // draft cap bounds it, so only the budget at the cap applies to X.
    it(`X fit at the draft cap: ${shape}`, { timeout: 3 * BUDGET_MS }, () => {
      const started = performance.now();
      fitToPlatform("x", make(DRAFT_MAX));
      expect(performance.now() - started).toBeLessThan(BUDGET_MS);
    });
  }

  it("a draft never exceeds the cap, whatever the LLM returns", () => {
    const reply = `${"A paragraph about sleep. ".repeat(200)}\n\n`.repeat(10);
    const text = cleanDraft(reply);
    expect(text.length).toBeLessThanOrEqual(DRAFT_TEXT_MAX);
    expect(text.length).toBeGreaterThan(DRAFT_TEXT_MAX / 2);
    expect(text.endsWith("sleep.")).toBe(true);
    expect(cleanDraft("😴".repeat(DRAFT_TEXT_MAX))).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});

describe("ingestion is linear in the document", { timeout: 30_000 }, () => {
  const shapes: [string, (n: number) => string][] = [
    ["paragraphs", (n) => fill("Avoid caffeine after noon. It lingers for hours.\n\n", n)],
    ["one paragraph, no sentence ends", (n) => fill("word ", n)],
    ["no spaces at all", (n) => fill("x", n)],
    ["separators only", (n) => fill("\n---\n", n)],
  ];
  for (const [shape, make] of shapes) {
    it(`chunking and post splitting: ${shape}`, () =>
      expectLinear(
        make,
        (text) => {
          chunkGuideline(text);
          splitPosts(text);
        },
        MAX_DOCUMENT_CHARS,
      ));
  }
});

describe("PubMed's efetch XML is parsed in linear time", { timeout: 30_000 }, () => {
  const article = (i: number) =>
    `<PubmedArticle><MedlineCitation><PMID Version="1">${i}</PMID><Article><Abstract><AbstractText Label="RESULTS">Sleep &amp; caffeine ${i}.</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>`;
  const shapes: [string, (n: number) => string][] = [
    ["many articles", (n) => `<PubmedArticleSet>${fill(article(1), n)}</PubmedArticleSet>`],
    ["tags that never close", (n) => `<PubmedArticleSet>${fill("<AbstractText ", n)}`],
    [
      "deep nesting",
      (n) => `<PubmedArticleSet>${fill("<i>", n / 2)}${fill("</i>", n / 2)}</PubmedArticleSet>`,
    ],
    [
      "entities everywhere",
      (n) => `<PubmedArticleSet>${article(1)}${fill("&amp;&#x41;&bogus;", n)}</PubmedArticleSet>`,
    ],
  ];
  for (const [shape, make] of shapes) {
    it(shape, () =>
      expectLinear(
        make,
        (xml) => {
          try {
            parseEfetchAbstracts(xml);
          } catch {
            // Refusing a malformed document is fine; hanging on it is not.
          }
        },
        2_000_000,
      ),
    );
  }
});
