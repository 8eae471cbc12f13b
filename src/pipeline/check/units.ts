/**
 * Units the claim check understands, in English and Ukrainian, each mapped to a dimension
 * and a factor to that dimension's base unit (mg, ml, hours, proportion, kcal). Words are
 * matched by exact form or by stem (Ukrainian inflects: годин, години, годину).
 */

export type Dimension =
  | "mass"
  | "volume"
  | "time"
  | "proportion"
  | "energy"
  | "concentration"
  | "illuminance"
  | "dose_units";

export interface Unit {
  dimension: Dimension;
  /** Multiply a value in this unit by `factor` to get the dimension's base unit. */
  factor: number;
  /** Canonical symbol, for messages ("mg", "h", "%"). */
  symbol: string;
}

const u = (dimension: Dimension, factor: number, symbol: string): Unit => ({ dimension, factor, symbol });

const MICROGRAM = u("mass", 0.001, "µg");
const MILLIGRAM = u("mass", 1, "mg");
const GRAM = u("mass", 1000, "g");
const KILOGRAM = u("mass", 1_000_000, "kg");
const MILLILITRE = u("volume", 1, "ml");
const LITRE = u("volume", 1000, "l");
const MINUTE = u("time", 1 / 60, "min");
const HOUR = u("time", 1, "h");
const DAY = u("time", 24, "days");
const WEEK = u("time", 24 * 7, "weeks");
const MONTH = u("time", 730, "months");
const YEAR = u("time", 8760, "years");
const PERCENT = u("proportion", 0.01, "%");
const KCAL = u("energy", 1, "kcal");
const LUX = u("illuminance", 1, "lux");
const IU = u("dose_units", 1, "IU");

/** Exact (lower-cased) unit words and symbols. */
const EXACT: Record<string, Unit> = {
  mcg: MICROGRAM,
  µg: MICROGRAM,
  μg: MICROGRAM,
  ug: MICROGRAM,
  мкг: MICROGRAM,
  mg: MILLIGRAM,
  мг: MILLIGRAM,
  g: GRAM,
  г: GRAM,
  kg: KILOGRAM,
  кг: KILOGRAM,
  ml: MILLILITRE,
  мл: MILLILITRE,
  l: LITRE,
  л: LITRE,
  min: MINUTE,
  mins: MINUTE,
  хв: MINUTE,
  h: HOUR,
  hr: HOUR,
  hrs: HOUR,
  год: HOUR,
  d: DAY,
  wk: WEEK,
  wks: WEEK,
  "%": PERCENT,
  kcal: KCAL,
  lux: LUX,
  lx: LUX,
  люкс: LUX,
  iu: IU,
  мо: IU,
  ккал: KCAL,
  percent: PERCENT,
  percentage: PERCENT,
  доба: DAY,
  доби: DAY,
  добу: DAY,
  діб: DAY,
  день: DAY,
  дні: DAY,
  днів: DAY,
  дня: DAY,
  рік: YEAR,
  роки: YEAR,
  років: YEAR,
  року: YEAR,
};

/** Stems: a word starting with one of these (and at most `extra` letters longer) is the unit. */
const STEMS: [string, Unit, number][] = [
  ["microgram", MICROGRAM, 1],
  ["мікрограм", MICROGRAM, 2],
  ["milligram", MILLIGRAM, 1],
  ["міліграм", MILLIGRAM, 2],
  ["gram", GRAM, 1],
  ["грам", GRAM, 2],
  ["kilogram", KILOGRAM, 1],
  ["кілограм", KILOGRAM, 2],
  ["millilit", MILLILITRE, 3],
  ["мілілітр", MILLILITRE, 2],
  ["litre", LITRE, 1],
  ["liter", LITRE, 1],
  ["літр", LITRE, 2],
  ["minute", MINUTE, 1],
  ["хвилин", MINUTE, 2],
  ["hour", HOUR, 1],
  ["годин", HOUR, 2],
  ["day", DAY, 1],
  ["week", WEEK, 1],
  ["тижн", WEEK, 3],
  ["тиждень", WEEK, 0],
  ["month", MONTH, 1],
  ["місяц", MONTH, 2],
  ["місяць", MONTH, 0],
  ["year", YEAR, 1],
  ["відсот", PERCENT, 3],
  // Ukrainian adjectives glued with a hyphen: "8-тижневий", "90-хвилинний", "24-годинний".
  ["тижнев", WEEK, 6],
  ["годинн", HOUR, 5],
  ["хвилинн", MINUTE, 5],
  ["місячн", MONTH, 5],
  ["денн", DAY, 5],
  ["добов", DAY, 5],
  ["річн", YEAR, 5],
  ["процент", PERCENT, 3],
  ["calorie", KCAL, 1],
  ["kilocalorie", KCAL, 1],
];

export function unitOf(word: string): Unit | undefined {
  const lower = word.toLowerCase();
  const exact = EXACT[lower];
  if (exact) return exact;
  for (const [stem, unit, extra] of STEMS) {
    if (lower.startsWith(stem) && lower.length <= stem.length + extra) return unit;
  }
  return undefined;
}

/** Amount units that form a concentration with "/l", "/dl", "/ml": mmol/L, mg/dL, ng/mL. */
const AMOUNTS = new Set([
  "mmol",
  "ммоль",
  "µmol",
  "μmol",
  "umol",
  "мкмоль",
  "mol",
  "моль",
  "mg",
  "мг",
  "ng",
  "нг",
  "µg",
  "мкг",
  "mcg",
  "g",
  "г",
  "meq",
  "мекв",
]);
const VOLUMES = new Set(["l", "л", "dl", "дл", "ml", "мл"]);

/** "mmol" + "/" + "l" → a concentration unit keyed by its spelling in Latin letters. */
export function concentrationUnit(amount: string, volume: string): Unit | undefined {
  const a = amount.toLowerCase();
  const v = volume.toLowerCase();
  if (!AMOUNTS.has(a) || !VOLUMES.has(v)) return undefined;
  const latin: Record<string, string> = {
    ммоль: "mmol",
    мкмоль: "µmol",
    моль: "mol",
    мг: "mg",
    нг: "ng",
    мкг: "µg",
    г: "g",
    мекв: "meq",
    л: "l",
    дл: "dl",
    мл: "ml",
    μmol: "µmol",
    umol: "µmol",
    mcg: "µg",
  };
  return u("concentration", 1, `${latin[a] ?? a}/${latin[v] ?? v}`);
}

/** "per cent" is two words. */
export function isPerCent(first: string, second: string | undefined): boolean {
  return first.toLowerCase() === "per" && second?.toLowerCase() === "cent";
}

/** Number words, recognised only in front of a unit or, in evidence, a noun. */
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  eighteen: 18,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  seventy: 70,
  eighty: 80,
  hundred: 100,
  thousand: 1000,
  сто: 100,
  двісті: 200,
  триста: 300,
  чотириста: 400,
  "п'ятсот": 500,
  "п’ятсот": 500,
  пʼятсот: 500,
  шістсот: 600,
  сімсот: 700,
  вісімсот: 800,
  тисяча: 1000,
  один: 1,
  одна: 1,
  одну: 1,
  одного: 1,
  одній: 1,
  два: 2,
  дві: 2,
  двох: 2,
  три: 3,
  трьох: 3,
  чотири: 4,
  чотирьох: 4,
  "п'ять": 5,
  пʼять: 5,
  "п’ять": 5,
  "п'яти": 5,
  шість: 6,
  шести: 6,
  сім: 7,
  семи: 7,
  вісім: 8,
  восьми: 8,
  "дев'ять": 9,
  "дев’ять": 9,
  десять: 10,
  десяти: 10,
  дванадцять: 12,
  двадцять: 20,
  тридцять: 30,
  шістдесят: 60,
};

export function numberWord(word: string): number | undefined {
  return NUMBER_WORDS[word.toLowerCase()];
}

/** "a half"/"half an hour" and "пів" forms are left to the LLM check: too idiomatic to read. */
export const PERSON_NOUNS = [
  "people",
  "person",
  "adult",
  "patient",
  "participant",
  "individual",
  "child",
  "children",
  "adolescent",
  "teen",
  "women",
  "woman",
  "men",
  "man",
  "subject",
  "volunteer",
  "user",
  "student",
  "worker",
  "люд",
  "доросл",
  "пацієнт",
  "учасник",
  "дит",
  "діт",
  "підліт",
  "жін",
  "чолов",
  "осіб",
  "особ",
  "студент",
  "працівник",
];

export function isPersonNoun(word: string): boolean {
  const lower = word.toLowerCase();
  return PERSON_NOUNS.some((stem) => lower.startsWith(stem));
}
