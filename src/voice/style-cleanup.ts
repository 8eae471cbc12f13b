/**
 * Cron: takes the model's words out of style indexes built before only the physician's words
 * were learned. Migration 0011 marked every published post `origin: pending` (retrieval
 * skips those); this task judges each as a new publication would be judged
 * (style-learning): an edited or manual post stays, labelled and weighted, and its edit is
 * kept for lessons; unedited generated text, or a post whose draft is gone, is removed with
 * its vectors. A few documents a minute until none is left; then one cheap query a minute.
 */
import { eq, sql } from "drizzle-orm";
import { getDraft } from "../db/drafts";
import { knowledgeChunks, knowledgeDocuments, PLATFORMS, type Platform } from "../db/schema";
import { deleteDocument } from "../knowledge/ingest";
import type { Services } from "../services";
import { judgePublished, keepEditPair, styleMetadata } from "./style-learning";

const PER_RUN = 20;

export async function cleanUpStyleIndex(services: Services, now: number): Promise<Record<string, number>> {
  const { db } = services;
  const pending = await db
    .selectDistinct({ documentId: knowledgeChunks.documentId })
    .from(knowledgeChunks)
    .where(
      sql`${knowledgeChunks.collection} = 'style' AND json_extract(${knowledgeChunks.metadata}, '$.origin') = 'pending'`,
    )
    .limit(PER_RUN);
  let kept = 0;
  let removed = 0;
  for (const { documentId } of pending) {
    if (await judgeDocument(services, documentId, now)) kept++;
    else removed++;
  }
  return kept + removed > 0 ? { kept, removed } : {};
}

/** True when the document stays (relabelled), false when it was removed. */
async function judgeDocument(services: Services, documentId: string, now: number): Promise<boolean> {
  const { db } = services;
  const doc = await db.query.knowledgeDocuments.findFirst({ where: eq(knowledgeDocuments.id, documentId) });
  const chunks = await db.select().from(knowledgeChunks).where(eq(knowledgeChunks.documentId, documentId));
  const draftId = doc?.source.startsWith("published:") ? doc.source.slice("published:".length) : undefined;
  const draft = draftId ? await getDraft(db, draftId) : undefined;
  const body = chunks
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((c) => c.text)
    .join("\n\n");
  const verdict = draft ? await judgePublished(db, draft, body) : undefined;
  if (draft && verdict) await keepEditPair(db, draft, draft.platform, verdict, body);
  if (!draft || !verdict?.lesson.learn) {
    await deleteDocument(services, documentId);
    services.log.info("style_example_removed", {
      why: verdict?.lesson.learn === false ? verdict.lesson.why : "no_draft",
    });
    return false;
  }
  const { lesson } = verdict;
  for (const chunk of chunks) {
    const old = chunk.metadata ?? {};
    const platform: Platform = PLATFORMS.find((p) => p === old.platform) ?? draft.platform;
    const labels = styleMetadata(lesson, platform, chunk.text, now);
    // The original publication date stays.
    const metadata = { ...labels, ...(typeof old.date === "string" ? { date: old.date } : {}) };
    await db.update(knowledgeChunks).set({ metadata }).where(eq(knowledgeChunks.id, chunk.id));
  }
  return true;
}
