import { describe, expect, it } from "vitest";
import { chunkGuideline, GUIDELINE_CHUNKING, splitSentences } from "../../src/knowledge/chunk";
import { EXCERPT_CHARS, excerptAround } from "../../src/pipeline/retrieval/excerpt";
import { keywords } from "../../src/pipeline/retrieval/keywords";

declare global {
  interface ImportMeta {
    /** Vite's build-time glob import (typed here to avoid pulling in all of vite/client). */
    glob<T>(pattern: string, options: { query: string; import: string; eager: true }): Record<string, T>;
  }
}

// The sample guidelines shipped in knowledge_base/ (PDFs are extracted at indexing time).
const SAMPLE_GUIDELINES = import.meta.glob<string>("../../knowledge_base/medical_guidelines/*.{md,txt}", {
  query: "?raw",
  import: "default",
  eager: true,
});

const filler = (i: number) =>
  `Paragraph ${i} describes the recruited population, the setting and the follow-up schedule in general terms.`;
const fillers = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => filler(from + i)).join(" ");

describe("knowledge chunks reach the drafter whole", () => {
  it("fits every chunk of the sample knowledge base into the excerpt unchanged", () => {
    const texts = Object.values(SAMPLE_GUIDELINES);
    expect(texts.length).toBeGreaterThan(5);
    const chunks = texts.flatMap((text) => chunkGuideline(text));
    // The old 1,200-character cut lost the end of most of these.
    expect(chunks.filter((c) => c.length > 1200).length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(excerptAround(chunk, [], EXCERPT_CHARS)).toBe(chunk);
  });

  it("has room for the longest chunk the guideline chunker can make", () => {
    const worstCases = [
      // Many one-token sentences: the joining spaces are the most characters per token.
      Array.from({ length: 2000 }, () => "Yes.").join(" "),
      // An overlap sentence, then one run without stops that hard-wrapping caps.
      `${"Short lead sentence here. ".repeat(9)}${"word ".repeat(3000)}`,
      fillers(0, 200),
    ];
    const longest = Math.max(
      ...worstCases.flatMap((text) => chunkGuideline(text, GUIDELINE_CHUNKING).map((c) => c.length)),
    );
    expect(longest).toBeGreaterThan(GUIDELINE_CHUNKING.targetTokens * 4);
    expect(longest).toBeLessThanOrEqual(EXCERPT_CHARS);
  });
});

describe("long texts are cut around the matched passage", () => {
  const terms = keywords("caffeine and sleep");
  const matched =
    "In this fictional trial, caffeine taken six hours before bed still shortened total sleep time by 41 minutes.";

  it("leaves a text that fits unchanged, line breaks included", () => {
    const text = `BACKGROUND: Short.\n\nRESULTS: ${matched}`;
    expect(excerptAround(text, terms, 500)).toBe(text);
  });

  it("keeps the matched passage from the middle of a long abstract, marking both elisions", () => {
    const text = `${fillers(0, 30)} ${matched} ${fillers(30, 30)}`;
    const excerpt = excerptAround(text, terms, 1000);
    expect(excerpt).toContain(matched);
    expect(excerpt.length).toBeLessThanOrEqual(1000);
    expect(excerpt.startsWith("… ")).toBe(true);
    expect(excerpt.endsWith(" …")).toBe(true);
    // Centred: context on both sides of the match.
    const at = excerpt.indexOf(matched);
    expect(at).toBeGreaterThan(200);
    expect(excerpt.length - at - matched.length).toBeGreaterThan(200);
  });

  it("keeps the matched passage at the end of a long abstract", () => {
    const text = `${fillers(0, 60)} ${matched}`;
    const excerpt = excerptAround(text, terms, 1000);
    expect(excerpt.endsWith(matched)).toBe(true);
    expect(excerpt.startsWith("… ")).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(1000);
  });

  it("prefers the passage with more of the query's keywords", () => {
    const oneKeyword = "Sleep diaries were collected every morning.";
    const text = `${oneKeyword} ${fillers(0, 40)} ${matched} ${fillers(40, 40)}`;
    const excerpt = excerptAround(text, terms, 800);
    expect(excerpt).toContain(matched);
    expect(excerpt).not.toContain(oneKeyword);
  });

  it("cuts only at sentence boundaries", () => {
    const text = `${fillers(0, 30)} ${matched} ${fillers(30, 30)}`;
    const whole = new Set(splitSentences(text));
    const kept = splitSentences(excerptAround(text, terms, 1000).replace(/^… | …$/g, ""));
    expect(kept.length).toBeGreaterThan(3);
    for (const sentence of kept) expect(whole.has(sentence)).toBe(true);
  });

  it("starts at the opening when nothing matches", () => {
    const text = fillers(0, 60);
    const excerpt = excerptAround(text, terms, 1000);
    expect(excerpt.startsWith(filler(0))).toBe(true);
    expect(excerpt.endsWith(" …")).toBe(true);
  });

  it("cuts a single over-long sentence at a space, within the budget", () => {
    const text = `${"word ".repeat(500)}caffeine sleep ${"word ".repeat(500)}`.trim();
    const excerpt = excerptAround(text, terms, 300);
    expect(excerpt.length).toBeLessThanOrEqual(300);
    expect(excerpt).toContain("caffeine sleep");
    expect(excerpt).not.toMatch(/\bwor\b|\bwo\b/);
  });

  it("works on Ukrainian text", () => {
    const ukTerms = keywords("Кава і сон");
    const uk = (i: number) => `Розділ ${i} описує учасників дослідження, умови та графік спостереження.`;
    const match = "Кава, випита за шість годин до сну, все одно скорочувала сон.";
    const text = `${Array.from({ length: 40 }, (_, i) => uk(i)).join(" ")} ${match} ${Array.from(
      { length: 40 },
      (_, i) => uk(40 + i),
    ).join(" ")}`;
    const excerpt = excerptAround(text, ukTerms, 900);
    expect(excerpt).toContain(match);
    expect(excerpt.length).toBeLessThanOrEqual(900);
    expect(excerpt).toMatch(/^… Розділ \d+ описує/);
  });
});
