/**
 * npm run eval:voice
 *
 * How much the product's drafts sound like the physician, measured with the same voice
 * score the cards show (src/voice/stylometry), on the sample physician's corpus
 * (knowledge_base/doctor_style), offline and deterministic:
 *   - 10 posts are held out (5 per language, spread over the years and platforms); each
 *     language's profile is built from the other posts only;
 *   (a) real:          the held-out posts themselves;
 *   (b) draft:         offline drafts (the product's offline drafter) on their topics;
 *   (c) draft_learned: the same drafts written with the preferences the product learns from
 *       simulated edits — every training post taken as the physician's edit of an offline
 *       draft on its topic, run through the same rules, merge and cap as the cron task.
 * A post's topic is the knowledge-base subject it is about (matched by word stems), in the
 * post's language; evidence is the guideline passages sharing its keywords, as offline
 * retrieval would find them (a Ukrainian topic through the clinical glossary's English).
 * Writes eval/results/voice.json; prints a table. With --check, exits 1 when a figure falls
 * below eval/voice.targets.json (CI does this).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Language, Platform } from "../src/db/schema";
import { chunkGuideline, splitPosts } from "../src/knowledge/chunk";
import { offlineDrafter } from "../src/pipeline/offline-drafter";
import { glossaryQuery } from "../src/pipeline/query";
import { keywordOverlap, keywords } from "../src/pipeline/retrieval/keywords";
import type { EvidenceItem } from "../src/pipeline/types";
import {
  extractEditRules,
  mergePreferences,
  PREFERENCES_CAP,
  PROMPT_PREFERENCES,
  preferencesFor,
  type StoredPreference,
  topPreferences,
} from "../src/voice/edit-rules";
import { buildVoiceProfile, scoreVoice, type VoiceProfile } from "../src/voice/stylometry";
import { readKnowledgeBase } from "./lib/knowledge-files";

const root = path.resolve(import.meta.dirname, "..");
const HELD_OUT_PER_LANGUAGE = 5;

interface Post {
  text: string;
  language: Language;
  platform: Platform;
  date: string;
}

/** Subjects of the knowledge base: a topic per language and the stems that reveal it. */
const SUBJECTS: { en: string; uk: string; stems: string[] }[] = [
  {
    en: "Caffeine and sleep",
    uk: "Кава і сон",
    stems: ["caffein", "coffee", "espresso", "кав", "кофеїн", "еспресо"],
  },
  {
    en: "Alcohol and sleep",
    uk: "Алкоголь і сон",
    stems: ["alcohol", "nightcap", "wine", "алкогол", "вино", "келих"],
  },
  { en: "Panic attacks", uk: "Панічні атаки", stems: ["panic", "паніч"] },
  {
    en: "Starting an antidepressant",
    uk: "Антидепресанти",
    stems: ["antidepressant", "ssri", "антидепресант"],
  },
  {
    en: "Exercise and depression",
    uk: "Рух і депресія",
    stems: ["exercise", "walk", "jog", "yoga", "рух", "ходьб", "прогулянк"],
  },
  {
    en: "Screens before bed",
    uk: "Екрани перед сном",
    stems: ["phone", "screen", "scroll", "телефон", "екран", "гортан"],
  },
  { en: "Burnout", uk: "Вигорання", stems: ["burnout", "exhaust", "вигоран", "виснаж"] },
  { en: "Insomnia", uk: "Безсоння", stems: ["insomnia", "awake", "ceiling", "безсон", "прокида"] },
  { en: "Anxiety and worry", uk: "Тривога", stems: ["anxiety", "anxious", "worry", "тривог", "хвилюв"] },
  { en: "Depression", uk: "Депресія", stems: ["depress", "депрес"] },
  { en: "How much sleep you need", uk: "Скільки треба спати", stems: ["sleep", "сон", "сну", "спат"] },
];

function topicOf(post: Post): string {
  const lower = post.text.toLowerCase();
  let best = { hits: 0, topic: post.language === "uk" ? "Психічне здоров’я" : "Mental health" };
  for (const s of SUBJECTS) {
    const hits = s.stems.reduce((n, stem) => n + (lower.split(stem).length - 1), 0);
    if (hits > best.hits) best = { hits, topic: s[post.language] };
  }
  return best.topic;
}

/** What offline retrieval finds: the topic's keywords, and for a Ukrainian topic the glossary's English. */
function evidenceFor(topic: string, passages: string[]): EvidenceItem[] {
  const terms = [...new Set([...keywords(topic), ...keywords(glossaryQuery(topic) ?? "")])];
  return passages
    .map((text, i) => ({ text, i, overlap: keywordOverlap(terms, text) }))
    .filter((p) => p.overlap > 0)
    .sort((a, b) => b.overlap - a.overlap || a.i - b.i)
    .slice(0, 3)
    .map((p, n) => ({
      number: n + 1,
      kind: "knowledge" as const,
      ref: `k${p.i}`,
      title: topic,
      text: p.text,
    }));
}

async function draft(post: Post, passages: string[], preferences: StoredPreference[] = []): Promise<string> {
  const topic = topicOf(post);
  const evidence = evidenceFor(topic, passages);
  const out = await offlineDrafter().draft({
    physician: { displayName: "Dr. Olena Marchenko", specialty: "psychiatry", language: post.language },
    topic,
    platform: post.platform,
    language: post.language,
    style: { examples: [] },
    preferences,
    evidence: { items: evidence, level: evidence.length > 0 ? "limited" : "absent", pubmed: "empty" },
  });
  // What readers get: the markers are removed before publishing (and before scoring).
  return out.text.replace(/\s*\[\d+\]/g, "");
}

const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 10) / 10;

function score(text: string, profile: VoiceProfile): number {
  return scoreVoice(text, profile)?.score ?? 0;
}

async function main(): Promise<void> {
  const kb = await readKnowledgeBase(path.join(root, "knowledge_base"));
  const posts: Post[] = kb.documents
    .filter((d) => d.collection === "style" && d.text)
    .flatMap((d) =>
      splitPosts(d.text ?? "").map((text, i) => {
        const meta = d.postMetadata?.[i] ?? {};
        return {
          text,
          language: meta.language === "uk" ? ("uk" as const) : ("en" as const),
          platform: (["telegram", "x", "threads"].includes(String(meta.platform))
            ? meta.platform
            : "telegram") as Platform,
          date: String(meta.date ?? ""),
        };
      }),
    );
  const passages = kb.documents
    .filter((d) => d.collection === "guidelines" && d.text)
    .flatMap((d) => chunkGuideline(d.text ?? ""));

  const rows: {
    language: Language;
    real: number;
    draft: number;
    learned: number;
    topic: string;
    platform: Platform;
  }[] = [];
  const learnedByLanguage: Record<string, number> = {};
  for (const language of ["en", "uk"] as const) {
    const all = posts.filter((p) => p.language === language).sort((a, b) => a.date.localeCompare(b.date));
    // Every k-th post: spread over the years and platforms, the same every run.
    const step = Math.floor(all.length / HELD_OUT_PER_LANGUAGE);
    const heldOut = all.filter((_, i) => i % step === step - 1).slice(0, HELD_OUT_PER_LANGUAGE);
    const training = all.filter((p) => !heldOut.includes(p));
    const profile = buildVoiceProfile(training.map((p) => ({ text: p.text })));

    let preferences: StoredPreference[] = [];
    for (const [i, post] of training.entries()) {
      const generated = await draft(post, passages);
      preferences = mergePreferences(
        preferences,
        extractEditRules(generated, post.text, language, post.platform),
        i,
        PREFERENCES_CAP,
      );
    }
    const ranked = topPreferences(preferences, preferences.length);
    learnedByLanguage[language] = ranked.length;

    for (const post of heldOut) {
      rows.push({
        language,
        topic: topicOf(post),
        platform: post.platform,
        real: score(post.text, profile),
        draft: score(await draft(post, passages), profile),
        // The six strongest that fit this draft, as the pipeline picks them.
        learned: score(
          await draft(
            post,
            passages,
            preferencesFor(ranked, { language, platform: post.platform }, PROMPT_PREFERENCES),
          ),
          profile,
        ),
      });
    }
  }

  const result = {
    real_mean: mean(rows.map((r) => r.real)),
    draft_mean: mean(rows.map((r) => r.draft)),
    draft_learned_mean: mean(rows.map((r) => r.learned)),
    held_out: rows.length,
    by_language: Object.fromEntries(
      (["en", "uk"] as const).map((l) => {
        const of = rows.filter((r) => r.language === l);
        return [
          l,
          {
            real_mean: mean(of.map((r) => r.real)),
            draft_mean: mean(of.map((r) => r.draft)),
            draft_learned_mean: mean(of.map((r) => r.learned)),
            preferences_learned: learnedByLanguage[l] ?? 0,
          },
        ];
      }),
    ),
    posts: rows,
  };
  mkdirSync(path.join(root, "eval/results"), { recursive: true });
  writeFileSync(path.join(root, "eval/results/voice.json"), `${JSON.stringify(result, null, 2)}\n`);

  console.log("Voice score of 10 held-out posts of the sample physician (0–100, higher = more like her)");
  console.log("| language | real posts | offline drafts | drafts with learned preferences |");
  console.log("|---|---|---|---|");
  for (const l of ["en", "uk"] as const) {
    const b = result.by_language[l];
    console.log(`| ${l} | ${b?.real_mean} | ${b?.draft_mean} | ${b?.draft_learned_mean} |`);
  }
  console.log(`| all | ${result.real_mean} | ${result.draft_mean} | ${result.draft_learned_mean} |`);
  console.log("eval/results/voice.json written");
  if (process.argv.includes("--check")) check(result);
}

const targetsSchema = z.object({
  real_mean: z.number(),
  learned_gain_by_language: z.partialRecord(z.enum(["en", "uk"]), z.number()),
});

/** The goals the README claims are met; a miss fails CI. */
function check(result: {
  real_mean: number;
  by_language: Record<string, { draft_mean: number; draft_learned_mean: number }>;
}): void {
  const targets = targetsSchema.parse(
    JSON.parse(readFileSync(path.join(root, "eval/voice.targets.json"), "utf8")),
  );
  const misses: string[] = [];
  if (result.real_mean < targets.real_mean)
    misses.push(`real_mean ${result.real_mean} < ${targets.real_mean}`);
  for (const [language, min] of Object.entries(targets.learned_gain_by_language)) {
    const b = result.by_language[language];
    const gain = b ? Math.round((b.draft_learned_mean - b.draft_mean) * 10) / 10 : 0;
    if (min !== undefined && gain < min) misses.push(`${language} learned gain ${gain} < ${min}`);
  }
  if (misses.length > 0) {
    console.error(`voice eval below its targets: ${misses.join("; ")}`);
    process.exit(1);
  }
  console.log("voice eval meets eval/voice.targets.json");
}

await main();
