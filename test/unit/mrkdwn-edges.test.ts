/**
 * Slack text at its edges: where splitForSections cuts (a paragraph or a sentence that ends
 * exactly at a limit, a text of exactly the limit), where safeCutIndex moves a cut (surrogate
 * pairs at the ends of the high-surrogate range; an entity ending at the cut is whole), and
 * truncate and slackLink on the smallest inputs.
 */
import { describe, expect, it } from "vitest";
import { safeCutIndex, slackLink, splitForSections, truncate } from "../../src/slack/mrkdwn";

describe("splitForSections", () => {
  it.each([
    // A paragraph break that leaves the piece exactly half full is taken.
    ["abc\n\ndefg. hijklmnop", ["abc", "defg.", "hijklmnop"]],
    // A sentence end that leaves it exactly half full is taken over a later word break.
    ["abcd. efgh ijklmnopqrstu", ["abcd.", "efgh", "ijklmnopqr", "stu"]],
    // A line end exactly at the limit is taken over an earlier word break.
    ["abcde fgh\nijklmnop", ["abcde fgh", "ijklmnop"]],
    // A word break that leaves it exactly half full is taken; one below half is not.
    ["abcd efghijklmnop", ["abcd", "efghijklmn", "op"]],
    ["ab cdefghijklmnop", ["ab cdefghi", "jklmnop"]],
  ])("splits %j at max 10", (text, pieces) => {
    expect(splitForSections(text, 10)).toEqual(pieces);
  });

  it("keeps a text of exactly the limit in one piece", () => {
    expect(splitForSections("abcde fghij", 11)).toEqual(["abcde fghij"]);
  });

  it("still makes progress with an absurdly small limit inside entities", () => {
    const pieces = splitForSections("&amp;&amp;", 3);
    expect(pieces.join("")).toBe("&amp;&amp;");
    expect(pieces.every((p) => p.length <= 3)).toBe(true);
  });
});

describe("safeCutIndex", () => {
  it("never splits a surrogate pair, at either end of the high-surrogate range", () => {
    expect(safeCutIndex("ab😴cd", 3)).toBe(2);
    expect(safeCutIndex("a\u{10000}b", 2)).toBe(1);
    expect(safeCutIndex("a\u{10FFFF}b", 2)).toBe(1);
  });

  it("does not move a cut at the very end of the text", () => {
    expect(safeCutIndex("ab\ud83d", 3)).toBe(3);
  });

  it("keeps a cut right after an entity, and moves one inside it", () => {
    expect(safeCutIndex("a&amp;b", 6)).toBe(6);
    expect(safeCutIndex("a&lt;bcdef", 5)).toBe(5);
    expect(safeCutIndex("ab&amp;cd", 4)).toBe(2);
  });
});

describe("truncate and slackLink", () => {
  it("leaves a text of exactly max alone and never exceeds max", () => {
    expect(truncate("abcde", 5)).toBe("abcde");
    expect(truncate("abcdef", 1)).toBe("…");
    expect(truncate("abc", 0)).toBe("");
  });

  it("links a URL without a label as the bare URL", () => {
    expect(slackLink("https://x.org", "")).toBe("<https://x.org/>");
    expect(slackLink("https://x.org", "PubMed")).toBe("<https://x.org/|PubMed>");
  });
});
