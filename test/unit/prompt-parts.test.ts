/**
 * The drafting prompt's language and platform parts, tested on the text the model gets:
 * Ukrainian rules only for Ukrainian posts, each platform's closing, no meta-comments
 * anywhere, and the draft's chosen language winning over the topic's.
 */
import { describe, expect, it } from "vitest";
import { LANGUAGES, PLATFORMS } from "../../src/db/schema";
import { offlineDrafter } from "../../src/pipeline/drafters";
import { languageOfDraft, systemPrompt, userPrompt } from "../../src/pipeline/prompt";
import type { DraftingInput } from "../../src/pipeline/types";

const system = (...args: Parameters<typeof systemPrompt>) =>
  systemPrompt(...args)
    .map((p) => p.text)
    .join("\n\n");

describe("system prompt parts", () => {
  it("every part is cacheable and the order is broadest first", () => {
    const parts = systemPrompt("threads", "uk", true);
    expect(parts.every((p) => p.cacheable)).toBe(true);
    expect(parts.map((p) => p.text.split("\n")[0])).toEqual([
      "You ghost-write social-media posts for a physician, in their own first-person voice.",
      "Language: Ukrainian",
      expect.stringMatching(/^Platform: Threads/),
      expect.any(String),
    ]);
  });

  it("forbids meta-comments in every language and on every platform", () => {
    for (const language of LANGUAGES)
      for (const platform of PLATFORMS) {
        const text = system(platform, language);
        expect(text).toContain("No meta-comments");
        expect(text).toContain("Here is a post");
        expect(text).toContain("Ось допис");
      }
  });

  it("gives Ukrainian posts the Russism, address, typography and ending rules, and English posts none of them", () => {
    const uk = system("telegram", "uk");
    for (const rule of [
      "«протягом», not «на протязі»",
      "«брати участь», not «приймати участь»",
      "«є», not «являється»",
    ])
      expect(uk).toContain(rule);
    expect(uk).toContain("polite «ви»");
    expect(uk).toContain("vocative");
    expect(uk).toContain("«Бережіть себе!»");
    const en = system("telegram", "en");
    expect(en).toContain("Language: English");
    expect(en).not.toContain("на протязі");
    expect(en).not.toContain("Language: Ukrainian");
  });

  it("closes each platform its own way, with an example in the post's language", () => {
    expect(system("threads", "en")).toMatch(
      /Closing: end with one short, open question[^\n]*\("What helped you/,
    );
    expect(system("threads", "uk")).toMatch(
      /Closing: end with one short, open question[^\n]*«Що допомагає вам/,
    );
    expect(system("telegram", "uk")).toMatch(/Closing: end with one practical step[^\n]*«Сьогодні ввечері/);
    expect(system("x", "en")).toContain("Closing: end on the point itself. No question");
    expect(system("x", "en")).not.toContain("open question");
  });
});

describe("the draft's language", () => {
  const input: DraftingInput = {
    physician: { displayName: "Dr O", specialty: "psychiatry", language: "uk" },
    topic: "Caffeine and sleep",
    platform: "threads",
    language: "en",
    style: { examples: [] },
    evidence: { items: [], level: "absent", pubmed: "empty" },
  };

  it("is the chosen one, whatever the topic's or the physician's", () => {
    expect(userPrompt(input)).toContain("Write in English.");
    expect(userPrompt({ ...input, language: "uk" })).toContain("Write in Ukrainian.");
    expect(languageOfDraft({ language: "en", topic: "Кава і сон" }, { language: "uk" })).toBe("en");
    // A draft from before the choice existed: the topic's language, else the physician's.
    expect(languageOfDraft({ language: null, topic: "Кава і сон" }, { language: "en" })).toBe("uk");
    expect(languageOfDraft({ language: null, topic: "Caffeine" }, { language: "uk" })).toBe("uk");
  });

  it("offline drafts are written in it and close as the platform part says", async () => {
    const en = await offlineDrafter().draft(input);
    expect(en.text).toMatch(/^Patients often ask me about caffeine and sleep\./);
    const uk = await offlineDrafter().draft({ ...input, language: "uk", topic: "Кава і сон" });
    expect(uk.text).toMatch(/^Пацієнти часто питають мене про кава і сон\./);
    const evidence = {
      items: [
        {
          number: 1,
          kind: "knowledge" as const,
          ref: "k1",
          title: "Caffeine",
          text: "Caffeine has a half-life of around five hours in healthy adults, so an afternoon cup still acts at night.",
        },
      ],
      level: "limited" as const,
      pubmed: "empty" as const,
    };
    const threads = await offlineDrafter().draft({ ...input, evidence });
    expect(threads.text.trim().endsWith("?")).toBe(true);
    const telegram = await offlineDrafter().draft({ ...input, evidence, platform: "telegram" });
    expect(telegram.text.trim().endsWith("?")).toBe(false);
  });

  it("offline, a post never quotes evidence in the other language: it says where the sources are", async () => {
    const english = {
      items: [
        {
          number: 2,
          kind: "knowledge" as const,
          ref: "k2",
          title: "Caffeine",
          text: "Caffeine has a half-life of around five hours in healthy adults, so an afternoon cup still acts at night.",
        },
      ],
      level: "limited" as const,
      pubmed: "empty" as const,
    };
    const uk = await offlineDrafter().draft({
      ...input,
      language: "uk",
      topic: "Кава і сон",
      evidence: english,
    });
    expect(uk.text).not.toMatch(/half-life/);
    expect(uk.text).toContain("англійською [2]");
    // The same evidence in the post's language is quoted and cited.
    const en = await offlineDrafter().draft({ ...input, evidence: english });
    expect(en.text).toContain(
      "half-life of around five hours in healthy adults, so an afternoon cup still acts at night. [2]",
    );
  });
});
