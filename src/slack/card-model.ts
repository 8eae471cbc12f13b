/**
 * Assembles the draft card's view model from D1: the draft, its physician, the current
 * text version, that version's claims and citations, and its publications. The thread
 * size is what the publisher will actually post (`fitToPlatform`), counters included.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { getDraft } from "../db/drafts";
import { reviewState } from "../db/review-gate";
import {
  citations,
  claims,
  type Draft,
  draftVersions,
  type Physician,
  physicians,
  publications,
} from "../db/schema";
import { parseReason } from "../db/status-reasons";
import { draftPost } from "../publishers/draft-post";
import { PLATFORM_LIMITS } from "../publishers/limits";
import { isOutboxId } from "../publishers/outbox";
import { liveParts, type Publication } from "../queues/publication-store";
import type { DraftCardModel, PublicationModel } from "./blocks/models";
import { lexicon } from "./lexicon";
import { escapeMrkdwn } from "./mrkdwn";

export interface LoadedCard {
  draft: Draft;
  physician: Physician;
  model: DraftCardModel;
}

export async function loadDraftCard(db: Db, draftId: string): Promise<LoadedCard | undefined> {
  const draft = await getDraft(db, draftId);
  if (!draft) return undefined;
  const [physician, version, claimRows, citationRows, publicationRows] = await Promise.all([
    db.query.physicians.findFirst({ where: eq(physicians.id, draft.physicianId) }),
    db.query.draftVersions.findFirst({
      where: and(eq(draftVersions.draftId, draft.id), eq(draftVersions.version, draft.currentVersion)),
    }),
    db
      .select()
      .from(claims)
      .where(and(eq(claims.draftId, draft.id), eq(claims.version, draft.currentVersion)))
      .orderBy(asc(claims.ordinal)),
    db
      .select()
      .from(citations)
      .where(and(eq(citations.draftId, draft.id), eq(citations.version, draft.currentVersion)))
      .orderBy(asc(citations.number)),
    db.select().from(publications).where(eq(publications.draftId, draft.id)),
  ]);
  if (!physician) return undefined;
  const review = await reviewState(db, draft);
  const text = version?.text ?? "";
  const charLimit = PLATFORM_LIMITS[draft.platform];
  // Length and part count as publishing will post it: reader lines included, markers out.
  const fit = (await draftPost(db, draft))?.fit;
  const charCount = Math.max(0, ...(fit?.lengths ?? [0]));
  return {
    draft,
    physician,
    model: {
      draftId: draft.id,
      topic: draft.topic,
      platform: draft.platform,
      status: draft.status,
      statusReason: reasonText(draft.statusReason, physician.language),
      text,
      version: draft.currentVersion,
      offline: version?.offline ?? false,
      orderedBy: physician.slackUserId,
      scheduledAt: draft.scheduledAt,
      timezone: physician.timezone,
      language: physician.language,
      claims: claimRows.map((c) => ({
        ordinal: c.ordinal,
        text: c.text,
        verdict: c.verdict,
        note: c.note,
        reasons: (c.reasons ?? []).map((r) => reasonLine(r, physician.language)),
        citationNumbers: citationRows.filter((x) => x.claimId === c.id).map((x) => x.number),
      })),
      citations: uniqueByNumber(citationRows).map((c) => ({
        number: c.number,
        kind: c.kind,
        title: c.title,
        ref: c.ref,
        url: c.url,
      })),
      evidenceNote: evidenceNoteText(draft.evidenceNote, physician.language),
      publications: publicationRows.map((p) => publicationModel(p, physician.language)),
      checkMode: version?.checkMode ?? null,
      reviewedBy: version?.reviewedBy ?? null,
      blockingCitations: review.blocking,
      safeMessaging: draft.safety === "safe_messaging",
      charCount,
      charLimit,
      threadParts: fit?.parts.length ?? 1,
    },
  };
}

function publicationModel(p: Publication, language: Physician["language"]): PublicationModel {
  const parsed = p.lastError ? parseReason(p.lastError) : undefined;
  const delayed =
    parsed &&
    "code" in parsed &&
    parsed.code === "publish_delayed" &&
    p.notBefore !== null &&
    p.notBefore > Date.now();
  const limits = lexicon(language).publishing.limit;
  const limitCode = delayed && "code" in parsed ? (parsed.detail ?? "") : "";
  return {
    platform: p.platform,
    status: p.status,
    url: p.url,
    outbox: isOutboxId(p.externalId),
    error: delayed ? null : reasonText(p.lastError, language),
    delay:
      delayed && p.notBefore !== null
        ? {
            limit: limitCode in limits ? limits[limitCode as keyof typeof limits] : limitCode,
            until: p.notBefore,
          }
        : null,
    liveParts: p.status === "published" ? [] : liveParts(p).map((part, i) => ({ n: i + 1, url: part.url })),
  };
}

/** A stored status reason (a code, or text from older rows) in the physician's language. */
export function reasonText(stored: string | null, language: Physician["language"]): string | null {
  if (!stored) return null;
  const parsed = parseReason(stored);
  return "text" in parsed ? parsed.text : lexicon(language).reason[parsed.code](parsed.detail ?? "");
}

/** A stored rule reason in the physician's language; unknown codes show their detail. */
function reasonLine(r: { code: string; detail: string }, language: Physician["language"]): string {
  const reasons = lexicon(language).check.reasons;
  return r.code in reasons
    ? reasons[r.code as keyof typeof reasons]({ detail: r.detail })
    : escapeMrkdwn(r.detail);
}

/** Stored note codes ("pubmed_unavailable,…") → the physician's language. */
function evidenceNoteText(codes: string | null, language: Physician["language"]): string | null {
  if (!codes) return null;
  const notes = lexicon(language).card.evidenceNotes;
  const text = codes
    .split(",")
    .map((code) => (code in notes ? notes[code as keyof typeof notes] : ""))
    .filter(Boolean)
    .join(" ");
  return text || null;
}

function uniqueByNumber<T extends { number: number }>(rows: T[]): T[] {
  const byNumber = new Map<number, T>();
  for (const row of rows) if (!byNumber.has(row.number)) byNumber.set(row.number, row);
  return [...byNumber.values()];
}
