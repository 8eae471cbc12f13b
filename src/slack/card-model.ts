/**
 * Assembles the draft card's view model from D1: the draft, its physician, the current
 * text version, that version's claims and citations, and its publications. The thread
 * size is what the publisher will actually post (`fitToPlatform`), counters included.
 */
import { and, asc, count, eq } from "drizzle-orm";
import { destinationLabel, pinnedDestination } from "../accounts/destination";
import type { Config } from "../config";
import type { Db } from "../db/client";
import { getDraft } from "../db/drafts";
import { reviewState } from "../db/review-gate";
import {
  citations,
  claims,
  type Draft,
  draftVersions,
  type Physician,
  type Platform,
  physicians,
  publications,
} from "../db/schema";
import { PUBLISH_PROBLEM_CODES, parseReason, parseRetry, type ReasonCode } from "../db/status-reasons";
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

/** The card's "→ @handle": where Publish posts now, and whether that account needs reconnecting. */
async function describeDestination(
  db: Db,
  config: Config,
  physician: Physician,
  platform: Platform,
  pinned: string | null,
): Promise<{ label: string | null; reconnect: boolean }> {
  const choice = await pinnedDestination(db, config, physician, platform, pinned);
  return {
    label: destinationLabel(choice, platform, config),
    reconnect: choice.kind === "own" && choice.account.status === "reconnect",
  };
}

export async function loadDraftCard(
  db: Db,
  draftId: string,
  config?: Config,
): Promise<LoadedCard | undefined> {
  const draft = await getDraft(db, draftId);
  if (!draft) return undefined;
  const [physician, version, claimRows, citationRows, publicationRows, versionRows] = await Promise.all([
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
    db.select({ n: count() }).from(draftVersions).where(eq(draftVersions.draftId, draft.id)),
  ]);
  if (!physician) return undefined;
  const review = await reviewState(db, draft);
  const text = version?.text ?? "";
  const charLimit = PLATFORM_LIMITS[draft.platform];
  // Length and part count as publishing will post it: reader lines included, markers out.
  const fit = (await draftPost(db, draft))?.fit;
  const charCount = Math.max(0, ...(fit?.lengths ?? [0]));
  const pinned = publicationRows.find((p) => p.platform === draft.platform)?.accountRef ?? null;
  const destination = config
    ? await describeDestination(db, config, physician, draft.platform, pinned)
    : undefined;
  return {
    draft,
    physician,
    model: {
      ...(destination ? { destination } : {}),
      draftId: draft.id,
      topic: draft.topic,
      platform: draft.platform,
      status: draft.status,
      ...statusParts(draft, physician.language),
      statusReasonCode: reasonCode(draft.statusReason),
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
      evidenceNote: evidenceNoteText(draft.evidenceNote, physician.language, claimRows.length),
      publications: publicationRows.map((p) => publicationModel(p, physician.language)),
      checkMode: version?.checkMode ?? null,
      voice:
        version?.voiceScore != null
          ? { score: version.voiceScore, reasons: version.voiceReasons ?? [] }
          : null,
      reviewedBy: version?.reviewedBy ?? null,
      blockingCitations: review.blocking,
      safeMessaging: draft.safety === "safe_messaging",
      charCount,
      charLimit,
      threadParts: fit?.parts.length ?? 1,
      versionCount: versionRows[0]?.n ?? 1,
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
    // A refusal's platform wording stays in the row (admin API, logs); the status line says it.
    error: delayed || p.status === "failed" ? null : reasonText(p.lastError, language),
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

/** Reasons that mean the last publish did not go through (the draft is back with the physician). */
const PUBLISH_PROBLEMS = new Set<ReasonCode>(PUBLISH_PROBLEM_CODES);
/** Claim counts the status line derives from the claims themselves. */
const COUNTED = new Set<ReasonCode>(["claims_need_review"]);

/** The stored reason split into what the status line shows: a note, a publish problem, a retry. */
function statusParts(
  draft: Draft,
  language: Physician["language"],
): Pick<DraftCardModel, "statusReason" | "publishProblem" | "retry"> {
  const parsed = draft.statusReason ? parseReason(draft.statusReason) : undefined;
  const code = parsed && "code" in parsed ? parsed.code : undefined;
  if (code === "generation_retrying") {
    const note = draft.status === "queued" ? parseRetry(draft.statusReason) : undefined;
    const retry = note ? { ...note, at: draft.retryAt } : null;
    return { statusReason: null, publishProblem: null, retry };
  }
  const text = reasonText(draft.statusReason, language);
  if (code && PUBLISH_PROBLEMS.has(code) && (draft.status === "ready" || draft.status === "needs_review")) {
    return { statusReason: null, publishProblem: text, retry: null };
  }
  if (code && COUNTED.has(code)) return { statusReason: null, publishProblem: null, retry: null };
  return { statusReason: text, publishProblem: null, retry: null };
}

function reasonCode(stored: string | null): ReasonCode | null {
  if (!stored) return null;
  const parsed = parseReason(stored);
  return "code" in parsed ? parsed.code : null;
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

/**
 * Stored note codes ("pubmed_unavailable,…") → the physician's language. "No evidence" says
 * the draft avoids medical facts; on a draft that makes claims it says they went unchecked.
 */
export function evidenceNoteText(
  codes: string | null,
  language: Physician["language"],
  claimCount: number,
): string | null {
  if (!codes) return null;
  const lex = lexicon(language).card;
  const notes = lex.evidenceNotes;
  const text = codes
    .split(",")
    .map((code) => {
      if (code === "no_evidence" && claimCount > 0) return lex.claimsUnchecked({ count: claimCount });
      return code in notes ? notes[code as keyof typeof notes] : "";
    })
    .filter(Boolean)
    .join(" ");
  return text || null;
}

function uniqueByNumber<T extends { number: number }>(rows: T[]): T[] {
  const byNumber = new Map<number, T>();
  for (const row of rows) if (!byNumber.has(row.number)) byNumber.set(row.number, row);
  return [...byNumber.values()];
}
