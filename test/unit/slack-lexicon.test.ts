import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../src/db/schema";
import { lexicon } from "../../src/slack/lexicon";
import { en } from "../../src/slack/lexicon/en";
import { uk } from "../../src/slack/lexicon/uk";
import { PREFERENCE_KINDS } from "../../src/voice/edit-rules";
import { UK_DENY } from "./lexicon-deny";

/** Every parameter any lexicon function takes; extra keys are ignored by each function. */
const SAMPLE = {
  topic: "<!channel> & <https://evil|click>",
  platform: "telegram",
  status: "rejected",
  max: 500,
  length: 612,
  given: "myspace",
  retryAfterSeconds: 42,
  timezone: "Europe/Kyiv",
  maxMb: 10,
  allowed: "PDF, TXT, MD",
  name: "guideline <v2>.pdf",
  chunks: 12,
  reason: "token <xoxb> & more",
  when: "29 Nov 2026, 14:30 (Europe/Kyiv)",
  mention: "<@U012ABC>",
  version: 3,
  count: 412,
  limit: 280,
  parts: 2,
  note: "PubMed unavailable <retry>",
  supported: 4,
  unsupported: 1,
  contradicted: 0,
  error: "HTTP 500 <html>",
  page: 2,
  language: "uk",
  detail: "PMID 31234567 <x> & co",
  citations: "PMID 31234567, <doi>",
  edit: "Shorter <b>",
  handle: "@dr_<anna>",
  link: "https://x.com/dr?a=<b>&c",
  label: "clinic <main> & co",
  title: "Sleep <notes> & more",
  why: "revoked <grant>",
  code: "ABCDEFGHJK",
  bot: "@bot_<x>",
  scheduled: 2,
  score: 82,
  feature: "sentence_length",
  direction: "more",
  ratio: 2.1,
  kind: "replace",
  data: { from: "patients <b>", to: "people & <i>" },
};

type Leaf = { path: string; kind: "string" | "function" | "other"; value: string };

function leaves(value: unknown, path = "", sample: typeof SAMPLE = SAMPLE): Leaf[] {
  if (typeof value === "string") return [{ path, kind: "string", value }];
  if (typeof value === "function") {
    return [{ path, kind: "function", value: String((value as (p: typeof SAMPLE) => unknown)(sample)) }];
  }
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, child]) =>
      leaves(child, path ? `${path}.${key}` : key, sample),
    );
  }
  return [{ path, kind: "other", value: "" }];
}

/** Values a physician would pass in Ukrainian: what the lexicon itself adds is what is checked. */
const NEUTRAL = {
  ...SAMPLE,
  topic: "сон",
  given: "міфспейс",
  name: "настанова.pdf",
  reason: "файл порожній",
  note: "джерело недоступне",
  error: "відмова",
  detail: "5 мг",
  citations: "джерело 3",
};

/** Paths where the two lexicons differ in shape (missing key or string vs function). */
function shapeDiff(a: unknown, b: unknown): string[] {
  const shape = (v: unknown) => new Map(leaves(v).map((l) => [l.path, l.kind]));
  const left = shape(a);
  const right = shape(b);
  const paths = new Set([...left.keys(), ...right.keys()]);
  return [...paths].filter((p) => left.get(p) !== right.get(p)).sort();
}

describe("lexicon", () => {
  it("picks the physician's language", () => {
    expect(lexicon("en")).toBe(en);
    expect(lexicon("uk")).toBe(uk);
    expect(LANGUAGES.map((l) => lexicon(l).locale)).toEqual(["en-GB", "uk-UA"]);
  });

  it("has the same keys in English and Ukrainian", () => {
    expect(shapeDiff(en, uk)).toEqual([]);
  });

  it("the shape check catches a missing or mistyped key", () => {
    const broken = { ...uk, reply: { ...uk.reply, help: undefined, scheduled: "not a function" } };
    expect(shapeDiff(en, broken)).toEqual(["reply.help", "reply.scheduled"]);
  });

  it("has no empty string, in either language", () => {
    for (const lex of [en, uk]) {
      for (const leaf of leaves(lex)) expect(leaf.value.trim(), leaf.path).not.toBe("");
    }
  });

  it("keeps modal titles and submit/close labels within 24 characters", () => {
    for (const lex of [en, uk]) {
      const frames = Object.entries(lex.modal).filter(
        (entry): entry is [string, { title: string; submit?: string }] =>
          typeof entry[1] === "object" && "title" in entry[1],
      );
      expect(frames.length).toBe(7);
      for (const [name, frame] of frames) {
        expect(frame.title.length, `${lex.locale} ${name}.title`).toBeLessThanOrEqual(24);
        expect((frame.submit ?? "").length, `${lex.locale} ${name}.submit`).toBeLessThanOrEqual(24);
      }
      expect(lex.modal.cancel.length).toBeLessThanOrEqual(24);
      expect(lex.modal.close.length).toBeLessThanOrEqual(24);
    }
  });

  it("keeps buttons and confirm dialogs within Slack's limits", () => {
    for (const lex of [en, uk]) {
      for (const label of Object.values(lex.button)) expect(label.length).toBeLessThanOrEqual(75);
      for (const dialog of Object.values(lex.confirm)) {
        expect(dialog.title.length).toBeLessThanOrEqual(100);
        expect(dialog.text.length).toBeLessThanOrEqual(300);
        expect(dialog.confirm.length).toBeLessThanOrEqual(30);
        expect(dialog.deny.length).toBeLessThanOrEqual(30);
      }
    }
  });

  it("escapes every interpolated value: no raw <, > or stray & reaches mrkdwn", () => {
    for (const lex of [en, uk]) {
      for (const leaf of leaves(lex)) {
        const withoutMention = leaf.value.replaceAll(SAMPLE.mention, "");
        expect(withoutMention, leaf.path).not.toMatch(/[<>]/);
        expect(withoutMention, leaf.path).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }
    }
    expect(en.reply.accepted({ topic: SAMPLE.topic, platform: "x", language: "en" })).toContain(
      "&lt;!channel&gt; &amp; &lt;https://evil|click&gt;",
    );
  });

  it("explains every form of the command in help", () => {
    for (const lex of [en, uk]) {
      expect(lex.reply.help).toContain("`/draft &lt;");
      expect(lex.reply.help).toContain("| telegram|x|threads`");
      expect(lex.reply.help).toContain("`/draft`");
      expect(lex.reply.help).toContain("`/draft help`");
      expect(lex.reply.help).toMatch(/\| x \| (en|uk)`/);
    }
  });

  it("names every kind of learned preference, in both languages", () => {
    const data = {
      from: "patients",
      to: "people",
      phrase: "it is important",
      ratio: 0.7,
      words: 9,
      sentences: 2,
      text: "Open with a scene",
    };
    for (const lex of [en, uk])
      for (const kind of PREFERENCE_KINDS) {
        const text = lex.voice.preference({ kind, data, count: 1 });
        expect(text.trim(), `${kind}`).not.toBe("");
        expect(text, `${kind}`).not.toMatch(/undefined|NaN/);
      }
    expect(en.voice.preference({ kind: "shorter", data: { ratio: 0.7 }, count: 3 })).toBe(
      "You shorten drafts (by about 30%) _(3 edits)_",
    );
    expect(
      en.voice.preference({ kind: "longer", data: { ratio: 1.5, platform: "telegram" }, count: 1 }),
    ).toBe("You lengthen Telegram drafts (by about 50%)");
    expect(uk.voice.preference({ kind: "shorter", data: { ratio: 0.6, platform: "x" }, count: 1 })).toBe(
      "Ви скорочуєте чернетки для X (приблизно на 40%)",
    );
    expect(en.voice.reason({ feature: "sentence_length", direction: "more", ratio: 2.1 })).toBe(
      "sentences twice as long as yours",
    );
    expect(uk.voice.reason({ feature: "sentence_length", direction: "more", ratio: 1.6 })).toBe(
      "речення у 1,6 раза довші, ніж у вас",
    );
  });

  it("fills in parameters", () => {
    expect(en.reply.accepted({ topic: "sleep", platform: "threads", language: "en" })).toContain("Threads");
    expect(en.reply.accepted({ topic: "сон", platform: "x", language: "uk" })).toContain("in Ukrainian");
    expect(uk.reply.accepted({ topic: "sleep", platform: "x", language: "en" })).toContain("англійською");
    expect(en.reply.topicTooLong({ max: 500, length: 612 })).toContain("612");
    expect(en.reply.invalidState({ status: "published" })).toContain("published");
    expect(uk.reply.invalidState({ status: "rejected" })).toContain("«Відхилено»");
    expect(en.stage.fitting({ platform: "x" })).toBe("Fitting to X");
    expect(uk.stage.fitting({ platform: "telegram" })).toBe("Адаптую для Telegram");
    expect(en.card.claimsClean({ count: 4 })).toBe("✅ All 4 claims are backed by the sources.");
    expect(uk.card.threadLength({ parts: 3, longest: 251, limit: 280 })).toBe(
      "3 дописи · найдовший 251 з 280",
    );
    expect(en.card.threadLength({ parts: 3, longest: 251, limit: 280 })).toBe("3 posts · longest 251/280");
    expect(en.card.offlineDraftLabel).toBe(
      "Offline draft — no language model connected; composed from your knowledge base",
    );
  });

  it("uses Ukrainian plural forms", () => {
    expect(uk.reply.rateLimited({ retryAfterSeconds: 1 })).toContain("через 1 секунду.");
    expect(uk.reply.rateLimited({ retryAfterSeconds: 3 })).toContain("через 3 секунди.");
    expect(uk.reply.rateLimited({ retryAfterSeconds: 25 })).toContain("через 25 секунд.");
    expect(uk.reply.rateLimited({ retryAfterSeconds: 120 })).toContain("через 2 хвилини.");
    expect(uk.reply.textTooLong({ max: 4000 })).toContain("4000 символів");
    expect(en.reply.rateLimited({ retryAfterSeconds: 1 })).toContain("in 1 second.");
    expect(en.reply.rateLimited({ retryAfterSeconds: 90 })).toContain("in 2 minutes.");
  });

  it("has a status label and emoji for every draft status", () => {
    for (const lex of [en, uk]) {
      expect(Object.keys(lex.status).sort()).toEqual(Object.keys(lex.statusEmoji).sort());
      expect(Object.keys(lex.status)).toHaveLength(9);
    }
  });
});

describe("no slips", () => {
  it("never says (optional) or Optional itself: Slack already marks optional inputs", () => {
    for (const lex of [en, uk]) {
      for (const leaf of leaves(lex)) {
        expect(leaf.value, leaf.path).not.toMatch(/\(optional\)|^Optional\b|необов/i);
      }
    }
  });

  it("uses the right article before a platform name in English", () => {
    expect(en.reply.accepted({ topic: "sleep", platform: "x", language: "en" })).toContain(
      "drafting an X post",
    );
    expect(en.reply.accepted({ topic: "sleep", platform: "telegram", language: "en" })).toContain(
      "drafting a Telegram post",
    );
    expect(en.progress.heading({ platform: "x" })).toBe("Drafting an X post");
    expect(en.progress.heading({ platform: "threads" })).toBe("Drafting a Threads post");
  });

  it("Ukrainian speaks in one voice (first person singular) and without English jargon", () => {
    for (const leaf of leaves(uk, "", NEUTRAL)) {
      // "we" forms of the verbs the app uses for its own actions
      expect(leaf.value, leaf.path).not.toMatch(
        /\b(Готуємо|Пишемо|Публікуємо|Чекаємо|Перевіряємо|Збираємо|Адаптуємо|Підлаштовуємося)\b/u,
      );
      expect(leaf.value, leaf.path).not.toMatch(UK_DENY);
    }
  });

  it("English speaks in one voice too: I, not we", () => {
    for (const leaf of leaves(en)) expect(leaf.value, leaf.path).not.toMatch(/\b(We|we|our|Our)\b/);
  });
});
