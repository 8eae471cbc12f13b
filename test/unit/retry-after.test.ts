/** Retry-After as RFC 9110 allows: delta-seconds (rounded up, never negative) or an HTTP date. */
import { describe, expect, it } from "vitest";
import { retryAfterSeconds } from "../../src/lib/retry-after";

describe("retryAfterSeconds", () => {
  const NOW = Date.parse("2026-11-29T12:00:00Z");

  it("reads delta-seconds, rounding fractions up", () => {
    expect(retryAfterSeconds("120", NOW)).toBe(120);
    expect(retryAfterSeconds(" 7 ", NOW)).toBe(7);
    expect(retryAfterSeconds("1.2", NOW)).toBe(2);
    expect(retryAfterSeconds("0", NOW)).toBe(0);
  });

  it("reads an HTTP date relative to now, never negative", () => {
    expect(retryAfterSeconds("Sun, 29 Nov 2026 12:01:30 GMT", NOW)).toBe(90);
    expect(retryAfterSeconds("Sun, 29 Nov 2026 11:00:00 GMT", NOW)).toBe(0);
  });

  it("gives nothing for an absent or unreadable value", () => {
    expect(retryAfterSeconds(undefined, NOW)).toBeUndefined();
    expect(retryAfterSeconds("  ", NOW)).toBeUndefined();
    expect(retryAfterSeconds("soon", NOW)).toBeUndefined();
  });
});
