/**
 * Issue 9, gaps found by planting bugs: Threads counts characters, not UTF-16 units, so an
 * emoji (one code point, two UTF-16 units) is one character of its 500.
 */
import { describe, expect, it } from "vitest";
import { fitsPlatform, PLATFORM_LIMITS, platformLength } from "../../src/publishers/limits";

describe("Threads counts an emoji as one character", () => {
  it("a single emoji is one character long", () => {
    expect(platformLength("threads", "😴")).toBe(1);
    expect(platformLength("threads", "Sleep well 😴☕")).toBe(13);
  });

  it("a post of exactly 500 characters with emoji fits, one more does not", () => {
    expect(PLATFORM_LIMITS.threads).toBe(500);
    const withEmoji = `${"a".repeat(490)}${"😴".repeat(10)}`;
    expect(fitsPlatform("threads", withEmoji)).toBe(true);
    expect(fitsPlatform("threads", `${withEmoji}a`)).toBe(false);
    expect(fitsPlatform("threads", "💤".repeat(500))).toBe(true);
  });
});
