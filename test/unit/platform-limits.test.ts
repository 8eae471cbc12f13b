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
});
