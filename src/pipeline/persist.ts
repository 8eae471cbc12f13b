/**
 * Stores a pipeline result: the new text version, its claims with verdicts, the citations
 * (only evidence the draft actually cites — every PMID here came from a resolved
 * esummary), the evidence note, and the status change generating → ready | needs_review.
 *
 * The status change comes first, as a compare-and-set: an attempt that lost its draft
 * (the sweeper re-queued it, the dead-letter consumer failed it) writes nothing at all.
 */

import type { Db } from "../db/client";
import { addDraftVersion, transitionDraft } from "../db/drafts";
import { citations, claims } from "../db/schema";
import { reason } from "../db/status-reasons";
import type { PipelineResult } from "./run";

export async function persistResult(
  db: Db,
  draftId: string,
  result: PipelineResult,
  source: "generated" | "regenerated",
): Promise<{ version: number; stored: boolean }> {
  const unsupported = result.claims.filter((c) => c.verdict !== "supported").length;
  const stored = await transitionDraft(
    db,
    draftId,
    "generating",
    result.needsReview ? "needs_review" : "ready",
    {
      statusReason: result.needsReview ? reason("claims_need_review", unsupported) : null,
      evidenceNote: result.evidence.notes.join(",") || null,
    },
  );
  if (!stored) return { version: 0, stored: false };

  const version = await addDraftVersion(db, draftId, result.text, result.revised ? "revised" : source, {
    offline: result.offline,
  });
  const byNumber = new Map(result.evidence.items.map((item) => [item.number, item]));
  const citedInText = new Set([...result.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));

  for (const [ordinal, claim] of result.claims.entries()) {
    const [row] = await db
      .insert(claims)
      .values({
        draftId,
        version,
        ordinal,
        text: claim.text,
        kind: claim.kind,
        verdict: claim.verdict,
        note: claim.note ?? null,
      })
      .returning({ id: claims.id });
    for (const number of claim.evidence) {
      const item = byNumber.get(number);
      if (!item || !row) continue;
      await db.insert(citations).values({
        draftId,
        version,
        claimId: row.id,
        number,
        kind: item.kind,
        ref: item.ref,
        title: item.title,
        url: item.url ?? null,
      });
      citedInText.delete(number);
    }
  }
  // Evidence cited in the text but attached to no claim is still listed as a source.
  for (const number of citedInText) {
    const item = byNumber.get(number);
    if (!item) continue;
    await db.insert(citations).values({
      draftId,
      version,
      number,
      kind: item.kind,
      ref: item.ref,
      title: item.title,
      url: item.url ?? null,
    });
  }

  return { version, stored };
}
