/**
 * Every labelled case of the claims eval's development set (eval/cases/claims.json) gets its
 * label from the claim check: an unsupported draft is flagged on the offending unit, a
 * supported one is not flagged at all. The eval reports the rate; this holds each case, so a
 * change that breaks one case fails here by name. (The holdout set stays a measurement only.)
 */
import { describe, expect, it } from "vitest";
import devSet from "../../eval/cases/claims.json";
import { claimCaseFileSchema, meetsLabel, runClaimCase } from "../../scripts/lib/claim-case";

const { cases } = claimCaseFileSchema.parse(devSet);

describe("claims eval development set", () => {
  it("has its cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(140);
  });

  it.each(cases.map((c) => [c.id, c] as const))("%s gets its label", async (_id, c) => {
    const outcome = await runClaimCase(c);
    expect({ id: c.id, meets: meetsLabel(c, outcome), outcome }).toMatchObject({ id: c.id, meets: true });
  });
});
