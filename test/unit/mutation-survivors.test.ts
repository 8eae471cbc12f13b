/**
 * Behaviours that `npm run mutate -- --sample 20` found unchecked (each test fails on the
 * planted bug named in its title).
 */
import { describe, expect, it } from "vitest";
import { extractQuantities } from "../../src/pipeline/check/quantities";
import { ruleClaims } from "../../src/pipeline/check/rules";
import type { EvidenceItem } from "../../src/pipeline/types";
import { isPrivateAddress } from "../../src/platform/private-address";

const item = (text: string, extra: Partial<EvidenceItem> = {}): EvidenceItem => ({
  number: 1,
  kind: "knowledge",
  ref: "kb-1",
  title: "Evidence",
  text,
  ...extra,
});

const reasons = (draft: string, evidence: EvidenceItem[]) =>
  ruleClaims(draft, evidence).flatMap((c) => (c.reasons ?? []).map((r) => `${r.code}:${r.detail}`));

describe("claim rules", () => {
  it("calls a number with no range of its own kind 'not in evidence', even when another kind has a range", () => {
    const evidence = [item("Melatonin is taken at 0.5 to 5 mg. Take it two hours before bed.")];
    expect(reasons("Take melatonin 6 hours before bed [1].", evidence)).toEqual([
      "number_not_in_evidence:6 hours",
    ]);
  });

  it("lets a count of people support a count of people, whatever the word", () => {
    const evidence = [item("A trial of 900 participants found that sleep improved.")];
    expect(reasons("A trial of 900 adults showed sleep improved [1].", evidence)).toEqual([]);
  });

  it("resolves a study year from the item's year, not only from its text", () => {
    const evidence = [
      item("CBT-I improved sleep in adults.", { kind: "pubmed", ref: "90000009", year: "2019" }),
    ];
    expect(reasons("A 2019 trial found CBT-I improved sleep [1].", evidence)).toEqual([]);
    expect(reasons("A 2015 trial found CBT-I improved sleep [1].", evidence)).not.toEqual([]);
  });

  it("does not read a receptor or compound name as a number", () => {
    expect(ruleClaims("5-HT receptors are involved in mood.", [])).toEqual([]);
    expect(extractQuantities("5-HT receptors")).toEqual([]);
  });
});

describe("private addresses", () => {
  it("treats the IPv6 discard-only prefix 100::/64 as not routable", () => {
    expect(isPrivateAddress("100::1")).toBe(true);
    expect(isPrivateAddress("100:0:0:1::1")).toBe(false);
  });
});

describe("the period of a quantity", () => {
  it("is read within the six words after it, not further", () => {
    // "a day" starts at the fifth word after "mg", then at the seventh.
    expect(extractQuantities("Take up to 400 mg of coffee with milk a day.")[0]?.per).toBe("day");
    expect(extractQuantities("Take up to 400 mg of coffee with milk or tea a day.")[0]?.per).toBeUndefined();
  });
});
