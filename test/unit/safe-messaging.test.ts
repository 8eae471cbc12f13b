/**
 * Safe messaging: which topics get the rules and the crisis line (EN and UK, inflected
 * forms, and the near-misses that must not), the crisis line a physician's readers get,
 * and when a post already carries it.
 */
import { describe, expect, it } from "vitest";
import {
  CRISIS_COUNTRIES,
  containsCrisisLine,
  crisisLine,
  crisisLineProblem,
  SAFE_MESSAGING_RULES,
  safetyTopic,
} from "../../src/pipeline/safe-messaging";

describe("safetyTopic", () => {
  const positives = [
    "Suicide prevention in primary care",
    "Talking to a suicidal teenager",
    "Suicidality and SSRIs in young adults",
    "Lithium's anti-suicidal effect",
    "Self-harm in adolescents",
    "self harm: what parents can do",
    "Non-suicidal self-injury (NSSI)",
    "When a teen is cutting herself",
    "Paracetamol overdose",
    "Opioid overdoses after release from prison",
    "He OD'd twice last year",
    "When a patient says they want to kill themselves",
    "Thoughts of ending my life",
    "Профілактика суїциду",
    "Суїцидальні думки у підлітків",
    "суiцид (typed with a Latin i)",
    "Самогубство серед ветеранів",
    "Самоушкодження в підлітковому віці",
    "Самопошкоджувальна поведінка",
    "Передозування парацетамолом",
    "Коли людина хоче покінчити з життям",
    "Чому люди накладають на себе руки",
  ];
  for (const topic of positives) {
    it(`flags "${topic}"`, () => expect(safetyTopic(topic)).toBe("safe_messaging"));
  }

  const negatives = [
    "Overdue vaccinations in adults",
    "Harmful effects of alcohol on sleep",
    "Self-care for night-shift workers",
    "Self-harmony and mindfulness",
    "Cutting back on caffeine",
    "Cutting sugar for better sleep",
    "Metformin 500 mg OD with meals",
    "Why the Suicide Squad film gets psychiatry wrong",
    "Suicide gene therapy in glioblastoma",
    "Dose adjustment of sertraline",
    "Шкода алкоголю для сну",
    "Дозування мелатоніну",
    "Передзвонити пацієнту після візиту",
    "Кінець зміни: як відновитися",
  ];
  for (const topic of negatives) {
    it(`does not flag "${topic}"`, () => expect(safetyTopic(topic)).toBeNull());
  }

  it("a dismissed phrase does not hide a real mention next to it", () => {
    expect(safetyTopic("Suicide Squad, and real suicide prevention")).toBe("safe_messaging");
  });
});

describe("SAFE_MESSAGING_RULES", () => {
  it("covers methods, lethality, sensational framing, single causes, hope and help-seeking", () => {
    for (const needle of ["method", "lethal", "epidemic", "single event", "hope", "help-seeking", "crisis"]) {
      expect(SAFE_MESSAGING_RULES.toLowerCase()).toContain(needle);
    }
  });
});

describe("crisisLine", () => {
  it("uses the physician's own line when set", () => {
    expect(
      crisisLine({ country: "UA", crisisLine: "  Call  our clinic: 0 800 123 456 ", language: "en" }),
    ).toBe("Call our clinic: 0 800 123 456");
  });

  it("else the country's national line, in the physician's language", () => {
    expect(crisisLine({ country: "UA", crisisLine: null, language: "uk" })).toBe(
      "Якщо у вас з’являються думки про самогубство чи самоушкодження, ви не самі. Зателефонуйте: Lifeline Ukraine, 7333.",
    );
    expect(crisisLine({ country: "GB", crisisLine: "", language: "en" })).toBe(
      "If you are having thoughts of suicide or self-harm, you are not alone. Call Samaritans: 116 123.",
    );
    expect(crisisLine({ country: "us", crisisLine: null, language: "en" })).toContain(": 988.");
    expect(crisisLine({ country: "AU", crisisLine: null, language: "en" })).toContain("Lifeline: 13 11 14");
    expect(crisisLine({ country: "DE", crisisLine: null, language: "uk" })).toContain(
      "TelefonSeelsorge, 0800 111 0 111",
    );
  });

  it("has a line with a number for every country in the table", () => {
    expect(CRISIS_COUNTRIES).toEqual(
      expect.arrayContaining(["UA", "US", "GB", "CA", "IE", "AU", "DE", "PL"]),
    );
    for (const country of CRISIS_COUNTRIES) {
      for (const language of ["en", "uk"] as const) {
        const line = crisisLine({ country, crisisLine: null, language });
        expect(line.replace(/\D/g, "").length, line).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("else a generic line", () => {
    expect(crisisLine({ country: null, crisisLine: null, language: "en" })).toBe(
      "If you are thinking about suicide, contact your local emergency number or a crisis line.",
    );
    expect(crisisLine({ country: "FR", crisisLine: null, language: "uk" })).toContain("екстреної допомоги");
  });
});

describe("containsCrisisLine", () => {
  const line =
    "If you are having thoughts of suicide or self-harm, you are not alone. Call Samaritans: 116 123.";

  it("finds the line itself, whatever the spacing and case", () => {
    expect(containsCrisisLine(`Post.\n\n${line.toUpperCase().replace(/ /g, "  ")}`, line)).toBe(true);
  });

  it("finds its numbers phrased differently", () => {
    expect(containsCrisisLine("Samaritans answer day and night on 116123.", line)).toBe(true);
    expect(
      containsCrisisLine(
        "Write to lifelineukraine.com/en or call 7333",
        "Lifeline Ukraine: 7333, https://lifelineukraine.com/en/",
      ),
    ).toBe(true);
  });

  it("is false when a number is missing or only partly there", () => {
    expect(containsCrisisLine("Talk to someone you trust.", line)).toBe(false);
    expect(containsCrisisLine("Call 116 today.", line)).toBe(false);
    const generic = crisisLine({ country: null, crisisLine: null, language: "en" });
    expect(containsCrisisLine("Contact a crisis line.", generic)).toBe(false);
  });
});

describe("crisisLineProblem", () => {
  it("accepts a line with a phone number or a web address", () => {
    expect(crisisLineProblem("Lifeline Ukraine: 7333")).toBeNull();
    expect(crisisLineProblem("Chat at https://www.samaritans.org")).toBeNull();
  });

  it("refuses a line readers cannot act on, or one too long for X", () => {
    expect(crisisLineProblem("Please talk to someone.")).toBe("no_contact");
    expect(crisisLineProblem(`Call 7333 ${"a".repeat(200)}`)).toBe("too_long");
    // 120 characters, but 240 as X weighs CJK.
    expect(crisisLineProblem(`7333 ${"语".repeat(115)}`)).toBe("too_long");
  });
});
