/**
 * What extractQuantities reads from a phrase, as (dimension, value or range in base units,
 * period, relative): ordinals, clock times, list numbers and compound names (B12, COVID-19,
 * 5-HT) are not quantities; hyphenated units, limits and thresholds, ranges, number words,
 * Ukrainian forms and periods are. Base units: hours, mg, ml, fractions.
 */
import { describe, expect, it } from "vitest";
import { extractQuantities, type Quantity, quantityLabel } from "../../src/pipeline/check/quantities";

const round = (n: number) => (Number.isFinite(n) ? Number(n.toPrecision(6)) : n);
const describeQuantity = (q: Quantity) =>
  `${q.dimension} ${round(q.lo)}${q.hi !== q.lo ? `..${round(q.hi)}` : ""}${q.per ? ` per ${q.per}` : ""}${q.relative ? " relative" : ""}`;

// [phrase, as read from a draft, as read from evidence (when different)]
const TABLE: [string, string[], string[]?][] = [
  ["Take the 3rd dose of 5 mg.", ["mass 5"]],
  ["At 7:30 patients take 5 mg", ["mass 5"]],
  ["Avoid caffeine after 16:00 and sleep 8 hours.", ["time 8"]],
  ["Stop at 4 p.m. and 2 patients rest.", ["count 2"]],
  ["Stop at 4 a.m. 3 hours later", ["time 3"]],
  ["1. Sleep 8 hours\n2) Walk 30 minutes", ["time 8", "time 0.5"]],
  ["5-HT rises; 5-й день 2 mg.", ["mass 2"]],
  ["Take 5 mg at 4 pm", ["mass 5"]],
  ["About 20 people had COVID-19 twice", ["count 20"]],
  ["at 10:30 take 2 mg", ["mass 2"]],
  ["B12 1000 mcg daily", ["mass 1 per day"]],
  ["omega-3 2 g", ["mass 2000"]],
  ["the 2nd week 3 patients", ["count 3"]],
  ["3 patients on the 21st day", ["count 3"]],
  ["8-річний хлопчик 5 мг", ["time 70080", "mass 5"]],
  ["90-minute sessions", ["time 1.5"]],
  ["a 12-week course", ["time 2016"]],
  ["12 weeks", ["time 2016"]],
  ["up to 400 mg", ["mass 0..400"]],
  ["no more than 2 cups", ["count 0..2"]],
  ["at least 7 hours", ["time 7..Infinity"]],
  ["fewer than 5 patients", ["count 0..5"]],
  ["30%", ["proportion 0.3"]],
  ["5 mmol/L", ["concentration 5"]],
  ["2 mg/kg", ["mass 2"]],
  ["7–9 hours", ["time 7..9"]],
  ["between 7 and 9 hours", ["time 7..9"]],
  ["three hundred milligrams", ["mass 300"]],
  // A multiplier only scales a smaller number: "100 hundred" is not ten thousand.
  ["100 hundred people", ["count 100"], ["count 100", "count 100"]],
  ["0,5 мг мелатоніну", ["mass 0.5"]],
  ["до 400 мг кофеїну", ["mass 0..400"]],
  ["щонайменше 7 годин сну", ["time 7..Infinity"]],
  ["1 in 3 adults", ["proportion 0.333333"]],
  ["5 times a week", ["count 5 per week"]],
  ["10 mg per day", ["mass 10 per day"]],
  ["10 mg a day", ["mass 10 per day"]],
  ["20 mg daily", ["mass 20 per day"]],
  ["1.5 litres", ["volume 1500"]],
  ["2 years", ["time 17520"]],
  ["the year 2019", ["year 2019"]],
  ["In 2020 and 2021", ["year 2020", "year 2021"]],
  ["50 per cent", ["proportion 0.5"]],
  ["1,000 participants", ["count 1000"]],
  ["1 000 учасників", ["count 1000"]],
  ["a 40% reduction", ["proportion 0.4 relative"]],
  ["7-9 год", ["time 7..9"]],
  ["COVID-19 vaccine 2 doses", ["count 2"]],
  ["SARS-CoV-2 in 10 patients", ["count 10"]],
  ["2 p.m. 3 mg", ["mass 3"]],
  ["lists:\n 3) take 4 mg", ["mass 4"]],
  ["5 mg / day", ["mass 5 per day"]],
  ["2 mg/kg/day", ["mass 2 per day"]],
  ["5 g/day", ["mass 5000 per day"]],
  ["20 mg. Then", ["mass 20"]],
  ["20 mg! Wow", ["mass 20"]],
  ["take 20 mg: then", ["mass 20"]],
  ["20 mg (daily)", ["mass 20"]],
  ["5 or more hours", ["time 5..Infinity"]],
  ["5 hours or more", ["time 5..Infinity"]],
  ["5 hours or longer", ["time 5..Infinity"]],
  ["7 hours or less", ["time 0..7"]],
  ["from 10 to 20 mg", ["mass 10..20"]],
  ["(10–20 mg)", ["mass 10..20"]],
  ["reduced by 30%", ["proportion 0.3 relative"]],
  ["зменшує на 30%", ["proportion 0.3 relative"]],
  ["3 out of 10 adults", ["proportion 0.3"]],
  ["3 з 10 дорослих", ["proportion 0.3"]],
  ["1 із 5 пацієнтів", ["proportion 0.2"]],
  ["at most 3 cups", ["count 0..3"]],
  ["2 million people", ["count 2000000"]],
  ["1 g/day or less", ["mass 0..1000 per day"]],
  ["400 mg/day or more", ["mass 400..Infinity per day"]],
  ["at least 2 g/day", ["mass 2000..Infinity per day"]],
  ["7–9 hours or more", ["time 7..9"]],
];

describe("extractQuantities reads each phrase", () => {
  it.each(TABLE)("%j", (phrase, draftSide, evidenceSide = draftSide) => {
    expect(extractQuantities(phrase).map(describeQuantity)).toEqual(draftSide);
    expect(extractQuantities(phrase, { generous: true }).map(describeQuantity)).toEqual(evidenceSide);
  });
});

describe("a quantity's label (as the review modal names it) and its per-kg unit", () => {
  it.each([
    ["from 10 to 20 mg", "from 10 to 20 mg"],
    ["(10–20 mg)", "10–20 mg"],
    ["between 7 and 9 hours", "between 7 and 9 hours"],
    ["at most 3 cups", "at most 3 cups"],
    ["2 million people", "2 million people"],
  ])("%j is labelled %j", (phrase, label) => {
    expect(extractQuantities(phrase).map(quantityLabel)).toEqual([label]);
  });

  it("marks a dose per kilogram, and only that", () => {
    expect(extractQuantities("2 mg/kg")[0]?.unitKey).toBe("per kg");
    expect(extractQuantities("5 mg / day")[0]?.unitKey).toBeUndefined();
  });
});
