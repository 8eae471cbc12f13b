/**
 * What the rules report for a statement, exactly: its kind (what the card calls it), its
 * verdict and the reason code the review modal explains. The eval's cases hold "flagged or
 * not"; these hold *which* finding a physician is shown.
 */
import { describe, expect, it } from "vitest";
import { clauseAround, ruleClaims } from "../../src/pipeline/check/rules";
import type { EvidenceItem } from "../../src/pipeline/types";

const item = (number: number, text: string, extra: Partial<EvidenceItem> = {}): EvidenceItem => ({
  number,
  kind: "knowledge",
  ref: `kb-${number}`,
  title: `Evidence ${number}`,
  text,
  ...extra,
});

const sleep = item(
  1,
  "Adults need 7–9 hours of sleep per night. Healthy adults can usually take up to 400 mg of caffeine a day. " +
    "Guidelines updated in 2017 recommend a regular wake time.",
);
const trial = item(2, "CBT-I improved sleep in 30% of adults with chronic insomnia after six sessions.", {
  kind: "pubmed",
  ref: "90000001",
  year: "2021",
});

/** kind, verdict and reason codes of each claim the rules find in `draft`. */
function findings(draft: string, evidence: EvidenceItem[] = [sleep, trial]) {
  return ruleClaims(draft, evidence).map((c) => ({
    kind: c.kind,
    verdict: c.verdict,
    reasons: (c.reasons ?? []).map((r) => `${r.code}:${r.detail}`),
  }));
}

describe("kinds and verdicts", () => {
  it("reports a supported number as a supported claim, not as nothing", () => {
    expect(findings("Adults need 8 hours of sleep per night [1].")).toEqual([
      { kind: "number", verdict: "supported", reasons: [] },
    ]);
  });

  it("calls an amount of a substance a dose, and a duration a number", () => {
    expect(findings("Take 500 mg of caffeine a day [1].")[0]?.kind).toBe("dose");
    expect(
      findings("Take 5 ml of the syrup [1].", [item(1, "Take 5 ml of the syrup at night.")])[0]?.kind,
    ).toBe("dose");
    expect(findings("Adults need 5 hours of sleep per night [1].")[0]?.kind).toBe("number");
  });

  it("says nothing about a cited sentence with nothing checkable in it", () => {
    expect(findings("Sleep is worth protecting [1].")).toEqual([]);
  });
});

describe("the physician's own experience is not a claim, other first-person numbers are", () => {
  it("skips years of practice even without a first-person word", () => {
    expect(findings("After 12 years of practice, sleep hygiene is what works.")).toEqual([]);
  });

  it("checks a duration in a first-person sentence that is not years of practice", () => {
    expect(findings("My advice: adults need 5 hours of sleep per night [1].")).toEqual([
      { kind: "number", verdict: "unsupported", reasons: ["out_of_range:5 hours"] },
    ]);
  });
});

describe("years", () => {
  it("supports a year that is the cited study's year or is stated in the evidence", () => {
    expect(findings("In 2021, CBT-I helped 30% of adults with insomnia [2].")).toEqual([
      { kind: "number", verdict: "supported", reasons: [] },
    ]);
    expect(findings("Since 2017, guidelines recommend a regular wake time [1].")).toEqual([
      { kind: "number", verdict: "supported", reasons: [] },
    ]);
  });

  it("flags a year that neither the study nor the evidence gives", () => {
    expect(findings("Since 2015, guidelines recommend a regular wake time [1].")).toEqual([
      { kind: "number", verdict: "unsupported", reasons: ["number_not_in_evidence:2015"] },
    ]);
  });

  it("judges a study's year once, as the attribution it belongs to", () => {
    const [claim] = findings("A 2019 study found that CBT-I helped 30% of adults [2].");
    expect(claim?.kind).toBe("attribution");
    expect(claim?.reasons).toEqual(["attribution_unmatched:2019 study"]);
  });
});

describe("subjects and units", () => {
  it("does not let a number about another substance support this one", () => {
    const melatonin = item(
      1,
      "Melatonin 0.5 mg helps with jet lag. Caffeine should be avoided in the evening.",
    );
    expect(findings("Take 0.5 mg of caffeine in the evening [1].", [melatonin])).toEqual([
      { kind: "dose", verdict: "unsupported", reasons: ["other_subject:0.5 mg"] },
    ]);
  });

  it("calls a number carried over with the wrong unit a unit mismatch, even when a conversion would match", () => {
    const programme = item(1, "The programme lasts one year. A 12-week course improved sleep.");
    expect(findings("The programme lasts 12 months [1].", [programme])).toEqual([
      { kind: "number", verdict: "unsupported", reasons: ["unit_mismatch:12 months"] },
    ]);
    expect(findings("The programme lasts one year [1].", [programme])).toEqual([
      { kind: "number", verdict: "supported", reasons: [] },
    ]);
  });
});

describe("clauseAround", () => {
  it("stops the clause at a break right after the number", () => {
    const sentence = "Take 5 mg, then rest";
    expect(clauseAround(sentence, 5, 9)).toBe("Take  ");
  });

  it("starts the clause right after a break that ends where the number starts", () => {
    const sentence = "Rest;5 mg helps";
    expect(clauseAround(sentence, 5, 9)).toBe("  helps");
  });
});
