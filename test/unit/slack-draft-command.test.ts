import { describe, expect, it } from "vitest";
import { fromSlackText, parseDraftCommand, validSourceUrl } from "../../src/slack/draft-command";

describe("/draft grammar", () => {
  it("opens the form with no text and explains itself on help", () => {
    expect(parseDraftCommand("")).toEqual({ kind: "modal" });
    expect(parseDraftCommand("   ")).toEqual({ kind: "modal" });
    expect(parseDraftCommand("help")).toEqual({ kind: "help" });
    expect(parseDraftCommand("HELP")).toEqual({ kind: "help" });
  });

  it("takes a topic alone, leaving the platform to the physician's default", () => {
    expect(parseDraftCommand("caffeine and sleep")).toEqual({ kind: "draft", topic: "caffeine and sleep" });
  });

  it("splits at the last | when a platform name follows", () => {
    expect(parseDraftCommand("caffeine and sleep | x")).toEqual({
      kind: "draft",
      topic: "caffeine and sleep",
      platform: "x",
    });
    expect(parseDraftCommand("a | b | Threads")).toEqual({
      kind: "draft",
      topic: "a | b",
      platform: "threads",
    });
    expect(parseDraftCommand("sleep|telegram")).toEqual({
      kind: "draft",
      topic: "sleep",
      platform: "telegram",
    });
  });

  it("takes a language after the platform, or alone, in either order", () => {
    expect(parseDraftCommand("caffeine and sleep | x | en")).toEqual({
      kind: "draft",
      topic: "caffeine and sleep",
      platform: "x",
      language: "en",
    });
    expect(parseDraftCommand("кава і сон | uk | threads")).toEqual({
      kind: "draft",
      topic: "кава і сон",
      platform: "threads",
      language: "uk",
    });
    expect(parseDraftCommand("кава і сон | English")).toEqual({
      kind: "draft",
      topic: "кава і сон",
      language: "en",
    });
    expect(parseDraftCommand("sleep | укр")).toEqual({ kind: "draft", topic: "sleep", language: "uk" });
    expect(parseDraftCommand("a | b | x | en")).toEqual({
      kind: "draft",
      topic: "a | b",
      platform: "x",
      language: "en",
    });
  });

  it("refuses a second platform or a second language instead of taking either", () => {
    expect(parseDraftCommand("sleep | x | threads")).toEqual({ kind: "unknown_platform", given: "x" });
    expect(parseDraftCommand("sleep | en | uk")).toEqual({ kind: "unknown_platform", given: "en" });
    expect(parseDraftCommand("sleep | x | de")).toEqual({ kind: "unknown_platform", given: "de" });
  });

  it("accepts twitter as an alias of x", () => {
    expect(parseDraftCommand("sleep | twitter")).toMatchObject({ platform: "x" });
  });

  it("keeps a | inside a Slack link as part of the topic", () => {
    const result = parseDraftCommand("new review <https://example.org/paper|example.org/paper> on insomnia");
    expect(result).toEqual({ kind: "draft", topic: "new review https://example.org/paper on insomnia" });
    expect(parseDraftCommand("sleep <https://a.org/x|the paper>")).toEqual({
      kind: "draft",
      topic: "sleep the paper (https://a.org/x)",
    });
  });

  it("keeps a | followed by several words as part of the topic", () => {
    expect(parseDraftCommand("sleep | why it matters")).toEqual({
      kind: "draft",
      topic: "sleep | why it matters",
    });
  });

  it("reports an unknown platform instead of guessing", () => {
    expect(parseDraftCommand("sleep | facebook")).toEqual({ kind: "unknown_platform", given: "facebook" });
    expect(parseDraftCommand("сон | фейсбук")).toEqual({ kind: "unknown_platform", given: "фейсбук" });
  });

  it("refuses topics over 500 characters, counting after Slack decoding", () => {
    expect(parseDraftCommand("a".repeat(500))).toMatchObject({ kind: "draft" });
    expect(parseDraftCommand(`${"a".repeat(501)} | x`)).toEqual({
      kind: "topic_too_long",
      length: 501,
      max: 500,
    });
    expect(parseDraftCommand("&amp;".repeat(500))).toMatchObject({ kind: "draft" });
  });

  it("decodes Slack formatting into plain text", () => {
    expect(fromSlackText("<!channel> &lt;b&gt; &amp; <@U123|anna> <#C1|general>")).toBe(
      "@channel <b> & @anna @general",
    );
  });
});

describe("validSourceUrl", () => {
  it("accepts http(s) URLs with a real host", () => {
    expect(validSourceUrl("https://www.nice.org.uk/guidance/ng222")).toBe(
      "https://www.nice.org.uk/guidance/ng222",
    );
  });

  it("rejects other schemes, credentials and bare hosts", () => {
    for (const bad of [
      "ftp://x.org/a",
      "javascript:alert(1)",
      "https://user:pw@x.org/",
      "http://localhost/",
      "not a url",
    ]) {
      expect(validSourceUrl(bad)).toBeUndefined();
    }
  });
});
