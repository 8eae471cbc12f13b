import { describe, expect, it } from "vitest";
import { chunkGuideline, estimateTokens, splitPosts, splitSentences } from "../../src/knowledge/chunk";

describe("splitPosts", () => {
  it("splits a style file at --- lines and drops empty posts", () => {
    expect(splitPosts("First post.\n---\nSecond\npost.\n\n---\n\n---\nThird.")).toEqual([
      "First post.",
      "Second\npost.",
      "Third.",
    ]);
  });

  it("does not split on dashes inside a line", () => {
    expect(splitPosts("a --- b\n---\nc")).toEqual(["a --- b", "c"]);
  });
});

describe("chunkGuideline", () => {
  const sentence = (i: number) => `Sentence number ${i} explains one clinical point in plain words.`;
  const text = Array.from({ length: 120 }, (_, i) => sentence(i)).join(" ");

  it("keeps chunks near the target size and cuts only at sentence ends", () => {
    const chunks = chunkGuideline(text, { targetTokens: 200, overlapTokens: 30 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(estimateTokens(chunk)).toBeLessThanOrEqual(200);
      expect(chunk).toMatch(/^Sentence number \d+/);
      expect(chunk).toMatch(/plain words\.$/);
    }
  });

  it("overlaps consecutive chunks by their boundary sentence", () => {
    const [first, second] = chunkGuideline(text, { targetTokens: 200, overlapTokens: 30 });
    const lastOfFirst = splitSentences(first ?? "").at(-1);
    expect(second?.startsWith(lastOfFirst ?? "∅")).toBe(true);
  });

  it("splits Ukrainian sentences too", () => {
    expect(splitSentences("Сон важливий. Кава після обіду заважає сну! Що робити?")).toEqual([
      "Сон важливий.",
      "Кава після обіду заважає сну!",
      "Що робити?",
    ]);
  });

  it("hard-wraps a single over-long run without sentence ends", () => {
    const run = "word ".repeat(2000).trim();
    const chunks = chunkGuideline(run, { targetTokens: 100, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.join(" ")).toBe(run);
  });
});
