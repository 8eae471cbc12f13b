/**
 * Writing a version's check results — claims with their verdicts and rule reasons, the
 * citations, and the draft's numbered evidence — as D1 statements that join the caller's
 * batch (one transaction). Every statement is guarded: it writes only if the version row
 * carries the caller's own `write_id` — which only a writer that won its compare-and-set
 * earlier in the same batch inserted — so a loser writes nothing at all.
 */
import type { CheckedClaim, EvidenceItem } from "../pipeline/types";

export interface VersionGuard {
  draftId: string;
  version: number;
  /** The `write_id` the caller's version insert wrote: only the winning writer's exists. */
  writeId: string;
}

const GUARD = "EXISTS (SELECT 1 FROM draft_versions WHERE draft_id = ?1 AND version = ?2 AND write_id = ?3)";

function bindGuard(statement: D1PreparedStatement, guard: VersionGuard, ...rest: unknown[]) {
  return statement.bind(guard.draftId, guard.version, guard.writeId, ...rest);
}

/** Claims of the version, then one citation per claim × evidence item it rests on. */
export function claimStatements(
  d1: D1Database,
  guard: VersionGuard,
  claims: CheckedClaim[],
  evidence: EvidenceItem[],
  citedInText: number[],
): D1PreparedStatement[] {
  const byNumber = new Map(evidence.map((item) => [item.number, item]));
  const out: D1PreparedStatement[] = [];
  const insertClaim = d1.prepare(
    `INSERT INTO claims (draft_id, version, ordinal, text, kind, verdict, note, reasons, source)
     SELECT ?1, ?2, ?4, ?5, ?6, ?7, ?8, ?9, ?10 WHERE ${GUARD}`,
  );
  const insertCitation = d1.prepare(
    `INSERT INTO citations (draft_id, version, claim_id, number, kind, ref, title, url)
     SELECT ?1, ?2, (SELECT id FROM claims WHERE draft_id = ?1 AND version = ?2 AND ordinal = ?4), ?5, ?6, ?7, ?8, ?9
     WHERE ${GUARD}`,
  );
  const uncited = new Set(citedInText);
  for (const [ordinal, claim] of claims.entries()) {
    out.push(
      bindGuard(
        insertClaim,
        guard,
        ordinal,
        claim.text,
        claim.kind,
        claim.verdict,
        claim.note ?? null,
        claim.reasons?.length ? JSON.stringify(claim.reasons) : null,
        claim.source ?? null,
      ),
    );
    for (const number of claim.evidence) {
      const item = byNumber.get(number);
      if (!item) continue;
      out.push(
        bindGuard(insertCitation, guard, ordinal, number, item.kind, item.ref, item.title, item.url ?? null),
      );
      uncited.delete(number);
    }
  }
  // Evidence cited in the text but attached to no claim is still listed as a source.
  const insertLoose = d1.prepare(
    `INSERT INTO citations (draft_id, version, claim_id, number, kind, ref, title, url)
     SELECT ?1, ?2, NULL, ?4, ?5, ?6, ?7, ?8 WHERE ${GUARD}`,
  );
  for (const number of uncited) {
    const item = byNumber.get(number);
    if (!item) continue;
    out.push(bindGuard(insertLoose, guard, number, item.kind, item.ref, item.title, item.url ?? null));
  }
  return out;
}

/** Replaces the draft's stored evidence with this generation's. */
export function evidenceStatements(
  d1: D1Database,
  guard: VersionGuard,
  evidence: EvidenceItem[],
): D1PreparedStatement[] {
  const insert = d1.prepare(
    `INSERT INTO draft_evidence (draft_id, number, kind, ref, title, url, doi, text, year)
     SELECT ?1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 WHERE ${GUARD}`,
  );
  return [
    bindGuard(d1.prepare(`DELETE FROM draft_evidence WHERE draft_id = ?1 AND ${GUARD}`), guard),
    ...evidence.map((item) =>
      bindGuard(
        insert,
        guard,
        item.number,
        item.kind,
        item.ref,
        item.title,
        item.url ?? null,
        item.doi ?? null,
        item.text,
        item.year ?? null,
      ),
    ),
  ];
}
