import { describe, expect, it } from "vitest";
import {
  escapeMrkdwn,
  formatTime,
  mrkdwnToPlain,
  slackLink,
  splitForSections,
  truncate,
  userMention,
} from "../../src/slack/mrkdwn";
import { isValidTimeZone, nextSensibleSlot } from "../../src/slack/time";

/** A stray "&" that is not one of our three entities means an entity was cut. */
function hasBrokenEntity(text: string): boolean {
  return /&(?!amp;|lt;|gt;)/.test(text);
}

function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe("escapeMrkdwn", () => {
  it("escapes Slack's three characters so nothing becomes a mention or a link", () => {
    expect(escapeMrkdwn("<!channel> & <@U123> <https://evil|click>")).toBe(
      "&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil|click&gt;",
    );
  });

  it("escapes & first, so existing entities are shown as typed", () => {
    expect(escapeMrkdwn("&lt;")).toBe("&amp;lt;");
    expect(escapeMrkdwn("plain *bold* text")).toBe("plain *bold* text");
  });
});

describe("splitForSections", () => {
  it("returns nothing for empty text and one piece for short text", () => {
    expect(splitForSections("")).toEqual([]);
    expect(splitForSections("  \n ")).toEqual([]);
    expect(splitForSections("short")).toEqual(["short"]);
  });

  it("prefers paragraph boundaries", () => {
    const a = "a".repeat(60);
    const b = "b".repeat(30);
    expect(splitForSections(`${a}\n\n${b}`, 80)).toEqual([a, b]);
  });

  it("falls back to sentences, then words, keeping every piece within max", () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} is here.`).join(" ");
    const pieces = splitForSections(sentences, 100);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(100);
      expect(piece.endsWith(".")).toBe(true);
    }
    expect(pieces.join(" ")).toBe(sentences);

    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(" ");
    const wordPieces = splitForSections(words, 50);
    for (const piece of wordPieces) expect(piece.length).toBeLessThanOrEqual(50);
    expect(wordPieces.join(" ")).toBe(words);
  });

  it("never cuts inside an entity or an emoji, even without any boundary", () => {
    const escaped = escapeMrkdwn("&<>".repeat(2000));
    const pieces = splitForSections(escaped, 3000);
    expect(pieces.join("")).toBe(escaped);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(3000);
      expect(hasBrokenEntity(piece)).toBe(false);
    }
    const emoji = "🧠".repeat(40);
    for (const max of [7, 11, 13]) {
      const cut = splitForSections(emoji, max);
      expect(cut.join("")).toBe(emoji);
      for (const piece of cut) expect(hasLoneSurrogate(piece)).toBe(false);
    }
  });

  it("keeps pieces at least half full rather than cutting at an early boundary", () => {
    const text = `Intro.\n\n${"x".repeat(150)}`;
    const pieces = splitForSections(text, 100);
    expect(pieces[0]?.length).toBe(100);
  });
});

describe("truncate", () => {
  it("leaves short text alone and ends long text with an ellipsis within max", () => {
    expect(truncate("hello", 10)).toBe("hello");
    const cut = truncate("hello wonderful world", 10);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(10);
  });

  it("is entity- and emoji-safe", () => {
    const escaped = escapeMrkdwn("a & b & c & d");
    for (let max = 2; max < escaped.length; max++) {
      const cut = truncate(escaped, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(hasBrokenEntity(cut)).toBe(false);
    }
    expect(hasLoneSurrogate(truncate("🧠🧠🧠🧠", 4))).toBe(false);
  });
});

describe("slackLink", () => {
  it("links http(s) URLs and escapes the label", () => {
    expect(slackLink("https://pubmed.ncbi.nlm.nih.gov/123/", "A <b> & c")).toBe(
      "<https://pubmed.ncbi.nlm.nih.gov/123/|A &lt;b&gt; &amp; c>",
    );
  });

  it("keeps a URL from breaking out of the link", () => {
    const link = slackLink("https://example.com/a|b?x=1&y=<2>", "label");
    expect(link).toBe("<https://example.com/a%7Cb?x=1&amp;y=%3C2%3E|label>");
  });

  it("shows only the label for other schemes or invalid URLs", () => {
    expect(slackLink("javascript:alert(1)", "x")).toBe("x");
    expect(slackLink("not a url", "<!here>")).toBe("&lt;!here&gt;");
    expect(slackLink(null, "title")).toBe("title");
  });
});

describe("userMention", () => {
  it("builds a mention only from a well-formed user id", () => {
    expect(userMention("U012ABC")).toBe("<@U012ABC>");
    expect(userMention("W9XYZ")).toBe("<@W9XYZ>");
    expect(userMention("<!channel>")).toBe("&lt;!channel&gt;");
    expect(userMention("U1> <!here")).not.toContain("<");
  });
});

describe("formatTime", () => {
  const at = Date.UTC(2026, 10, 29, 12, 30); // 14:30 in Kyiv (UTC+2 in winter)

  it("formats in English with the zone named", () => {
    expect(formatTime(at, "Europe/Kyiv", "en")).toBe("29 Nov 2026, 14:30 (Europe/Kyiv)");
  });

  it("formats in Ukrainian with the month name", () => {
    expect(formatTime(at, "Europe/Kyiv", "uk")).toBe("29 листопада 2026, 14:30 (Europe/Kyiv)");
  });

  it("uses three-letter English months", () => {
    expect(formatTime(Date.UTC(2026, 8, 1, 8, 5), "UTC", "en")).toBe("1 Sep 2026, 08:05 (UTC)");
  });

  it("falls back to UTC for an unknown zone", () => {
    expect(isValidTimeZone("Mars/Base")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(isValidTimeZone("   ")).toBe(false);
    expect(isValidTimeZone("Europe/Kyiv")).toBe(true);
    expect(formatTime(at, "Mars/Base", "en")).toBe("29 Nov 2026, 12:30 (UTC)");
  });
});

describe("mrkdwnToPlain (field errors are plain text)", () => {
  it("drops formatting marks and links, decodes entities", () => {
    expect(
      mrkdwnToPlain(
        "Please add a topic, e.g. `/draft sleep and depression`. `/draft help` shows all options.",
      ),
    ).toBe("Please add a topic, e.g. /draft sleep and depression. /draft help shows all options.");
    expect(mrkdwnToPlain("Press *Review* on the card.")).toBe("Press Review on the card.");
    expect(mrkdwnToPlain("“&lt;b&gt; &amp; co” is _fine_")).toBe("“<b> & co” is fine");
    expect(mrkdwnToPlain("<https://x.com/a|Check the account>, then tell me")).toBe(
      "Check the account, then tell me",
    );
    // Marks inside words and snake_case stay.
    expect(mrkdwnToPlain("TELEGRAM_CHAT_ID and 2*3")).toBe("TELEGRAM_CHAT_ID and 2*3");
  });
});

describe("nextSensibleSlot (where the schedule pickers start)", () => {
  it("is 09:00 on the physician's clock: today before 08:00, else tomorrow", () => {
    // 05:30 in Kyiv (UTC+2 in winter) → today 09:00.
    expect(nextSensibleSlot(Date.UTC(2026, 10, 30, 3, 30), "Europe/Kyiv")).toEqual({
      date: "2026-11-30",
      time: "09:00",
    });
    // 08:30 in Kyiv: 09:00 is less than an hour away → tomorrow.
    expect(nextSensibleSlot(Date.UTC(2026, 10, 30, 6, 30), "Europe/Kyiv")).toEqual({
      date: "2026-12-01",
      time: "09:00",
    });
    // 23:30 on the 31st in New York → 1 January.
    expect(nextSensibleSlot(Date.UTC(2027, 0, 1, 4, 30), "America/New_York")).toEqual({
      date: "2027-01-01",
      time: "09:00",
    });
    expect(nextSensibleSlot(Date.UTC(2026, 10, 30, 12, 0), "Not/AZone")).toEqual({
      date: "2026-12-01",
      time: "09:00",
    });
  });
});
