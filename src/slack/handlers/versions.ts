/**
 * Earlier versions of a draft (generated, regenerated, revised, edited): listed from the
 * card's menu, and any one restored. Restoring moves the draft back to that version — its
 * text with the claims and sources it was checked with, and its review if it had one — so
 * nothing is re-written or lost; every version stays, and the next edit or regeneration
 * becomes a new one on top.
 */
import { and, count, desc, eq, ne } from "drizzle-orm";
import { statusAfterTextChange } from "../../db/lifecycle";
import { claims, type Draft, type DraftStatus, drafts, draftVersions } from "../../db/schema";
import { reason } from "../../db/status-reasons";
import type { Services } from "../../services";
import type { VersionRow } from "../blocks/versions-modal";
import type { ActionOutcome } from "./draft-actions";

/** Versions shown in the modal (newest first); a modal holds 100 blocks. */
export const VERSIONS_SHOWN = 20;

const RESTORABLE: DraftStatus[] = ["ready", "needs_review", "scheduled"];

export async function listVersions(services: Services, draftId: string): Promise<VersionRow[]> {
  return services.db
    .select({
      version: draftVersions.version,
      text: draftVersions.text,
      source: draftVersions.source,
      createdAt: draftVersions.createdAt,
      createdBy: draftVersions.createdBy,
    })
    .from(draftVersions)
    .where(eq(draftVersions.draftId, draftId))
    .orderBy(desc(draftVersions.version))
    .limit(VERSIONS_SHOWN);
}

export async function restoreVersion(
  services: Services,
  draft: Draft,
  version: number,
): Promise<ActionOutcome> {
  if (!RESTORABLE.includes(draft.status)) return { kind: "invalid_state", status: draft.status };
  if (version === draft.currentVersion) return { kind: "ok" };
  const { db } = services;
  const [exists, open] = await Promise.all([
    db.query.draftVersions.findFirst({
      where: and(eq(draftVersions.draftId, draft.id), eq(draftVersions.version, version)),
    }),
    db
      .select({ n: count() })
      .from(claims)
      .where(and(eq(claims.draftId, draft.id), eq(claims.version, version), ne(claims.verdict, "supported"))),
  ]);
  if (!exists) return { kind: "not_found" };
  const flagged = open[0]?.n ?? 0;
  const { status, scheduledAt: keepAt } = statusAfterTextChange(draft, flagged);
  const moved = await db
    .update(drafts)
    .set({
      currentVersion: version,
      status,
      statusReason: reason("restored", version),
      scheduledAt: keepAt,
      updatedAt: Date.now(),
    })
    .where(
      and(
        eq(drafts.id, draft.id),
        eq(drafts.status, draft.status),
        eq(drafts.currentVersion, draft.currentVersion),
      ),
    )
    .returning({ id: drafts.id });
  return moved.length === 1 ? { kind: "ok" } : { kind: "already" };
}
