/**
 * When one quantity in the evidence supports one in a draft (`supports`) and whether they are
 * the same kind of thing at all (`sameKind`): counted things (people count as people across
 * words and languages; cups are not mugs), limits and ranges, thresholds, tolerances, units
 * per kilogram, periods and relative changes.
 */
import { describe, expect, it } from "vitest";
import { extractQuantities, sameKind, supports } from "../../src/pipeline/check/quantities";

// [evidence phrase, draft phrase, "supports sameKind"]
const PAIRS: [string, string, string][] = [
  ["900 participants", "900 adults", "true true"],
  ["41 trials", "41 randomized trials", "true true"],
  ["41 trials", "41 patients", "false false"],
  ["41 trials", "41", "true true"],
  ["41", "41 trials", "false false"],
  ["41 cups", "41 mugs", "false false"],
  ["41 patients", "41 people", "true true"],
  // Across languages people still count as people, and trials are never people.
  ["900 participants", "900 дорослих", "true true"],
  ["900 trials", "900 дорослих", "false false"],
  ["up to 400 mg", "up to 400 mg", "true true"],
  ["up to 400 mg", "no more than 400 mg", "true true"],
  ["up to 400 mg", "up to 420 mg", "false true"],
  ["up to 400 mg", "up to 500 mg", "false true"],
  ["up to 400 mg", "200 mg", "true true"],
  ["up to 400 mg", "400 mg", "true true"],
  ["up to 400 mg", "450 mg", "false true"],
  ["7–9 hours", "7–9 hours", "true true"],
  // A range sharing only its top is not a limit: "30–90 minutes" is not in "60–90 minutes".
  ["60–90 minutes", "30–90 minutes", "false true"],
  ["7–9 hours", "8 hours", "true true"],
  ["7–9 hours", "9 hours", "true true"],
  ["7–9 hours", "7 hours", "true true"],
  ["7–9 hours", "6 hours", "false true"],
  ["7–9 hours", "10 hours", "false true"],
  ["at least 7 hours", "at least 7 hours", "true true"],
  ["at least 7 hours", "7 hours", "true true"],
  ["at least 7 hours", "6 hours", "false true"],
  ["5 hours", "5 hours", "true true"],
  ["5 hours", "5.2 hours", "false true"],
  ["5 hours", "6 hours", "false true"],
  ["100 mg", "105 mg", "false true"],
  ["100 mg", "110 mg", "false true"],
  ["30%", "30%", "true true"],
  ["30%", "31%", "false true"],
  ["30%", "40%", "false true"],
  ["2 mg/kg", "2 mg", "false false"],
  ["2 mg", "2 mg/kg", "false false"],
  ["10 mg per day", "10 mg per week", "false false"],
  ["10 mg per day", "10 mg", "true true"],
  ["a 40% reduction", "40%", "false false"],
  ["reduced by 40%", "reduced by 40%", "true true"],
  ["12 weeks", "3 months", "false true"],
  ["one year", "12 months", "true true"],
  ["5 patients", "5 пацієнтів", "true true"],
  ["5 пацієнтів", "5 patients", "true true"],
  ["5 trials", "5 випробувань", "true true"],
  ["3 cups of coffee", "3 cups", "true true"],
  ["3 cups", "3 cups of coffee", "true true"],
  ["2 doses", "2 vaccines", "false false"],
  ["up to 400 mg", "up to 390 mg", "true true"],
  ["no more than 2 cups", "up to 2 cups", "true true"],
  ["5 or more hours", "at least 5 hours", "true true"],
  ["7 hours or less", "up to 7 hours", "true true"],
  ["7–9 hours", "7 to 9 hours", "true true"],
];

describe("supports and sameKind", () => {
  it.each(PAIRS)("evidence %j, draft %j → %s", (evidencePhrase, draftPhrase, expected) => {
    const [evidence] = extractQuantities(evidencePhrase, { generous: true });
    const [claim] = extractQuantities(draftPhrase);
    if (!evidence || !claim) throw new Error("both phrases must hold a quantity");
    expect(`${supports(evidence, claim)} ${sameKind(evidence, claim)}`).toBe(expected);
  });
});

describe("the float tolerance of a range", () => {
  // Arithmetic on converted units leaves float noise (0.1 × 3 is 0.30000000000000004): a value
  // within a millionth of a range's end is inside it, the end of the tolerance included.
  it("keeps a value exactly at the tolerance edge inside the range, and one just past it out", () => {
    const [evidence] = extractQuantities("7–9 hours", { generous: true });
    const [claim] = extractQuantities("9 hours");
    if (!evidence || !claim) throw new Error("both phrases must hold a quantity");
    const edge = evidence.hi + Math.max(1e-9, Math.abs(evidence.hi) * 1e-6);
    expect(supports(evidence, { ...claim, lo: edge, hi: edge })).toBe(true);
    const past = evidence.hi + Math.abs(evidence.hi) * 1e-5;
    expect(supports(evidence, { ...claim, lo: past, hi: past })).toBe(false);
  });
});

describe("a quantity's period", () => {
  it("is found a few words on, past a dash or an ampersand, but never past punctuation", () => {
    expect(extractQuantities("400 mg – a day")[0]?.per).toBe("day");
    expect(extractQuantities("400 mg & 2 cups a day")[0]?.per).toBe("day");
    expect(extractQuantities("400 mg, then a day")[0]?.per).toBeUndefined();
  });
});
