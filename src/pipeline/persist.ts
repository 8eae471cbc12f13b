/**
 * Stores a pipeline result in ONE D1 transaction: the status change generating → ready |
 * needs_review (a compare-and-set), the new text version with how it was checked, its
 * claims with verdicts and rule reasons, the citations (every PMID came from a resolved
 * esummary), and the numbered evidence (so edits can be re-checked against it).
 *
 * Either all of it is written or none: a Worker killed mid-write never leaves a `ready`
 * draft without its text or claims. An attempt that lost its draft (the sweeper re-queued
 * it, the dead-letter consumer failed it) loses the compare-and-set — on the status and
 * on its lease — and writes nothing.
 */
import { eq, sql } from "drizzle-orm";
import { claimStatements, evidenceStatements } from "../db/check-results";
import type { Db } from "../db/client";
import { draftVersions } from "../db/schema";
import { reason } from "../db/status-reasons";
import { markersIn } from "./check/citations";
import type { PipelineResult } from "./run";

export async function persistResult(
  db: Db,
  draftId: string,
  result: PipelineResult,
  source: "generated" | "regenerated" | "rewritten",
  /** The attempt's lease owner; the result lands only while it still holds the draft. */
  owner: string,
): Promise<{ version: number; stored: boolean }> {
  const d1 = db.$client;
  const unsupported = result.claims.filter((c) => c.verdict !== "supported").length;
  const status = result.needsReview ? "needs_review" : "ready";
  const [next] = await db
    .select({ version: sql<number>`coalesce(max(${draftVersions.version}), 0) + 1` })
    .from(draftVersions)
    .where(eq(draftVersions.draftId, draftId));
  const version = next?.version ?? 1;
  const guard = { draftId, version, writeId: crypto.randomUUID() };
  const now = Date.now();

  const results = await d1.batch([
    d1
      .prepare(
        `UPDATE drafts SET status = ?2, status_reason = ?3, evidence_note = ?4, safety = ?5,
           current_version = ?6, updated_at = ?7, lease_owner = NULL, lease_until = NULL,
           pending_rewrite = NULL, language = ?9
         WHERE id = ?1 AND status = 'generating' AND lease_owner = ?8`,
      )
      .bind(
        draftId,
        status,
        result.needsReview ? reason("claims_need_review", unsupported) : null,
        result.evidence.notes.join(",") || null,
        result.safety,
        version,
        now,
        owner,
        result.language,
      ),
    // Only if the compare-and-set above changed the draft.
    d1
      .prepare(
        `INSERT INTO draft_versions (draft_id, version, text, source, offline, check_mode, created_at, write_id,
           voice_score, voice_reasons)
         SELECT ?1, ?2, ?4, ?5, ?6, ?7, ?8, ?3, ?9, ?10 WHERE changes() = 1`,
      )
      .bind(
        draftId,
        version,
        guard.writeId,
        result.text,
        result.revised ? "revised" : source,
        result.offline ? 1 : 0,
        result.checkMode,
        now,
        result.voice?.score ?? null,
        result.voice ? JSON.stringify(result.voice.reasons) : null,
      ),
    ...claimStatements(d1, guard, result.claims, result.evidence.items, markersIn(result.text)),
    ...evidenceStatements(d1, guard, result.evidence.items),
  ]);
  const stored = (results[0]?.meta.changes ?? 0) === 1;
  return stored ? { version, stored } : { version: 0, stored: false };
}
