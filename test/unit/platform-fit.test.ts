import { describe, expect, it } from "vitest";
import type { Platform } from "../../src/db/schema";
import { fitToPlatform, type PlatformFit } from "../../src/pipeline/platform-fit";
import { escapeTelegramHtml } from "../../src/pipeline/telegram-html";
import { PLATFORM_LIMITS, platformLength } from "../../src/publishers/limits";

const COUNTER = / \((\d+)\/(\d+)\)$/;

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function withoutCounters(fit: PlatformFit): string[] {
  return fit.parts.map((part) => (fit.parts.length > 1 ? part.replace(COUNTER, "") : part));
}

/** Invariants every fit must satisfy. */
function expectValidFit(fit: PlatformFit, original: string): void {
  const limit = PLATFORM_LIMITS[fit.platform];
  expect(fit.limit).toBe(limit);
  expect(fit.parts.length).toBeGreaterThan(0);
  expect(fit.formatted).toHaveLength(fit.parts.length);
  fit.parts.forEach((part, i) => {
    expect(platformLength(fit.platform, part)).toBeLessThanOrEqual(limit);
    expect(fit.lengths[i]).toBe(platformLength(fit.platform, part));
    expect(part).toBe(part.trim());
    if (fit.platform === "telegram") {
      expect(fit.formatted[i]).toBe(escapeTelegramHtml(part));
    } else {
      expect(fit.formatted[i]).toBe(part);
    }
    if (fit.parts.length > 1) {
      const match = COUNTER.exec(part);
      expect(match?.[1]).toBe(String(i + 1));
      expect(match?.[2]).toBe(String(fit.parts.length));
    }
  });
  expect(words(withoutCounters(fit).join(" "))).toEqual(words(original));
}

const URL_A = `https://pubmed.ncbi.nlm.nih.gov/${"3".repeat(40)}/`;
const URL_LONG = `https://doi.org/10.1000/${"sleep-".repeat(45)}`;
const URL_B = "https://www.nice.org.uk/guidance/ng222/chapter/Recommendations?utm_source=x&ref=abc";

describe("fitToPlatform: single part", () => {
  it("passes a short text through unchanged (trimmed)", () => {
    for (const platform of ["telegram", "x", "threads"] as Platform[]) {
      const fit = fitToPlatform(platform, "  Sleep matters.\n\nCaffeine after 2 pm hurts it.  ");
      expect(fit.parts).toEqual(["Sleep matters.\n\nCaffeine after 2 pm hurts it."]);
      expect(fit.lengths).toEqual([platformLength(platform, fit.parts[0] ?? "")]);
    }
  });

  it("keeps a text of exactly the limit in one part, with no counter", () => {
    const text = `${"a".repeat(275)} 😴 b`;
    expect(platformLength("x", text)).toBe(280);
    expect(fitToPlatform("x", text).parts).toEqual([text]);
  });
});

describe("fitToPlatform: X threads (weighted counting)", () => {
  const sentences = [
    `Caffeine has a half-life of about five hours ☕, so an afternoon coffee still acts at bedtime ${URL_A}.`,
    `The trial is here: ${URL_LONG} and it is worth reading 📖.`,
    "Sleep deprivation raises next-day anxiety 😟 in controlled trials.",
    `Guidelines recommend CBT-I as first-line treatment for chronic insomnia, see ${URL_B} for details.`,
    "Hypnotics help in the short term 💊 but tolerance develops within weeks.",
    "Light exposure in the morning shifts the circadian rhythm earlier 🌅 and improves sleep onset.",
    "Ask your doctor before stopping any medication abruptly.",
  ];
  const text = sentences.join(" ");

  it("splits where the weighted count says, every part ≤ 280 including its counter", () => {
    // Raw character count would be much larger than the weighted one (long URLs count 23).
    expect(text.length).toBeGreaterThan(platformLength("x", text));
    const fit = fitToPlatform("x", text);
    expect(fit.parts.length).toBeGreaterThan(1);
    expectValidFit(fit, text);
    // A URL counts 23 however long: the part holding the 290-character URL is > 280 raw.
    expect(fit.parts.some((part) => part.includes(URL_LONG) && part.length > 280)).toBe(true);
    // Greedy by weight: the next part's first sentence would not have fitted in this one.
    const plain = withoutCounters(fit);
    const reserve = ` (${fit.parts.length}/${fit.parts.length})`;
    for (let i = 0; i + 1 < plain.length; i++) {
      const next = sentences.find((s) => plain[i + 1]?.startsWith(s)) ?? "";
      expect(next).not.toBe("");
      expect(platformLength("x", `${plain[i]} ${next}${reserve}`)).toBeGreaterThan(280);
    }
  });

  it("splits at sentence boundaries and never cuts a URL", () => {
    const fit = fitToPlatform("x", text);
    for (const part of withoutCounters(fit)) {
      expect(part).toMatch(/[.!?]$/);
      for (const url of part.match(/https?:\/\/\S+/g) ?? []) {
        expect([`${URL_A}.`, URL_LONG, URL_B]).toContain(url);
      }
    }
    expect(fit.parts.join(" ")).toContain(URL_A);
    expect(fit.parts.join(" ")).toContain(URL_B);
  });

  it("splits a sentence longer than a post at word boundaries", () => {
    const long = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
    const fit = fitToPlatform("x", long);
    expect(fit.parts.length).toBeGreaterThan(2);
    expectValidFit(fit, long);
  });

  it("reserves room for two-digit counters", () => {
    const long = Array.from({ length: 300 }, (_, i) => `Sentence number ${i} is here.`).join(" ");
    const fit = fitToPlatform("x", long);
    expect(fit.parts.length).toBeGreaterThanOrEqual(10);
    expect(fit.parts.at(-1)).toMatch(new RegExp(`\\(${fit.parts.length}/${fit.parts.length}\\)$`));
    expectValidFit(fit, long);
  });

  it("can leave counters off", () => {
    const fit = fitToPlatform("x", text, { numbering: false });
    expect(fit.parts.length).toBeGreaterThan(1);
    for (const part of fit.parts) expect(part).not.toMatch(COUNTER);
    expect(words(fit.parts.join(" "))).toEqual(words(text));
  });
});

describe("fitToPlatform: Threads and Ukrainian", () => {
  it("splits at 500 characters", () => {
    const text = Array.from({ length: 30 }, (_, i) => `Point ${i}: sleep hygiene helps most people.`).join(
      " ",
    );
    const fit = fitToPlatform("threads", text);
    expect(fit.parts.length).toBeGreaterThan(1);
    expectValidFit(fit, text);
  });

  it("splits Ukrainian text at sentence boundaries (. ! ? …), not after abbreviations", () => {
    const text = [
      "Сон — це основа психічного здоров'я!",
      "Чи знаєте ви, що кофеїн діє до шести годин?",
      "Напр. кава після обіду погіршує засинання…",
      "«Когнітивно-поведінкова терапія» рекомендована як перша лінія лікування безсоння.",
      "Снодійні препарати допомагають лише короткочасно, бо швидко виникає толерантність.",
    ]
      .join(" ")
      .repeat(3);
    const fit = fitToPlatform("threads", text);
    expect(fit.parts.length).toBeGreaterThan(1);
    expectValidFit(fit, text);
    for (const part of withoutCounters(fit)) expect(part).toMatch(/[.!?…]$/);
  });

  it("keeps paragraphs together when they fit", () => {
    const paragraph = (n: number) => `Paragraph ${n}. ${"Short sentence here. ".repeat(8).trim()}`;
    const text = [1, 2, 3, 4].map(paragraph).join("\n\n");
    const fit = fitToPlatform("threads", text);
    for (const part of withoutCounters(fit)) expect(part.startsWith("Paragraph ")).toBe(true);
    expectValidFit(fit, text);
  });

  it("cuts a single huge URL hard as a last resort", () => {
    const url = `https://example.org/${"x".repeat(700)}`;
    const fit = fitToPlatform("threads", `See ${url} now.`);
    expect(fit.parts.length).toBeGreaterThan(1);
    for (const part of fit.parts) expect(platformLength("threads", part)).toBeLessThanOrEqual(500);
    expect(withoutCounters(fit).join("").replace(/\s/g, "")).toBe(`See${url}now.`);
  });
});

describe("fitToPlatform: Telegram", () => {
  it("splits a 10,000-character text into parts of ≤ 4096", () => {
    const text = Array.from({ length: 200 }, (_, i) => `Sentence ${i} about sleep and mood.`)
      .join(" ")
      .padEnd(10_000, " filler");
    expect(text.length).toBeGreaterThanOrEqual(10_000);
    const fit = fitToPlatform("telegram", text);
    expect(fit.parts.length).toBe(3);
    expectValidFit(fit, text);
  });

  it("escapes HTML in user text, & once, nothing else", () => {
    expect(escapeTelegramHtml(`<b>bold</b> & "quotes" 'x' &amp;`)).toBe(
      `&lt;b&gt;bold&lt;/b&gt; &amp; "quotes" 'x' &amp;amp;`,
    );
    const fit = fitToPlatform("telegram", "Use <b>tags</b> & enjoy");
    expect(fit.parts).toEqual(["Use <b>tags</b> & enjoy"]);
    expect(fit.formatted).toEqual(["Use &lt;b&gt;tags&lt;/b&gt; &amp; enjoy"]);
  });

  it("keeps a text in one message when only its escaped HTML exceeds 4,096 (Telegram counts after parsing)", () => {
    const text = Array.from({ length: 800 }, () => "a<b>").join(" "); // 3,999 visible
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(escapeTelegramHtml(text).length).toBeGreaterThan(4096);
    const fit = fitToPlatform("telegram", text);
    expect(fit.parts).toEqual([text]);
    expect(fit.formatted).toEqual([escapeTelegramHtml(text)]);
    expectValidFit(fit, text);
  });
});

describe("fitToPlatform: invariants over generated texts", () => {
  // Deterministic pseudo-random generator (mulberry32) so failures reproduce.
  function rng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const VOCAB = [
    "sleep",
    "сон",
    "тривога",
    "anxiety",
    "😴",
    "<b>",
    "R&D",
    "睡眠",
    URL_A,
    "nice.org.uk/x",
    "a",
  ];
  const ENDS = [".", "!", "?", "…", ",", ""];

  function generate(random: () => number): string {
    const out: string[] = [];
    const count = 20 + Math.floor(random() * 400);
    for (let i = 0; i < count; i++) {
      const word = VOCAB[Math.floor(random() * VOCAB.length)] ?? "x";
      const end = ENDS[Math.floor(random() * ENDS.length)] ?? "";
      const gap = random() < 0.05 ? "\n\n" : random() < 0.05 ? "\n" : " ";
      out.push(`${i % 7 === 0 ? word.toUpperCase() : word}${end}${gap}`);
    }
    return out.join("");
  }

  it("keeps every part within the limit and the words in order", () => {
    const random = rng(42);
    for (let round = 0; round < 12; round++) {
      const text = generate(random);
      for (const platform of ["x", "threads", "telegram"] as Platform[]) {
        const fit = fitToPlatform(platform, text);
        expectValidFit(fit, text);
      }
    }
  });
});
