/**
 * The stylometric voice score: its measurements, its contract, and its calibration on the
 * sample physician's real corpus (knowledge_base/doctor_style, read through Vite's `?raw`
 * glob so the same file runs in Node and in the Workers runtime).
 */
import { describe, expect, it } from "vitest";
import metadata from "../../knowledge_base/doctor_style/metadata.json";
import { splitPosts } from "../../src/knowledge/chunk";
import {
  buildVoiceProfile,
  MIN_VOICE_POSTS,
  scoreVoice,
  type VoicePost,
  type VoiceProfile,
  type VoiceScore,
  voiceFeatures,
} from "../../src/voice/stylometry";

declare global {
  interface ImportMeta {
    /** Vite's build-time glob import (typed here to avoid pulling in all of vite/client). */
    glob<T>(pattern: string, options: { query: string; import: string; eager: true }): Record<string, T>;
  }
}

const STYLE_FILES = import.meta.glob<string>("../../knowledge_base/doctor_style/posts_*_20*.md", {
  query: "?raw",
  import: "default",
  eager: true,
});

function corpus(language: string): string[] {
  const files = new Set(metadata.files.filter((f) => f.language === language).map((f) => f.file));
  return Object.entries(STYLE_FILES)
    .filter(([path]) => files.has(path.split("/").pop() ?? ""))
    .flatMap(([, text]) => splitPosts(text));
}

const EN = corpus("en");
const UK = corpus("uk");
const asPosts = (texts: string[]): VoicePost[] => texts.map((text) => ({ text }));
const EN_PROFILE = buildVoiceProfile(asPosts(EN));

function score(text: string, profile: VoiceProfile): VoiceScore {
  const result = scoreVoice(text, profile);
  if (!result) throw new Error("expected a score");
  return result;
}

function leaveOneOut(posts: string[]): number[] {
  return posts.map(
    (post, i) => score(post, buildVoiceProfile(asPosts(posts.filter((_, j) => j !== i)))).score,
  );
}

function sentenceCount(text: string): number {
  const { post_length, sentence_length } = voiceFeatures(text);
  return Math.round(post_length / sentence_length);
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

// What a generic drafter writes: even sentences, one block, no quotes, no contractions.
const TEMPLATE =
  "Patients often ask me about caffeine and sleep. Caffeine is a stimulant that blocks adenosine receptors in the brain [1]. Its half-life in healthy adults is about five hours [2]. If this sounds familiar, bring it up at your next appointment.";
const GENERIC_DRAFTS: [string, string][] = [
  [
    "en",
    "Many people struggle with anxiety at some point in their lives. Anxiety is a natural response to stress that can become overwhelming over time [1]. Common symptoms include a racing heart, restlessness, and difficulty concentrating [2]. Cognitive behavioral therapy is an effective treatment option for many patients [3]. If you are experiencing these symptoms, consider speaking with your healthcare provider.",
  ],
  [
    "en",
    "Sleep is essential for both physical and mental health. Adults should aim for seven or more hours of sleep each night [1]. Poor sleep has been linked to depression, anxiety, and reduced concentration [2]. Maintaining a consistent sleep schedule can help improve sleep quality. Limiting screen time before bed may also be beneficial. Talk to your doctor if sleep problems persist.",
  ],
  [
    "en",
    "Regular physical activity offers important benefits for mental health. Research shows that exercise can reduce symptoms of depression [1]. Walking, yoga, and strength training are all effective options. Even small amounts of activity can make a meaningful difference. Consider adding a short walk to your daily routine.",
  ],
  [
    "uk",
    "Тривожність є природною реакцією організму на стрес. Проте в деяких випадках вона може ставати надмірною та заважати повсякденному життю [1]. Серед поширених симптомів можна виділити прискорене серцебиття, неспокій та труднощі з концентрацією [2]. Когнітивно-поведінкова терапія є ефективним методом лікування [3]. Якщо ви помічаєте у себе ці симптоми, зверніться до свого лікаря.",
  ],
];

describe("voice features", () => {
  it("splits sentences on . ! ? … and line breaks, not on decimals, abbreviations or list numbers", () => {
    expect(voiceFeatures("Dr. Smith said e.g. this works. Take 2.5 mg daily.")).toMatchObject({
      sentence_length: 5,
      post_length: 10,
    });
    expect(sentenceCount("In the Noetel et al. BMJ 2024 analysis, walking helped. So start!")).toBe(2);
    expect(
      sentenceCount("У метааналізі Schuch та співавт. (2016) вправи допомогли. Сьогодні — десять хвилин."),
    ).toBe(2);
    expect(sentenceCount("Wait… what? «Так?» — питають.\nOne more line\n1. First item here.")).toBe(6);
    expect(sentenceCount("It was 8.30 a.m. on the dot. Then it rained... and rained")).toBe(3);
  });

  it("counts citation markers as neither words nor sentence breaks", () => {
    expect(voiceFeatures("Caffeine blocks adenosine [1]. Its half-life is five hours [2, 3].")).toMatchObject(
      {
        post_length: 8,
        sentence_length: 4,
      },
    );
  });

  it("measures paragraphs, spread and rates per 100 words", () => {
    const f = voiceFeatures("One two three four.\n\nOne two! Three four five six seven eight nine ten?");
    expect(f.paragraph_length).toBe(1.5);
    expect(f.sentence_length).toBeCloseTo(14 / 3);
    expect(f.sentence_spread).toBeCloseTo(
      Math.sqrt(((4 - 14 / 3) ** 2 + (2 - 14 / 3) ** 2 + (8 - 14 / 3) ** 2) / 3),
    );
    expect(f.post_length).toBe(14);
    expect(f.exclamations).toBeCloseTo(100 / 14);
    expect(f.questions).toBeCloseTo(100 / 14);
  });

  it("counts quote marks, dashes (not ranges), colons (not times), ellipses and emoji", () => {
    const f = voiceFeatures(
      '“One” «two» "three" — four – five - six 150–300 at 8:00: note... wait… 👍 👨‍⚕️ ok nine ten.',
    );
    const per100 = (n: number) => (100 * n) / f.post_length;
    expect(f.quotes).toBeCloseTo(per100(6));
    expect(f.dashes).toBeCloseTo(per100(3));
    expect(f.colons).toBeCloseTo(per100(1));
    expect(f.ellipses).toBeCloseTo(per100(2));
    expect(f.emoji).toBeCloseTo(per100(2));
  });

  it("measures first person, the form of address and the script", () => {
    const en = voiceFeatures("I think my patients know me. You and your family matter.");
    expect(en.first_person).toBeCloseTo(300 / 11);
    expect(en.address).toBeCloseTo(200 / 11);
    expect(en.language).toBe(0);
    const formal = voiceFeatures("Я раджу вам спробувати. Поставте будильник і запишіть, як ви спали.");
    const informal = voiceFeatures("Я раджу тобі спробувати. Постав будильник і запиши, як ти спав.");
    expect(formal.address).toBeGreaterThan(0);
    expect(informal.address).toBeLessThan(0);
    expect(formal.first_person).toBeGreaterThan(0);
    expect(formal.language).toBe(1);
    expect(voiceFeatures("Сон за AASM важливий.").language).toBeCloseTo(13 / 17);
  });

  it("leaves quoted speech out of first person and address (it is usually a patient's)", () => {
    expect(voiceFeatures('"I stopped my pills," a patient said. It happens.').first_person).toBe(0);
    expect(voiceFeatures("«Мені вистачає п'яти» — чую часто.").first_person).toBe(0);
  });
});

describe("voice score calibration on the sample physician's corpus", () => {
  it("has enough posts of each language to calibrate on", () => {
    expect(EN.length).toBeGreaterThanOrEqual(20);
    expect(UK.length).toBeGreaterThanOrEqual(20);
  });

  it.each([
    ["en", EN],
    ["uk", UK],
  ])("scores each real %s post high against the physician's other posts (leave-one-out)", (_, posts) => {
    const scores = leaveOneOut(posts);
    expect(mean(scores)).toBeGreaterThanOrEqual(88);
    expect(scores.filter((s) => s < 70).length).toBeLessThanOrEqual(posts.length * 0.1);
  });

  it("scores a generic template draft well below the physician's own posts", () => {
    const real = mean(leaveOneOut(EN));
    const template = score(TEMPLATE, EN_PROFILE);
    expect(template.score).toBeLessThanOrEqual(85);
    expect(template.score).toBeLessThanOrEqual(real - 10);
    expect(template.reasons.map((r) => r.feature)).toEqual(["sentence_spread", "paragraph_length"]);
    for (const [language, draft] of GENERIC_DRAFTS) {
      expect(score(draft, buildVoiceProfile(asPosts(corpus(language)))).score).toBeLessThanOrEqual(70);
    }
  });

  it("scores a Ukrainian post against the English profile low, with language among the reasons", () => {
    for (const post of UK.slice(0, 5)) {
      const result = score(post, EN_PROFILE);
      expect(result.score).toBeLessThan(40);
      expect(result.reasons.map((r) => r.feature)).toContain("language");
    }
    const english = score(EN[0] ?? "", buildVoiceProfile(asPosts(UK)));
    expect(english.reasons[0]).toMatchObject({ feature: "language", direction: "less", ratio: 0 });
  });

  it("names sentences twice as long as the physician's as the top reason", () => {
    const long = `Caffeine has a half-life of around five hours in many adults, so the coffee you drink at four is still partly working at bedtime. If you sleep badly and wake up tired, move your last cup of the day to before lunch and keep it there for two weeks.

Notice how long it takes you to fall asleep on those nights, and whether you wake up less often in the early hours before the alarm. Then compare those two weeks with the two weeks before, and decide whether the afternoon coffee is worth what it costs you.`;
    const result = score(long, EN_PROFILE);
    expect(result.reasons[0]).toMatchObject({ feature: "sentence_length", direction: "more" });
    expect(result.reasons[0]?.ratio).toBeGreaterThanOrEqual(1.8);
    expect(result.reasons[0]?.ratio).toBeLessThanOrEqual(2.2);
    expect(result.score).toBeLessThan(60);
  });

  it("names exclamations and emoji when the physician uses neither", () => {
    const post = EN.find((p) => p.startsWith("Caffeine has a half-life")) ?? "";
    const shouted = post.replace(/\.(\s|$)/g, "! 🎉$1");
    const result = score(shouted, EN_PROFILE);
    expect(result.reasons.map((r) => r.feature).sort()).toEqual(["emoji", "exclamations"]);
    expect(result.reasons.every((r) => r.direction === "more" && r.ratio === undefined)).toBe(true);
    expect(result.score).toBeLessThan(score(post, EN_PROFILE).score - 40);
  });
});

describe("voice profile and score contract", () => {
  it("needs MIN_VOICE_POSTS posts", () => {
    expect(MIN_VOICE_POSTS).toBe(3);
    expect(scoreVoice(EN[0] ?? "", buildVoiceProfile(asPosts(EN.slice(0, 2))))).toBeUndefined();
    expect(scoreVoice(EN[0] ?? "", buildVoiceProfile(asPosts(EN.slice(0, 3))))).toMatchObject({
      compared: 3,
    });
    expect(scoreVoice(EN[0] ?? "", buildVoiceProfile([]))).toBeUndefined();
  });

  it("ignores posts of weight 0 and a profile of another version", () => {
    const profile = buildVoiceProfile([...asPosts(EN.slice(0, 2)), { text: EN[2] ?? "", weight: 0 }]);
    expect(profile.posts).toBe(2);
    expect(scoreVoice(EN[3] ?? "", { ...EN_PROFILE, version: EN_PROFILE.version + 1 })).toBeUndefined();
  });

  it("is deterministic and survives a JSON round trip of the profile", () => {
    const again = buildVoiceProfile(asPosts(EN));
    expect(again).toEqual(EN_PROFILE);
    const stored: VoiceProfile = JSON.parse(JSON.stringify(EN_PROFILE));
    for (const text of [TEMPLATE, EN[4] ?? "", UK[0] ?? ""]) {
      expect(scoreVoice(text, stored)).toEqual(score(text, EN_PROFILE));
      expect(score(text, EN_PROFILE)).toEqual(score(text, EN_PROFILE));
    }
  });

  it("lets a weight-0.2 outlier move the profile less than a weight-1 one", () => {
    const outlier = "Amazing news!!! 🎉🎉 Sleep more!!! 😴 You can do it!!! 💪";
    const full = buildVoiceProfile([...asPosts(EN), { text: outlier }]);
    const light = buildVoiceProfile([...asPosts(EN), { text: outlier, weight: 0.2 }]);
    expect(light.features.exclamations.mean).toBeGreaterThan(0);
    expect(light.features.exclamations.mean).toBeLessThan(full.features.exclamations.mean);
    expect(light.features.sentence_length.mean).toBeGreaterThan(full.features.sentence_length.mean);
    const shouted = (EN[1] ?? "").replace(/\.(\s|$)/g, "! 🎉$1");
    expect(score(shouted, light).score).toBeLessThan(score(shouted, full).score);
  });

  it("scores empty and degenerate text as a low integer, never NaN", () => {
    for (const text of ["", "   \n\n  ", "…", "🎉🎉🎉"]) {
      const result = score(text, EN_PROFILE);
      expect(Number.isInteger(result.score)).toBe(true);
      expect(result.score).toBeLessThanOrEqual(10);
    }
  });

  it("always returns an integer 0..100 and at most two reasons, each at least one spread away", () => {
    const texts = [
      ...EN.slice(0, 6),
      ...UK.slice(0, 6),
      TEMPLATE,
      "12345 678 90",
      "!!!???...",
      "a".repeat(5000),
      `${"Word ".repeat(3000)}.`,
      "I I I I I me me my",
      "ти ти ти тебе тобі",
    ];
    for (const text of texts) {
      for (const profile of [EN_PROFILE, buildVoiceProfile(asPosts(UK))]) {
        const { score: value, reasons } = score(text, profile);
        expect(Number.isInteger(value) && value >= 0 && value <= 100).toBe(true);
        expect(reasons.length).toBeLessThanOrEqual(2);
        for (const reason of reasons) {
          expect(reason.distance).toBeGreaterThanOrEqual(1);
          expect(Number.isFinite(reason.distance)).toBe(true);
          if (reason.ratio !== undefined) expect(Number.isFinite(reason.ratio)).toBe(true);
        }
      }
    }
  });

  it("stays linear on pathological input", () => {
    const shapes: ((n: number) => string)[] = [
      (n) => `${".".repeat(n)}x`,
      (n) => `${"1".repeat(n)} `,
      (n) => `a${" ".repeat(n)}b`,
      (n) => "1. ".repeat(n / 3),
      (n) => '«a “b "c '.repeat(n / 9),
      (n) => "a. ".repeat(n / 3),
      (n) => "[1".repeat(n / 2),
      (n) => "1.".repeat(n / 2),
      (n) => "!?".repeat(n / 2),
      (n) => "\n \n".repeat(n / 3),
    ];
    const time = (text: string) => {
      let fastest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        scoreVoice(text, EN_PROFILE);
        fastest = Math.min(fastest, performance.now() - started);
      }
      return fastest;
    };
    for (const make of shapes) {
      const small = time(make(10_000));
      const large = time(make(40_000));
      // Linear grows about 4×, quadratic 16×; tiny timings are noise.
      expect(large < 20 || large / Math.max(small, 0.5) < 9).toBe(true);
    }
  });
});
