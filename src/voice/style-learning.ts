/**
 * What a published post teaches the physician's voice. Only their own words do:
 *   - a manual post (written in Slack), or a draft that started as one, is indexed as theirs;
 *   - an edited draft is indexed, weighted by how much of it they rewrote, and the pair
 *     (what the model wrote → what they published) is kept for lessons (`edit_pairs`);
 *   - an edit that changed almost nothing, and any text the model wrote that nobody edited
 *     (generated, regenerated, revised, a quick edit), is never indexed: the voice would
 *     drift toward the model's.
 * Each example carries its platform, language, origin and weight for retrieval.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Draft, draftVersions, editPairs, type Platform, type VersionSource } from "../db/schema";
import { stripCitationMarkers } from "../pipeline/platform-fit";
import { wordEditRatio } from "./edit-rules";
import { textLanguage } from "./language";

/** Below this share of words changed, an edited draft is still the model's text. */
export const MIN_EDIT_TO_LEARN = 0.1;
/** An edit that changed this share of the words or more counts as fully the physician's. */
const FULLY_REWRITTEN = 0.5;

const MACHINE: ReadonlySet<VersionSource> = new Set(["generated", "regenerated", "revised", "rewritten"]);

export type StyleOrigin = "own" | "manual" | "edited";

export type Lesson =
  | { learn: false; why: "unedited" | "barely_edited" | "no_version"; editRatio?: number }
  | { learn: true; origin: StyleOrigin; weight: number; editRatio?: number };

export interface PublishedVoice {
  lesson: Lesson;
  /** The model's last text before the physician's edit (markers stripped), when edited. */
  generated?: string;
}

/** Decides what the published `body` (markers stripped) of `draft` teaches. */
export async function judgePublished(db: Db, draft: Draft, body: string): Promise<PublishedVoice> {
  const versions = await db
    .select({ version: draftVersions.version, source: draftVersions.source, text: draftVersions.text })
    .from(draftVersions)
    .where(eq(draftVersions.draftId, draft.id))
    .orderBy(asc(draftVersions.version));
  const current = versions.find((v) => v.version === draft.currentVersion);
  if (!current) return { lesson: { learn: false, why: "no_version" } };
  if (versions.some((v) => v.source === "manual") && !versions.some((v) => MACHINE.has(v.source))) {
    return { lesson: { learn: true, origin: "manual", weight: 1 } };
  }
  if (current.source === "manual") return { lesson: { learn: true, origin: "manual", weight: 1 } };
  if (current.source !== "edited") return { lesson: { learn: false, why: "unedited" } };
  const machine = versions.filter((v) => v.version < current.version && MACHINE.has(v.source)).at(-1);
  if (!machine) return { lesson: { learn: true, origin: "manual", weight: 1 } };
  const generated = stripCitationMarkers(machine.text).trim();
  const editRatio = round2(wordEditRatio(generated, body));
  if (editRatio < MIN_EDIT_TO_LEARN)
    return { lesson: { learn: false, why: "barely_edited", editRatio }, generated };
  const weight = round2(Math.min(1, editRatio / FULLY_REWRITTEN));
  return { lesson: { learn: true, origin: "edited", weight, editRatio }, generated };
}

/** Per-post metadata of an indexed published post. */
export function styleMetadata(
  lesson: Extract<Lesson, { learn: true }>,
  platform: Platform,
  body: string,
  now: number,
): Record<string, string | number> {
  return {
    platform,
    date: new Date(now).toISOString().slice(0, 10),
    language: textLanguage(body),
    origin: lesson.origin,
    weight: lesson.weight,
  };
}

/**
 * Keeps an edit for lessons — even one too small to index, since what it changed is still
 * the physician's choice — once per draft and platform (a re-delivery changes nothing).
 */
export async function keepEditPair(
  db: Db,
  draft: Draft,
  platform: Platform,
  voice: PublishedVoice,
  published: string,
): Promise<void> {
  const { generated } = voice;
  const editRatio = voice.lesson.editRatio ?? 0;
  if (generated === undefined || editRatio <= 0) return;
  await db
    .insert(editPairs)
    .values({
      draftId: draft.id,
      platform,
      physicianId: draft.physicianId,
      language: textLanguage(published),
      generated,
      published,
      editRatio,
    })
    .onConflictDoNothing();
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
