import { describe, expect, it } from "vitest";
import { fitsPlatform, platformLength, weightedLength } from "../../src/publishers/limits";

describe("platform lengths", () => {
  it("counts Latin and Cyrillic as 1 on X", () => {
    expect(weightedLength("hello")).toBe(5);
    expect(weightedLength("привіт")).toBe(6);
  });

  it("counts CJK and emoji as 2 on X, an emoji sequence once", () => {
    expect(weightedLength("睡眠")).toBe(4);
    expect(weightedLength("😴")).toBe(2);
    expect(weightedLength("👩‍⚕️")).toBe(2);
  });

  it("counts every URL as 23 on X whatever its length", () => {
    const url = `https://pubmed.ncbi.nlm.nih.gov/${"1".repeat(60)}/`;
    expect(weightedLength(`see ${url}`)).toBe(4 + 23);
    expect(weightedLength("see nice.org.uk/guidance")).toBe(4 + 23);
  });

  it("applies each platform's limit", () => {
    expect(fitsPlatform("x", "a".repeat(280))).toBe(true);
    expect(fitsPlatform("x", `${"a".repeat(279)}😴`)).toBe(false);
    expect(fitsPlatform("threads", "я".repeat(500))).toBe(true);
    expect(fitsPlatform("threads", "я".repeat(501))).toBe(false);
    expect(platformLength("telegram", "a".repeat(4096))).toBe(4096);
  });

  it("counts characters at the edges of X's light ranges as 1 and just outside them as 2", () => {
    // X's weighted ranges: U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F, U+2032–U+2037.
    const light = [0x10ff, 0x2000, 0x200d, 0x2010, 0x201f, 0x2032, 0x2037];
    const heavy = [0x1100, 0x1fff, 0x200e, 0x200f, 0x2020, 0x2031, 0x2038];
    for (const cp of light) expect(weightedLength(String.fromCodePoint(cp)), cp.toString(16)).toBe(1);
    for (const cp of heavy) expect(weightedLength(String.fromCodePoint(cp)), cp.toString(16)).toBe(2);
  });

  it("measures an X post by its weighted length, not its code points", () => {
    expect(platformLength("x", "睡眠")).toBe(4);
    expect(platformLength("x", "see https://example.org/a-very-long-path-indeed")).toBe(4 + 23);
  });
});

describe("X length as twitter-text counts it", () => {
  it("keeps trailing punctuation out of a URL", () => {
    expect(weightedLength("https://example.com/path).")).toBe(23 + 2);
    expect(weightedLength("see who.int/news, ok")).toBe(4 + 23 + 4);
  });

  it("recognises bare domains on any TLD X's autolinker knows", () => {
    expect(weightedLength("x.ai is great")).toBe(23 + 9);
    expect(weightedLength("bit.ly/abc.")).toBe(23 + 1);
  });
});
