import { describe, expect, it } from "vitest";
import { Logger } from "../../src/lib/log";
import { checkByRules, revisionFindings } from "../../src/pipeline/claims";
import { offlineDrafter } from "../../src/pipeline/drafters";
import { draftLanguage, userPrompt } from "../../src/pipeline/prompt";
import { buildPubmedQuery, glossaryQuery } from "../../src/pipeline/query";
import { Budget, StageTimeoutError } from "../../src/pipeline/timeouts";
import type { DraftingInput, EvidenceItem } from "../../src/pipeline/types";
import type { LlmReply } from "../../src/platform/llm/types";

const evidence: EvidenceItem[] = [
  {
    number: 1,
    kind: "knowledge",
    ref: "c1",
    title: "Caffeine and sleep",
    text: "Caffeine taken six hours before bedtime still reduced total sleep time by more than one hour. Healthy adults can usually take up to 400 mg of caffeine a day.",
  },
];
const silent = new Logger({}, "error");

function reply(text: string): LlmReply {
  return {
    text,
    model: "m",
    provider: "anthropic",
    fallback: false,
    costUsd: 0,
    durationMs: 1,
    attempts: [],
    usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
  };
}

describe("Budget", () => {
  it("fails a stage that outlives its share of the budget", async () => {
    const budget = new Budget(50);
    await expect(
      budget.run("llm_complete", () => new Promise((r) => setTimeout(r, 500))),
    ).rejects.toBeInstanceOf(StageTimeoutError);
  });

  it("passes a stage that finishes in time", async () => {
    expect(await new Budget(1000).run("style_match", async () => 42)).toBe(42);
  });
});

describe("PubMed query", () => {
  it("translates Ukrainian clinical words offline", () => {
    expect(glossaryQuery("Безсоння і тривога у підлітків")).toBe("insomnia anxiety adolescents");
    expect(glossaryQuery("hello")).toBeUndefined();
  });

  it("uses the model's English keywords, and ignores a reply that is still Ukrainian", async () => {
    const good = await buildPubmedQuery(
      "Кава і сон",
      { complete: async () => reply('{"query":"caffeine sleep quality"}') },
      silent,
    );
    expect(good).toMatchObject({ query: "caffeine sleep quality", source: "llm" });
    const bad = await buildPubmedQuery(
      "Кава і сон",
      { complete: async () => reply('{"query":"кава сон"}') },
      silent,
    );
    expect(bad).toMatchObject({ query: "coffee sleep", source: "glossary" });
  });

  it("falls back to the topic's keywords when the model fails", async () => {
    const result = await buildPubmedQuery(
      "Melatonin for jet lag",
      { complete: async () => Promise.reject(new Error("down")) },
      silent,
    );
    expect(result).toEqual({ query: "melatonin jet lag", source: "keywords" });
  });
});

describe("offline claim check", () => {
  it("supports sentences that the cited evidence states, flags the rest", () => {
    const claims = checkByRules(
      "Caffeine taken six hours before bedtime still reduced total sleep time [1]. Sertraline cures insomnia in 2 weeks [1]. I love mornings.",
      evidence,
    ).claims;
    expect(claims.map((c) => [c.kind, c.verdict])).toEqual([
      ["drug", "supported"],
      ["drug", "unsupported"],
    ]);
    expect(revisionFindings(claims)).toHaveLength(1);
  });

  it("flags a citation marker that points at no evidence", () => {
    const { claims } = checkByRules("Caffeine reduced total sleep time by 2 hours [7].", evidence);
    expect(
      claims.some((c) => c.verdict === "unsupported" && c.reasons?.some((r) => r.detail === "[7]")),
    ).toBe(true);
  });
});

describe("drafting input", () => {
  const input: DraftingInput = {
    physician: { displayName: "Dr A", specialty: "psychiatry", language: "en" },
    topic: "Кава і сон",
    platform: "x",
    language: "uk",
    style: { examples: [{ text: "My own post.", language: "en", platform: "x", origin: "own" }] },
    evidence: { items: evidence, level: "limited", pubmed: "empty" },
  };

  it("writes Ukrainian for a Ukrainian topic and numbers the evidence", () => {
    expect(draftLanguage("Кава і сон", "en")).toBe("uk");
    const prompt = userPrompt(input);
    expect(prompt).toContain("Write in Ukrainian.");
    expect(prompt).toContain('<item number="1">\nCaffeine and sleep');
    expect(prompt).toContain(
      '<example number="1" platform="x" language="en" source="their post">\nMy own post.',
    );
  });

  it("drafts offline within the platform limit, citing the evidence it uses", async () => {
    const { text, offline } = await offlineDrafter().draft({
      ...input,
      topic: "caffeine and sleep",
      language: "en",
    });
    expect(offline).toBe(true);
    expect(text.length).toBeLessThanOrEqual(280);
    expect(text).toMatch(/\[1\]/);
  });
});
