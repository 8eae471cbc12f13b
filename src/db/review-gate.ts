/**
 * May this draft's current version be published? Every way into publishing — the Publish
 * button, the review modal, a schedule, the minute cron — asks here, so a draft that
 * *looks* checked but is not can never go out silently:
 * - `blocked`: the text cites a PMID or DOI that is not one of the draft's retrieved
 *   evidence items. Read from the text itself (not from stored verdicts), so nothing an
 *   LLM said can hide it. Only removing the citation (an edit) or regenerating unblocks.
 * - `needs_confirmation`: claims the check did not support, and nobody confirmed this
 *   version in the review modal.
 * - `ok`: nothing unresolved, or the physician confirmed this exact version.
 * A physician's manual post is checked and reviewed like any draft, but never blocked: the
 * sources it cites are the physician's own (ADR 0004).
 */
import { and, eq, ne } from "drizzle-orm";
import { citationsIn, resolves } from "../pipeline/check/citations";
import type { EvidenceItem } from "../pipeline/types";
import type { Db } from "./client";
import { citations, claims, type Draft, draftEvidence, draftVersions } from "./schema";

export interface ReviewState {
  version: number;
  /** Claims of this version that the check did not support. */
  unresolved: { text: string; verdict: string }[];
  /** PMIDs / DOIs in the text that resolve to none of the draft's evidence. */
  blocking: string[];
  reviewedBy: string | null;
}

export type PublishVerdict = "ok" | "needs_confirmation" | "blocked";

export async function reviewState(db: Db, draft: Draft): Promise<ReviewState> {
  const [version, open, evidence] = await Promise.all([
    db.query.draftVersions.findFirst({
      where: and(eq(draftVersions.draftId, draft.id), eq(draftVersions.version, draft.currentVersion)),
    }),
    openClaims(db, draft),
    loadEvidence(db, draft.id),
  ]);
  const manual = version?.source === "manual" || (await isManualDraft(db, draft.id));
  return {
    version: draft.currentVersion,
    // A manual post's claims go through review like any draft's; the sources it cites are the
    // physician's own, so they never block (blocking stops a model's invented citations).
    unresolved: open,
    blocking: manual || !version ? [] : blockingCitations(version.text, evidence),
    reviewedBy: version?.reviewedBy ?? null,
  };
}

/** Claims of the draft's current version that the check did not support. */
export async function openClaims(db: Db, draft: Draft): Promise<{ text: string; verdict: string }[]> {
  return db
    .select({ text: claims.text, verdict: claims.verdict })
    .from(claims)
    .where(
      and(
        eq(claims.draftId, draft.id),
        eq(claims.version, draft.currentVersion),
        ne(claims.verdict, "supported"),
      ),
    );
}

export function publishVerdict(state: ReviewState): PublishVerdict {
  if (state.blocking.length > 0) return "blocked";
  if (state.unresolved.length > 0 && !state.reviewedBy) return "needs_confirmation";
  return "ok";
}

/** PMIDs and DOIs readers would see that are not this draft's evidence. */
export function blockingCitations(text: string, evidence: EvidenceItem[]): string[] {
  const out: string[] = [];
  for (const citation of citationsIn(text)) {
    if (citation.kind === "url" || resolves(citation, evidence)) continue;
    const label = citation.kind === "pmid" ? `PMID ${citation.value}` : citation.value;
    if (!out.includes(label)) out.push(label);
  }
  return out;
}

/** The numbered evidence the draft was generated from. */
export async function loadEvidence(db: Db, draftId: string): Promise<EvidenceItem[]> {
  const rows = await db.select().from(draftEvidence).where(eq(draftEvidence.draftId, draftId));
  if (rows.length === 0) return evidenceFromCitations(db, draftId);
  return rows.map((r) => ({
    number: r.number,
    kind: r.kind,
    ref: r.ref,
    title: r.title,
    text: r.text,
    ...(r.url ? { url: r.url } : {}),
    ...(r.doi ? { doi: r.doi } : {}),
    ...(r.year ? { year: r.year } : {}),
  }));
}

/**
 * Drafts generated before evidence was stored: their citations name what they were given
 * (PMIDs resolve; the texts are unknown, so numbers still need review).
 */
async function evidenceFromCitations(db: Db, draftId: string): Promise<EvidenceItem[]> {
  const rows = await db.select().from(citations).where(eq(citations.draftId, draftId));
  const byNumber = new Map<number, EvidenceItem>();
  for (const r of rows) {
    if (byNumber.has(r.number)) continue;
    byNumber.set(r.number, {
      number: r.number,
      kind: r.kind,
      ref: r.ref,
      title: r.title,
      text: "",
      ...(r.url ? { url: r.url } : {}),
    });
  }
  return [...byNumber.values()];
}

/** True when the draft began as the physician's own manual post. */
export async function isManualDraft(db: Db, draftId: string): Promise<boolean> {
  const first = await db.query.draftVersions.findFirst({
    where: and(eq(draftVersions.draftId, draftId), eq(draftVersions.version, 1)),
  });
  return first?.source === "manual";
}

/**
 * Records that `userId` reviewed `version` and confirmed publishing it — only while it is
 * still the draft's current version (an edit in between makes a new, unconfirmed one).
 */
export async function confirmReview(db: Db, draft: Draft, version: number, userId: string): Promise<boolean> {
  if (draft.currentVersion !== version) return false;
  const updated = await db
    .update(draftVersions)
    .set({ reviewedBy: userId, reviewedAt: Date.now() })
    .where(and(eq(draftVersions.draftId, draft.id), eq(draftVersions.version, version)))
    .returning({ id: draftVersions.id });
  return updated.length === 1;
}
