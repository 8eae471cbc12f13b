/**
 * How the rules' findings and the LLM's combine: on an edit (`checkByRules` with the previous
 * version's claims) and when the LLM answers (`checkClaims`). An LLM finding survives an edit
 * only while its sentence is still there; a fixed number clears the rules' finding; the
 * LLM's note explains a problem, never a "supported".
 */
import { describe, expect, it } from "vitest";
import { checkByRules, checkClaims } from "../../src/pipeline/claims";
import type { CheckedClaim, EvidenceItem } from "../../src/pipeline/types";
import { replayRouter } from "../../src/platform/llm/replay";

const evidence: EvidenceItem[] = [
  {
    number: 1,
    kind: "knowledge",
    ref: "kb-caffeine",
    title: "Caffeine and sleep",
    text: "Healthy adults can usually take up to 400 mg of caffeine a day. Adults need 7–9 hours of sleep per night.",
  },
];

const llmFinding = (text: string): CheckedClaim => ({
  text,
  kind: "general",
  verdict: "unsupported",
  evidence: [1],
  note: "the evidence does not say this",
  source: "llm",
});

describe("an edit re-checked by the rules", () => {
  it("keeps an LLM finding while its sentence is still in the draft", () => {
    const sentence = "Evening screens ruin sleep for everyone [1].";
    const { claims } = checkByRules(`${sentence} Sleep well.`, evidence, [llmFinding(sentence)]);
    expect(claims).toEqual([
      expect.objectContaining({ text: sentence, verdict: "unsupported", source: "llm" }),
    ]);
  });

  it("drops an LLM finding whose sentence the physician removed", () => {
    const removed = "Evening screens ruin sleep for everyone [1].";
    const { claims } = checkByRules("Adults need 8 hours of sleep per night [1].", evidence, [
      llmFinding(removed),
    ]);
    expect(claims.map((c) => c.verdict)).toEqual(["supported"]);
  });

  it("clears the rules' finding when the edit fixes the number", () => {
    const before = checkByRules("Take up to 900 mg of caffeine a day [1].", evidence).claims;
    expect(before.map((c) => c.verdict)).toEqual(["unsupported"]);
    const after = checkByRules("Take up to 400 mg of caffeine a day [1].", evidence, before).claims;
    expect(after.map((c) => [c.verdict, c.source])).toEqual([["supported", "rules"]]);
  });

  it("does not repeat a previous supported claim", () => {
    const sentence = "Adults need 8 hours of sleep per night [1].";
    const previous: CheckedClaim = { ...llmFinding(sentence), verdict: "supported", note: undefined };
    const { claims } = checkByRules(sentence, evidence, [previous]);
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ verdict: "supported", source: "rules" });
  });
});

describe("the LLM's answer merged into the rules' claims", () => {
  const check = (draft: string, llmClaims: unknown[]) =>
    checkClaims(draft, evidence, replayRouter(JSON.stringify({ claims: llmClaims })), 1000);

  it("takes the LLM's note when it finds a problem", async () => {
    const draft = "Adults need 8 hours of sleep per night [1].";
    const { claims } = await check(draft, [
      {
        text: draft,
        kind: "number",
        verdict: "unsupported",
        evidence: [1],
        note: "8 hours is not a rule for everyone",
      },
    ]);
    expect(claims).toEqual([
      expect.objectContaining({
        verdict: "unsupported",
        note: "8 hours is not a rule for everyone",
        source: "both",
      }),
    ]);
  });

  it("ignores the LLM's note on a claim it calls supported", async () => {
    const draft = "Adults need 8 hours of sleep per night [1].";
    const { claims } = await check(draft, [
      { text: draft, kind: "number", verdict: "supported", evidence: [1], note: "matches the guideline" },
    ]);
    expect(claims).toHaveLength(1);
    expect(claims[0]?.verdict).toBe("supported");
    expect(claims[0]?.note).toBeUndefined();
  });
});
