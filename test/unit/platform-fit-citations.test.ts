/**
 * Publishing options of `fitToPlatform`: citation markers are removed (with the space
 * before them) before splitting, and an appendix is added only when the post still fits
 * in one part with it.
 */
import { describe, expect, it } from "vitest";
import { fitToPlatform, stripCitationMarkers } from "../../src/pipeline/platform-fit";
import { PLATFORM_LIMITS, platformLength } from "../../src/publishers/limits";

describe("stripCitations", () => {
  it("removes single, listed and ranged markers and the space before them", () => {
    const text =
      "Caffeine lingers [1]. Half-life is ~5 h [2, 3], longer in pregnancy [4–6][7].\nCut off at 2 pm [8-9]!";
    expect(stripCitationMarkers(text)).toBe(
      "Caffeine lingers. Half-life is ~5 h, longer in pregnancy.\nCut off at 2 pm!",
    );
  });

  it("leaves brackets that are not citation markers alone", () => {
    const text = "Doses [mg] vary; see [the guideline](https://x.org) and array[0].";
    expect(stripCitationMarkers(text)).toBe("Doses [mg] vary; see [the guideline](https://x.org) and array.");
  });

  it("is applied before fitting, so markers never count against the limit", () => {
    const sentence = "Caffeine shortens sleep";
    const text = `${sentence} [12]. `.repeat(10).trim();
    expect(platformLength("x", text)).toBeGreaterThan(PLATFORM_LIMITS.x);
    const fit = fitToPlatform("x", text, { stripCitations: true });
    expect(fit.parts).toEqual([`${sentence}. `.repeat(10).trim()]);
    expect(fitToPlatform("x", text).parts.length).toBeGreaterThan(1);
  });

  it("keeps markers without the option", () => {
    expect(fitToPlatform("telegram", "Sleep [1].").parts).toEqual(["Sleep [1]."]);
  });
});

describe("appendix", () => {
  const sources = "Sources:\nCaffeine and sleep — https://pubmed.ncbi.nlm.nih.gov/1/";

  it("is added after a blank line when the whole post fits, and escaped for Telegram HTML", () => {
    const fit = fitToPlatform("telegram", "Sleep & caffeine [1].", {
      stripCitations: true,
      appendix: sources,
    });
    expect(fit.parts).toEqual([`Sleep & caffeine.\n\n${sources}`]);
    expect(fit.formatted).toEqual([`Sleep &amp; caffeine.\n\n${sources}`]);
  });

  it("is left out when the post with it would not fit in one part", () => {
    const text = "a".repeat(PLATFORM_LIMITS.telegram - 10);
    const fit = fitToPlatform("telegram", text, { appendix: sources });
    expect(fit.parts).toEqual([text]);
    const long = `${"Sleep matters. ".repeat(400)}`.trim();
    const thread = fitToPlatform("telegram", long, { appendix: sources });
    expect(thread.parts.length).toBeGreaterThan(1);
    expect(thread.parts.join(" ")).not.toContain("Sources:");
  });
});
