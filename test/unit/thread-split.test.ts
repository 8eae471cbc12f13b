/**
 * splitToFit's choice of break points, stated on plain length limits: the gentlest boundary
 * that works, abbreviations and initials not taken for sentence ends, a hard-cut word's tail
 * shared with the words after it.
 */
import { describe, expect, it } from "vitest";
import { splitToFit } from "../../src/pipeline/thread-split";

const upTo = (n: number) => (piece: string) => piece.length <= n;

describe("splitToFit", () => {
  it("returns one empty piece for an empty text", () => {
    expect(splitToFit("", upTo(10))).toEqual([""]);
  });

  it("breaks a paragraph at its line breaks before breaking inside a line", () => {
    const [a, b, c] = ["- sleep seven hours", "- no caffeine after noon", "- a dark, cool bedroom"];
    const text = [a, b, c].join("\n");
    // Two lines and a word or two of the third fit: the break still falls between lines.
    const parts = splitToFit(text, upTo(a.length + 1 + b.length + 8));
    expect(parts).toEqual([`${a}\n${b}`, c]);
  });

  it("does not end a sentence after an abbreviation such as e.g.", () => {
    const first = "Ask about caffeine, e.g. Coffee after noon keeps many people awake.";
    const second = "Sleep well tonight.";
    const parts = splitToFit(`${first} ${second}`, upTo(first.length - 1));
    for (const part of parts) expect(part.endsWith("e.g.")).toBe(false);
    expect(parts.at(-1)).toContain(second);
  });

  it("does not end a sentence after an initial such as J.", () => {
    const first = "The trial led by J. Smith found longer sleep in the evening group.";
    const second = "Ask your doctor.";
    const parts = splitToFit(`${first} ${second}`, upTo(first.length - 1));
    for (const part of parts) expect(part.endsWith(" J.")).toBe(false);
  });

  it("shares the tail of a hard-cut word with the words that follow", () => {
    const parts = splitToFit("abcdefghijklmnopqrstuvwxy ok", upTo(10));
    expect(parts).toEqual(["abcdefghij", "klmnopqrst", "uvwxy ok"]);
  });

  it("cuts an oversized word into as few pieces as fit, whatever the length of its tail", () => {
    const word = "abcdefghijklmnopqrst";
    for (let length = 11; length <= 20; length++)
      expect(splitToFit(word.slice(0, length), upTo(10))).toEqual([
        word.slice(0, 10),
        word.slice(10, length),
      ]);
  });
});
