/**
 * The voice score of a text against the physician's own corpus: their style index (their
 * posts, manual posts, edited drafts at their weight; never text waiting for the clean-up)
 * in the text's language. With fewer than three posts in that language there is no score:
 * nothing to compare with. Deterministic and local: one D1 read, no model.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { knowledgeChunks, type VoiceReasonRow } from "../db/schema";
import { errorMessage, type Logger } from "../lib/log";
import { stripCitationMarkers } from "../pipeline/platform-fit";
import { textLanguage } from "./language";
import { buildVoiceProfile, MIN_VOICE_POSTS, scoreVoice, type VoicePost } from "./stylometry";

/** The most recent posts compared against (the profile is built per draft, in the Worker). */
const CORPUS_MAX = 300;

export interface VoiceResult {
  score: number;
  reasons: VoiceReasonRow[];
}

export async function voiceOf(db: Db, namespace: string, text: string): Promise<VoiceResult | undefined> {
  const rows = await db
    .select({ text: knowledgeChunks.text, metadata: knowledgeChunks.metadata })
    .from(knowledgeChunks)
    .where(
      and(
        eq(knowledgeChunks.collection, "style"),
        eq(knowledgeChunks.namespace, namespace),
        sql`coalesce(json_extract(${knowledgeChunks.metadata}, '$.origin'), '') <> 'pending'`,
      ),
    )
    .orderBy(desc(knowledgeChunks.createdAt))
    .limit(CORPUS_MAX);
  const body = stripCitationMarkers(text);
  const language = textLanguage(body);
  const posts = rows.map((r) => ({
    text: r.text,
    language:
      r.metadata?.language === "uk" || r.metadata?.language === "en"
        ? r.metadata.language
        : textLanguage(r.text),
    weight: typeof r.metadata?.weight === "number" ? r.metadata.weight : 1,
  }));
  // Only posts in the text's language: a language the physician chose is not a fault of voice.
  const corpus: VoicePost[] = posts.filter((p) => p.language === language);
  if (corpus.length < MIN_VOICE_POSTS) return undefined;
  const scored = scoreVoice(body, buildVoiceProfile(corpus));
  if (!scored) return undefined;
  return {
    score: scored.score,
    reasons: scored.reasons.map((r) => ({
      feature: r.feature,
      direction: r.direction,
      ...(r.ratio !== undefined ? { ratio: r.ratio } : {}),
    })),
  };
}

/** The voice score never fails a draft: without it the card just does not show one. */
export async function voiceQuietly(
  services: { db: Db; log: Logger },
  namespace: string,
  text: string,
): Promise<VoiceResult | undefined> {
  try {
    return await voiceOf(services.db, namespace, text);
  } catch (err) {
    services.log.warn("voice_score_failed", { error: errorMessage(err) });
    return undefined;
  }
}
