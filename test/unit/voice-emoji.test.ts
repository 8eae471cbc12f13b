/** One meaning of "emoji" for the voice code: a grapheme cluster holding a pictograph, flag or keycap. */
import { describe, expect, it } from "vitest";
import { applyPreferences } from "../../src/voice/edit-apply";
import { extractEditRules } from "../../src/voice/edit-rules";
import { countEmoji, hasEmoji, withoutEmoji } from "../../src/voice/emoji";
import { analyzeText } from "../../src/voice/stylometry-features";

describe("emoji in the voice code", () => {
  it("counts each cluster once: a ZWJ family, a skin tone, a flag, a keycap, a selector", () => {
    expect(countEmoji("Sleep 😴 well 👨‍👩‍👧 now 👍🏽 in 🇺🇦 at 1️⃣ ❤️")).toBe(6);
    expect(countEmoji("😴😴😴")).toBe(3);
    expect(countEmoji("No emoji here, only words.")).toBe(0);
  });

  it("leaves a plain ©, ® or ™ alone, and takes them in emoji presentation", () => {
    expect(hasEmoji("© NICE 2024. Brand™ and ®.")).toBe(false);
    expect(countEmoji("© NICE 2024")).toBe(0);
    expect(countEmoji("©️ and ™️")).toBe(2);
  });

  it("removes whole clusters and nothing else", () => {
    expect(withoutEmoji("Sleep 😴 well 👨‍👩‍👧 in 🇺🇦 at 1️⃣. ©")).toBe("Sleep  well  in  at . ©");
    expect(withoutEmoji("Кава до обіду ☕️, не пізніше.")).toBe("Кава до обіду , не пізніше.");
    const plain = "Nothing to remove.";
    expect(withoutEmoji(plain)).toBe(plain);
  });
});

describe("the lessons, the offline edit and the stylometry agree", () => {
  it("on a flag: dropping it is a lesson, applying the lesson removes it, and it is counted", () => {
    const before = "Slava Ukraini 🇺🇦. Sleep well tonight.";
    const after = "Slava Ukraini. Sleep well tonight.";
    expect(extractEditRules(before, after, "en").map((p) => p.kind)).toContain("no_emoji");
    const lesson = { key: "no_emoji", kind: "no_emoji" as const, data: {} };
    expect(applyPreferences(before, [lesson], "en")).toBe(after);
    expect(analyzeText(before).features.emoji).toBeGreaterThan(0);
  });

  it("on a trademark sign: not an emoji anywhere", () => {
    const before = "Melatonin™ helps jet lag. Sleep well tonight.";
    const after = "Melatonin helps jet lag. Sleep well tonight.";
    expect(extractEditRules(before, after, "en").map((p) => p.kind)).not.toContain("no_emoji");
    expect(analyzeText(before).features.emoji).toBe(0);
  });
});
