import { describe, expect, it } from "vitest";
import { userPrompt } from "../../src/pipeline/prompt";
import {
  isQuickEdit,
  offlineRewrite,
  rewriteInstruction,
  translationTarget,
} from "../../src/pipeline/rewrite";
import { draftCard, parseQuickEditValue, quickEditValue } from "../../src/slack/blocks/draft-card";
import type { DraftCardModel } from "../../src/slack/blocks/models";

const TEXT = [
  "Patients often ask me whether a nightcap helps them sleep.",
  "",
  "Alcohol shortens the time to fall asleep [1]. It fragments the second half of the night [1]. Two drinks halve deep sleep. REM sleep is suppressed early in the night [2]. The effect grows with the dose [2].",
  "",
  "Try a week without the evening drink and watch how you wake.",
].join("\n");

describe("quick edits without a model", () => {
  it("shorter: drops whole sentences from the end of the body, keeps the opening and the practical step", () => {
    const out = offlineRewrite("shorter", TEXT, []) ?? "";
    expect(out.length).toBeLessThan(TEXT.length * 0.8);
    expect(out.startsWith("Patients often ask me whether a nightcap helps them sleep.")).toBe(true);
    expect(out.endsWith("Try a week without the evening drink and watch how you wake.")).toBe(true);
    expect(out).toContain("Alcohol shortens the time to fall asleep [1].");
    expect(out).not.toContain("The effect grows with the dose [2].");
    expect(out).not.toMatch(/\n{3,}| {2,}/);
  });

  it("drop flagged: removes every sentence carrying a flagged claim, nothing else", () => {
    const out = offlineRewrite("drop_flagged", TEXT, ["Two drinks halve deep sleep"]) ?? "";
    expect(out).not.toContain("Two drinks halve deep sleep");
    expect(out).toBe(TEXT.replace(" Two drinks halve deep sleep.", ""));
    expect(offlineRewrite("drop_flagged", TEXT, ["Nothing like this"])).toBeUndefined();
  });

  it("the kinds that need a model are not done offline; a short text is not shortened", () => {
    for (const kind of ["simpler", "formal", "translate"] as const)
      expect(offlineRewrite(kind, TEXT, [])).toBeUndefined();
    expect(offlineRewrite("shorter", "One sentence. Two sentences.", [])).toBeUndefined();
  });
});

describe("quick edits with a model", () => {
  it("asks for the edit in the prompt, with the current post quoted as data and the target language", () => {
    const prompt = userPrompt({
      physician: { displayName: "Dr O", specialty: "psychiatry", language: "uk" },
      topic: "Alcohol and sleep",
      platform: "telegram",
      language: "en",
      style: { examples: [] },
      evidence: { items: [], level: "absent", pubmed: "ok" },
      rewrite: { previous: TEXT, instruction: rewriteInstruction("translate", "en", []), language: "uk" },
    });
    expect(prompt).toContain("Write in Ukrainian.");
    expect(prompt).toContain(`<draft>\n${TEXT}\n</draft>`);
    expect(prompt).toContain("The physician asks: Translate the draft into Ukrainian");
    expect(translationTarget("uk")).toBe("en");
    expect(rewriteInstruction("drop_flagged", "en", ["Two drinks halve deep sleep"])).toContain(
      "- Two drinks halve deep sleep",
    );
  });

  it("round-trips the select's values and refuses others", () => {
    expect(parseQuickEditValue(quickEditValue("shorter", "d:1"))).toEqual({
      kind: "shorter",
      draftId: "d:1",
    });
    expect(parseQuickEditValue("explode:d1")).toBeUndefined();
    expect(parseQuickEditValue("shorter:")).toBeUndefined();
    expect(isQuickEdit("translate")).toBe(true);
  });
});

describe("the card's quick-edit select", () => {
  const model = (over: Partial<DraftCardModel>): DraftCardModel => ({
    draftId: "d1",
    topic: "Alcohol and sleep",
    platform: "telegram",
    status: "ready",
    text: TEXT,
    version: 1,
    offline: false,
    orderedBy: "U1",
    timezone: "Europe/Kyiv",
    language: "en",
    claims: [{ ordinal: 1, text: "Alcohol shortens", verdict: "supported", citationNumbers: [1] }],
    citations: [],
    publications: [],
    charCount: 300,
    charLimit: 4096,
    threadParts: 1,
    ...over,
  });
  const options = (m: DraftCardModel) => {
    const actions = draftCard(m).blocks.find((b) => b.type === "actions");
    const select =
      actions?.type === "actions" ? actions.elements.find((e) => e.type === "static_select") : undefined;
    return select?.type === "static_select" ? (select.options ?? []).map((o) => o.text.text) : [];
  };

  it("offers the rewrites, translate named by where it goes, drop only when something is flagged", () => {
    expect(options(model({}))).toEqual([
      "Shorter",
      "Simpler for patients",
      "More formal",
      "Translate into Ukrainian",
    ]);
    const flagged = model({
      status: "needs_review",
      claims: [{ ordinal: 1, text: "Two drinks", verdict: "unsupported", citationNumbers: [] }],
    });
    expect(options(flagged)).toContain("Drop the flagged claims");
    expect(options(model({ offline: true }))).toEqual(["Shorter"]);
    expect(options(model({ language: "uk", text: "Алкоголь скорочує час засинання." }))).toContain(
      "Перекласти англійською",
    );
    expect(options(model({ status: "scheduled" }))).toEqual([]);
    expect(options(model({ status: "published" }))).toEqual([]);
  });
});
