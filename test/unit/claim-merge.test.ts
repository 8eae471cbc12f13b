/**
 * How the rules' findings and the LLM's combine: on an edit (`checkByRules` with the previous
 * version's claims) and when the LLM answers (`checkClaims`). An LLM finding survives an edit
 * only while its sentence is still there; a fixed number clears the rules' finding; the
 * LLM's note explains a problem, never a "supported".
 */
import { describe, expect, it } from "vitest";
import { checkByRules, checkClaims, problems, revisionFindings } from "../../src/pipeline/claims";
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

/** The claim check with `llmClaims` as the LLM checker's recorded answer. */
const check = (draft: string, llmClaims: unknown[]) =>
  checkClaims(draft, evidence, replayRouter(JSON.stringify({ claims: llmClaims })), 1000);

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

describe("an LLM claim that matches no rule sentence", () => {
  const DRAFT = "Sleep is worth protecting.";

  it("is downgraded when all its citations point at evidence that does not exist", async () => {
    const { claims } = await check(DRAFT, [
      { text: "Naps are harmful.", kind: "general", verdict: "supported", evidence: [9] },
    ]);
    expect(claims).toEqual([
      expect.objectContaining({
        verdict: "unsupported",
        evidence: [],
        reasons: [{ code: "cites_missing_evidence", detail: "[9]" }],
        source: "llm",
      }),
    ]);
  });

  it("keeps its verdict and has no reasons when it cites nothing", async () => {
    const { claims } = await check(DRAFT, [
      { text: "Naps are harmful.", kind: "general", verdict: "supported", evidence: [] },
    ]);
    expect(claims).toEqual([expect.objectContaining({ verdict: "supported", reasons: [] })]);
  });

  it("is read by the rules: their reasons and kind are added, without marker noise", async () => {
    const { claims } = await check(DRAFT, [
      { text: "Take 900 mg of caffeine a day [7].", kind: "general", verdict: "supported", evidence: [1] },
    ]);
    expect(claims).toEqual([
      expect.objectContaining({
        kind: "dose",
        verdict: "unsupported",
        reasons: [{ code: "out_of_range", detail: "900 mg" }],
      }),
    ]);
  });

  it("keeps the LLM's own kind when it gives one", async () => {
    const { claims } = await check(DRAFT, [
      { text: "Take 900 mg of caffeine a day.", kind: "number", verdict: "unsupported", evidence: [1] },
    ]);
    expect(claims[0]?.kind).toBe("number");
  });
});

describe("an LLM claim that quotes or paraphrases a rule sentence", () => {
  const DRAFT = "Adults need 8 hours of sleep per night [1]. Keep the bedroom dark.";

  it("joins the sentence it quotes in part, even by one word", async () => {
    const { claims } = await check(DRAFT, [
      { text: "8 hours", kind: "number", verdict: "unsupported", evidence: [1] },
    ]);
    expect(claims).toEqual([expect.objectContaining({ verdict: "unsupported", source: "both" })]);
  });

  it("joins the sentence it paraphrases with two of its words", async () => {
    const { claims } = await check(DRAFT, [
      { text: "Sleep, hours!", kind: "general", verdict: "unsupported", evidence: [1] },
    ]);
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ source: "both" });
  });

  it("does not repeat a reason the rules already gave", async () => {
    const draft = "Take up to 900 mg of caffeine a day [1].";
    const { claims } = await check(draft, [
      { text: draft, kind: "dose", verdict: "unsupported", evidence: [1] },
    ]);
    expect(claims).toHaveLength(1);
    expect(claims[0]?.reasons).toEqual([{ code: "out_of_range", detail: "up to 900 mg" }]);
  });

  it("joins a sentence holding three in five of its words, not two", async () => {
    const draft = "Adults need 7–9 hours of sleep per night [1].";
    const joined = await check(draft, [
      { text: "adults sleep night pizza movies", kind: "general", verdict: "unsupported", evidence: [1] },
    ]);
    expect(joined.claims.map((c) => c.source)).toEqual(["both"]);
    const apart = await check(draft, [
      { text: "adults sleep pizza movies popcorn", kind: "general", verdict: "unsupported", evidence: [1] },
    ]);
    expect(apart.claims.map((c) => c.source)).toEqual(["rules", "llm"]);
  });

  it("joins the first of two sentences it paraphrases equally well", async () => {
    const draft =
      "Adults need 7–9 hours of sleep per night [1]. Late caffeine shortens night sleep in adults [1].";
    const { claims } = await check(draft, [
      { text: "Adults, sleep, night", kind: "general", verdict: "unsupported", evidence: [1] },
    ]);
    expect(claims.map((c) => c.source)).toEqual(["both", "rules"]);
    expect(claims[0]?.verdict).toBe("unsupported");
  });

  it("with no words at all, joins nothing", async () => {
    const { claims } = await check(DRAFT, [
      { text: "—", kind: "general", verdict: "unsupported", evidence: [] },
    ]);
    expect(claims[0]).toMatchObject({ verdict: "supported", source: "rules" });
  });
});

describe("what goes to the automatic revision", () => {
  const claim = (over: Partial<CheckedClaim>): CheckedClaim => ({
    text: "A claim.",
    kind: "number",
    verdict: "unsupported",
    evidence: [1],
    source: "rules",
    ...over,
  });

  it("sends contradicted claims, unsupported facts, and unsupported opinions only with a reason", () => {
    const claims = [
      claim({ text: "contradicted", verdict: "contradicted", kind: "general" }),
      claim({ text: "number" }),
      claim({ text: "opinion", kind: "general", source: "llm" }),
      claim({
        text: "opinion with reason",
        kind: "general",
        reasons: [{ code: "missing_marker", detail: "[4]" }],
      }),
      claim({ text: "fine", verdict: "supported" }),
    ];
    expect(revisionFindings(claims).map((line) => line.split('"')[1])).toEqual([
      "contradicted",
      "number",
      "opinion with reason",
    ]);
    expect(problems(claims).map((c) => c.text)).toEqual([
      "contradicted",
      "number",
      "opinion",
      "opinion with reason",
    ]);
  });
});
