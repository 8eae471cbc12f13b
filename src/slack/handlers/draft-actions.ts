/**
 * What a physician can do to a draft from Slack. Each action checks ownership, then makes
 * its status change as a compare-and-set, so a double click or a stale card loses the
 * race and does nothing twice. Returns an outcome; the caller turns it into Slack text.
 */

import { and, eq, isNull, sql } from "drizzle-orm";
import { claimStatements } from "../../db/check-results";
import { getDraft, transitionDraft } from "../../db/drafts";
import { canTransition, IN_FLIGHT_STATUSES, statusAfterTextChange } from "../../db/lifecycle";
import { styleNamespaceOf } from "../../db/physicians";
import { loadEvidence, publishVerdict, reviewState } from "../../db/review-gate";
import {
  claims,
  type Draft,
  type DraftStatus,
  drafts,
  draftVersions,
  feedback,
  type Physician,
  type Platform,
} from "../../db/schema";
import { isUniqueViolation } from "../../db/slack-requests";
import { reason, withoutPublishProblem } from "../../db/status-reasons";
import { checkLimit, type LimiterOwner } from "../../durable/limits";
import { errorMessage } from "../../lib/log";
import { markersIn } from "../../pipeline/check/citations";
import { checkByRules, problems } from "../../pipeline/claims";
import type { CheckedClaim } from "../../pipeline/types";
import { enqueuePublish } from "../../queues/enqueue-publish";
import type { Services } from "../../services";
import { textLanguage } from "../../voice/language";
import { voiceQuietly } from "../../voice/voice-check";
import { enqueueGeneration } from "./order-draft";

/** An edit saved (with the version it became), or why not. */
export type EditOutcome = { kind: "ok"; version: number } | Exclude<ActionOutcome, { kind: "ok" }>;

/** Set on an edit the rules found nothing in. */
export const EDITED_REASON = reason("edited_checked");

export type ActionOutcome =
  | { kind: "ok" }
  | { kind: "not_found" }
  | { kind: "not_owner" }
  | { kind: "invalid_state"; status: DraftStatus }
  | { kind: "already" }
  | { kind: "already_published" }
  | { kind: "already_publishing" }
  /** A quick edit that needs the language model, where none is connected. */
  | { kind: "needs_llm" }
  /** A quick edit done without a model that would leave the text as it is. */
  | { kind: "nothing_to_change" }
  | { kind: "rate_limited"; retryAfterS: number }
  /** Unresolved claims and no confirmed review of this version: open the review first. */
  | { kind: "needs_review" }
  /** The text cites PMIDs/DOIs that were never retrieved: only an edit or regeneration helps. */
  | { kind: "blocked"; citations: string[] };

export interface Actor {
  slackTeamId: string;
  slackUserId: string;
}

/** Loads a draft the actor owns. */
export async function ownedDraft(
  services: Services,
  draftId: string,
  actor: Actor,
): Promise<{ draft: Draft; physician: Physician } | ActionOutcome> {
  const draft = await getDraft(services.db, draftId);
  if (!draft) return { kind: "not_found" };
  const physician = await services.db.query.physicians.findFirst({
    where: (p, { eq: equals }) => equals(p.id, draft.physicianId),
  });
  if (
    !physician ||
    physician.slackUserId !== actor.slackUserId ||
    physician.slackTeamId !== actor.slackTeamId
  ) {
    return { kind: "not_owner" };
  }
  return { draft, physician };
}

const PUBLISHABLE: DraftStatus[] = ["ready", "needs_review", "scheduled"];
const EDITABLE: DraftStatus[] = ["ready", "needs_review", "scheduled"];

export async function publishNow(
  services: Services,
  draft: Draft,
  owner: LimiterOwner,
  requestKey: string,
): Promise<ActionOutcome> {
  // Said as it is: already out, or on its way — not "this request was received".
  if (draft.status === "published") return { kind: "already_published" };
  if (draft.status === "publishing") return { kind: "already_publishing" };
  if (!PUBLISHABLE.includes(draft.status)) return { kind: "invalid_state", status: draft.status };
  const gate = await gateOutcome(services, draft);
  if (gate) return gate;
  const limit = await checkLimit(services.env, services.config, owner, "publish", requestKey);
  if (!limit.allowed) return { kind: "rate_limited", retryAfterS: Math.ceil(limit.retryAfterMs / 1000) };
  // On a queue failure the draft is back in its status and the error reaches the caller.
  if (!(await enqueuePublish(services, draft, draft.status, requestKey))) return { kind: "already" };
  return { kind: "ok" };
}

/** The review gate as an outcome; undefined when the version may be published. */
export async function gateOutcome(services: Services, draft: Draft): Promise<ActionOutcome | undefined> {
  const state = await reviewState(services.db, draft);
  const verdict = publishVerdict(state);
  if (verdict === "blocked") return { kind: "blocked", citations: state.blocking };
  if (verdict === "needs_confirmation") return { kind: "needs_review" };
  return undefined;
}

/**
 * Schedules (or re-times) a draft. It passes the review gate first, like publishing now,
 * and keeps its status reason: a reviewed draft stays marked as having unresolved claims.
 */
export async function schedule(services: Services, draft: Draft, at: number): Promise<ActionOutcome> {
  if (!["ready", "needs_review", "scheduled"].includes(draft.status))
    return { kind: "invalid_state", status: draft.status };
  const gate = await gateOutcome(services, draft);
  if (gate) return gate;
  if (draft.status === "scheduled") {
    const updated = await services.db
      .update(drafts)
      .set({ scheduledAt: at, updatedAt: Date.now() })
      .where(and(eq(drafts.id, draft.id), eq(drafts.status, "scheduled")))
      .returning({ id: drafts.id });
    return updated.length ? { kind: "ok" } : { kind: "already" };
  }
  if (!canTransition(draft.status, "scheduled")) return { kind: "invalid_state", status: draft.status };
  const ok = await transitionDraft(services.db, draft.id, draft.status, "scheduled", {
    scheduledAt: at,
    statusReason: withoutPublishProblem(draft.statusReason),
  });
  return ok ? { kind: "ok" } : { kind: "already" };
}

/** A scheduled draft back to ready, its time dropped (Cancel schedule). */
export async function cancelSchedule(services: Services, draft: Draft): Promise<ActionOutcome> {
  if (draft.status !== "scheduled") return { kind: "invalid_state", status: draft.status };
  const ok = await transitionDraft(services.db, draft.id, "scheduled", "ready", {
    scheduledAt: null,
    statusReason: withoutPublishProblem(draft.statusReason),
  });
  return ok ? { kind: "ok" } : { kind: "already" };
}

/**
 * Saves an edit as a new version and re-checks it with the rules at once (cheap, no LLM)
 * against the evidence the draft was generated from. The draft becomes `needs_review` when
 * the rules flag something, else `ready` — or, for a scheduled draft whose time is still
 * ahead, `scheduled` at the same time (the edit re-validates it; flagged claims or a time
 * that has passed put it back in the physician's hands, unscheduled).
 * The status compare-and-set, the version and its claims are one transaction: nothing is
 * written unless the draft was still in the status read, so an edit never changes the
 * text of a draft that has started publishing.
 */
export async function saveEdit(
  services: Services,
  draft: Draft,
  edit: { text: string; platform: Platform; editedBy: string },
): Promise<EditOutcome> {
  if (!EDITABLE.includes(draft.status)) return { kind: "invalid_state", status: draft.status };
  const { db } = services;
  const [evidence, previous] = await Promise.all([
    loadEvidence(db, draft.id),
    previousFindings(services, draft),
  ]);
  // Every edit is re-checked by the rules — a manual post's too (against no evidence, so its
  // numbers, doses and drugs go through the same review as any draft's).
  const check = checkByRules(edit.text, evidence, previous);
  const flagged = problems(check.claims).length;
  const { status, scheduledAt: keepAt } = statusAfterTextChange(draft, flagged);
  const [next] = await db
    .select({ version: sql<number>`coalesce(max(${draftVersions.version}), 0) + 1` })
    .from(draftVersions)
    .where(eq(draftVersions.draftId, draft.id));
  const version = next?.version ?? 1;
  const d1 = db.$client;
  const now = Date.now();
  const writeId = crypto.randomUUID();
  let results: D1Result[];
  try {
    results = await d1.batch([
      d1
        .prepare(
          `UPDATE drafts SET status = ?3, status_reason = ?4, scheduled_at = ?8, platform = ?5,
             current_version = ?6, updated_at = ?7, language = ?9
           WHERE id = ?1 AND status = ?2 AND deleted_at IS NULL`,
        )
        .bind(
          draft.id,
          draft.status,
          status,
          flagged > 0 ? reason("edited_needs_review", flagged) : EDITED_REASON,
          edit.platform,
          version,
          now,
          keepAt,
          // The post is in the language the physician wrote it in (reader lines follow it).
          textLanguage(edit.text),
        ),
      // Only when the compare-and-set above changed the draft (`changes()` is its row count).
      d1
        .prepare(
          `INSERT INTO draft_versions (draft_id, version, text, source, offline, created_by, check_mode, created_at, write_id)
           SELECT ?1, ?2, ?3, 'edited', 0, ?4, ?6, ?5, ?7 WHERE changes() = 1`,
        )
        .bind(draft.id, version, edit.text, edit.editedBy, now, "rules", writeId),
      // The edit is feedback on the draft; recorded in the same transaction, only with it.
      d1
        .prepare(
          `INSERT INTO feedback (draft_id, physician_id, kind, created_at)
           SELECT ?1, ?2, 'edited', ?3 WHERE changes() = 1`,
        )
        .bind(draft.id, draft.physicianId, now),
      ...claimStatements(
        d1,
        { draftId: draft.id, version, writeId },
        check.claims,
        evidence,
        markersIn(edit.text),
      ),
    ]);
  } catch (err) {
    // A concurrent edit took this version number first; the whole batch rolled back.
    if (isUniqueViolation(err, "draft_versions.draft_id, draft_versions.version")) return { kind: "already" };
    throw err;
  }
  if ((results[0]?.meta.changes ?? 0) !== 1) return changedMeanwhile(services, draft.id);
  return { kind: "ok", version };
}

/**
 * The voice score of the version an edit became (`saveEdit`'s `version`), written onto it
 * afterwards. It reads up to 300 of the physician's posts and builds their profile: work the
 * form's answer, which Slack waits at most 3 s for, should not wait for. Never throws:
 * without a score the card just shows none.
 */
export async function scoreEdit(
  services: Services,
  edit: { draftId: string; version: number; text: string; author: Physician },
): Promise<void> {
  const { draftId, version, text, author } = edit;
  try {
    const voice = await voiceQuietly(services, styleNamespaceOf(author), text);
    if (!voice) return;
    await services.db
      .update(draftVersions)
      .set({ voiceScore: voice.score, voiceReasons: voice.reasons })
      .where(
        and(
          eq(draftVersions.draftId, draftId),
          eq(draftVersions.version, version),
          isNull(draftVersions.voiceScore),
        ),
      );
  } catch (err) {
    services.log.warn("voice_score_failed", { error: errorMessage(err) });
  }
}

/** The current version's claims the check did not support, with who found them. */
async function previousFindings(services: Services, draft: Draft): Promise<CheckedClaim[]> {
  const rows = await services.db
    .select()
    .from(claims)
    .where(and(eq(claims.draftId, draft.id), eq(claims.version, draft.currentVersion)));
  return rows
    .filter((r) => r.verdict !== "supported")
    .map((r) => ({
      text: r.text,
      kind: "general",
      verdict: r.verdict,
      evidence: [],
      ...(r.note ? { note: r.note } : {}),
      source: r.source === "rules" ? "rules" : "llm",
    }));
}

/** The outcome for a draft whose status changed under a compare-and-set. */
async function changedMeanwhile(
  services: Services,
  draftId: string,
): Promise<Exclude<ActionOutcome, { kind: "ok" }>> {
  const current = await getDraft(services.db, draftId);
  if (!current) return { kind: "not_found" };
  if (!EDITABLE.includes(current.status)) return { kind: "invalid_state", status: current.status };
  return { kind: "already" };
}

/** Regenerate (ready / needs review) or Retry (failed): back on the generation queue. */
export async function requeueGeneration(
  services: Services,
  draft: Draft,
  owner: LimiterOwner,
  reason: "regenerate" | "retry",
  requestKey: string,
): Promise<ActionOutcome> {
  const allowed: DraftStatus[] = reason === "retry" ? ["failed"] : ["ready", "needs_review"];
  if (draft.status === "queued" || draft.status === "generating") return { kind: "already" };
  if (!allowed.includes(draft.status)) return { kind: "invalid_state", status: draft.status };
  const limit = await checkLimit(services.env, services.config, owner, "draft", requestKey);
  if (!limit.allowed) return { kind: "rate_limited", retryAfterS: Math.ceil(limit.retryAfterMs / 1000) };
  // Regenerate drafts anew; Retry repeats what failed (a pending quick edit stays).
  const ok = await transitionDraft(services.db, draft.id, draft.status, "queued", {
    statusReason: null,
    attempts: 0,
    ...(reason === "regenerate" ? { pendingRewrite: null } : {}),
  });
  if (!ok) return { kind: "already" };
  await enqueueGeneration(services, { type: "generate", draftId: draft.id, requestId: requestKey, reason });
  return { kind: "ok" };
}

export async function reject(services: Services, draft: Draft): Promise<ActionOutcome> {
  if (draft.status === "rejected") return { kind: "already" };
  if (!canTransition(draft.status, "rejected")) return { kind: "invalid_state", status: draft.status };
  if (!(await transitionDraft(services.db, draft.id, draft.status, "rejected"))) return { kind: "already" };
  await services.db
    .insert(feedback)
    .values({ draftId: draft.id, physicianId: draft.physicianId, kind: "rejected" });
  return { kind: "ok" };
}

/**
 * Removes a draft from App Home — not while a job is working on it (queued, generating,
 * publishing). The delete is a compare-and-set on the status read, so a draft that just
 * started publishing is not hidden mid-flight.
 */
export async function softDelete(services: Services, draft: Draft): Promise<ActionOutcome> {
  if (IN_FLIGHT_STATUSES.includes(draft.status)) return { kind: "invalid_state", status: draft.status };
  const deleted = await services.db
    .update(drafts)
    .set({ deletedAt: Date.now(), updatedAt: Date.now() })
    .where(and(eq(drafts.id, draft.id), eq(drafts.status, draft.status), isNull(drafts.deletedAt)))
    .returning({ id: drafts.id });
  if (deleted.length === 1) return { kind: "ok" };
  const current = await getDraft(services.db, draft.id);
  if (current && IN_FLIGHT_STATUSES.includes(current.status)) {
    return { kind: "invalid_state", status: current.status };
  }
  return { kind: "already" };
}
