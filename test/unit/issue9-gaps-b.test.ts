/**
 * Threads counts an emoji as its UTF-8 bytes (Meta's Threads posts reference), everything
 * else as one character per code point.
 */
import { describe, expect, it } from "vitest";
import { fitsPlatform, PLATFORM_LIMITS, platformLength } from "../../src/publishers/limits";

describe("Threads counts an emoji as its UTF-8 bytes", () => {
  it("an emoji costs its bytes, other characters one each", () => {
    expect(platformLength("threads", "😴")).toBe(4);
    expect(platformLength("threads", "Sleep well 😴☕")).toBe(11 + 4 + 3);
    expect(platformLength("threads", "сон")).toBe(3);
    // A ZWJ sequence is one emoji whose bytes all count: 👩 (4) + ZWJ (3) + ⚕ (3) + VS16 (3).
    expect(platformLength("threads", "👩‍⚕️")).toBe(13);
  });

  it("a 479-code-point post with one emoji still fits; one that crosses 500 bytes of emoji does not", () => {
    expect(PLATFORM_LIMITS.threads).toBe(500);
    const nearly = `${"a".repeat(478)}😴`;
    expect([...nearly].length).toBe(479);
    expect(fitsPlatform("threads", nearly)).toBe(true);
    const over = `${"a".repeat(496)}😴`; // 497 code points, 500 + 0 → fits exactly
    expect(platformLength("threads", over)).toBe(500);
    expect(fitsPlatform("threads", over)).toBe(true);
    expect(fitsPlatform("threads", `${over}a`)).toBe(false);
    // 125 emoji are 125 code points but 500 bytes; 126 do not fit.
    expect(fitsPlatform("threads", "💤".repeat(125))).toBe(true);
    expect(fitsPlatform("threads", "💤".repeat(126))).toBe(false);
  });
});
