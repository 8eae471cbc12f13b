/**
 * What a physician can do to a draft from Slack. Each action checks ownership, then makes
 * its status change as a compare-and-set, so a double click or a stale card loses the
 * race and does nothing twice. Returns an outcome; the caller turns it into Slack text.
 */
import { and, eq } from "drizzle-orm";
import { addDraftVersion, getDraft, transitionDraft } from "../../db/drafts";
import { canTransition } from "../../db/lifecycle";
import {
  type Draft,
  type DraftStatus,
  drafts,
  feedback,
  type Physician,
  type Platform,
  publications,
} from "../../db/schema";
import { checkLimit } from "../../durable/limits";
import type { Services } from "../../services";
import { enqueueGeneration } from "./order-draft";

export type ActionOutcome =
  | { kind: "ok" }
  | { kind: "not_found" }
  | { kind: "not_owner" }
  | { kind: "invalid_state"; status: DraftStatus }
  | { kind: "already" }
  | { kind: "rate_limited"; retryAfterS: number };

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
  requestKey: string,
): Promise<ActionOutcome> {
  if (draft.status === "publishing" || draft.status === "published") return { kind: "already" };
  if (!PUBLISHABLE.includes(draft.status)) return { kind: "invalid_state", status: draft.status };
  const limit = await checkLimit(services.env, services.config, draft.physicianId, "publish", requestKey);
  if (!limit.allowed) return { kind: "rate_limited", retryAfterS: Math.ceil(limit.retryAfterMs / 1000) };
  if (!(await transitionDraft(services.db, draft.id, draft.status, "publishing", { statusReason: null }))) {
    return { kind: "already" };
  }
  await services.db
    .insert(publications)
    .values({ draftId: draft.id, platform: draft.platform, status: "pending" })
    .onConflictDoNothing();
  try {
    await services.env.PUBLISH_QUEUE.send({
      type: "publish",
      draftId: draft.id,
      requestId: requestKey,
      platform: draft.platform,
    });
  } catch (err) {
    await transitionDraft(services.db, draft.id, "publishing", "ready", {
      statusReason: "Publishing could not be queued. Try again.",
    });
    throw err;
  }
  return { kind: "ok" };
}

export async function schedule(services: Services, draft: Draft, at: number): Promise<ActionOutcome> {
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
    statusReason: null,
  });
  return ok ? { kind: "ok" } : { kind: "already" };
}

/** Saves an edit as a new version. A "needs review" draft the physician rewrote is theirs: ready. */
export async function saveEdit(
  services: Services,
  draft: Draft,
  edit: { text: string; platform: Platform; editedBy: string },
): Promise<ActionOutcome> {
  if (!EDITABLE.includes(draft.status)) return { kind: "invalid_state", status: draft.status };
  await addDraftVersion(services.db, draft.id, edit.text, "edited", { createdBy: edit.editedBy });
  await services.db
    .update(drafts)
    .set({ platform: edit.platform, updatedAt: Date.now() })
    .where(eq(drafts.id, draft.id));
  if (draft.status === "needs_review") {
    await transitionDraft(services.db, draft.id, "needs_review", "ready", {
      statusReason: "Edited by you; claims were not re-checked.",
    });
  }
  await services.db
    .insert(feedback)
    .values({ draftId: draft.id, physicianId: draft.physicianId, kind: "edited" });
  return { kind: "ok" };
}

/** Regenerate (ready / needs review) or Retry (failed): back on the generation queue. */
export async function requeueGeneration(
  services: Services,
  draft: Draft,
  reason: "regenerate" | "retry",
  requestKey: string,
): Promise<ActionOutcome> {
  const allowed: DraftStatus[] = reason === "retry" ? ["failed"] : ["ready", "needs_review"];
  if (draft.status === "queued" || draft.status === "generating") return { kind: "already" };
  if (!allowed.includes(draft.status)) return { kind: "invalid_state", status: draft.status };
  const limit = await checkLimit(services.env, services.config, draft.physicianId, "draft", requestKey);
  if (!limit.allowed) return { kind: "rate_limited", retryAfterS: Math.ceil(limit.retryAfterMs / 1000) };
  const ok = await transitionDraft(services.db, draft.id, draft.status, "queued", {
    statusReason: null,
    attempts: 0,
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

/** Removes a draft from App Home. Not while it is being published. */
export async function softDelete(services: Services, draft: Draft): Promise<ActionOutcome> {
  if (draft.status === "publishing") return { kind: "invalid_state", status: draft.status };
  await services.db
    .update(drafts)
    .set({ deletedAt: Date.now(), updatedAt: Date.now() })
    .where(eq(drafts.id, draft.id));
  return { kind: "ok" };
}
