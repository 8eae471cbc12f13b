/**
 * The draft status lifecycle. Every status change goes through `assertTransition`, and the
 * database write is a compare-and-set on the previous status, so a double click or an
 * overlapping cron run loses the race visibly instead of publishing twice.
 *
 *   queued → generating → ready | needs_review → (scheduled →) publishing → published
 *   any live state → failed | rejected;  failed → queued (retry)
 *   publishing → ready | needs_review (publishing failed for good: back to the physician)
 *   publishing → scheduled (a scheduled draft whose publish job could not be queued)
 */
import { InvalidTransitionError } from "../lib/errors";
import type { DraftStatus } from "./schema";

const TRANSITIONS: Record<DraftStatus, readonly DraftStatus[]> = {
  queued: ["generating", "failed", "rejected"],
  // generating → queued: a stuck or retried attempt is put back on the queue.
  generating: ["ready", "needs_review", "failed", "queued"],
  ready: ["publishing", "scheduled", "rejected", "queued", "needs_review"],
  needs_review: ["publishing", "scheduled", "rejected", "queued", "ready"],
  scheduled: ["publishing", "ready", "needs_review", "rejected"],
  // publishing → ready | needs_review: the platform refused or retries ran out; the draft
  // stays editable and re-publishable, and unsupported claims still need review.
  // publishing → scheduled: the job could not be queued; the cron tries again.
  publishing: ["published", "failed", "ready", "needs_review", "scheduled"],
  failed: ["queued", "rejected"],
  published: [],
  rejected: [],
};

export function canTransition(from: DraftStatus, to: DraftStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws `InvalidTransitionError` unless `from → to` is allowed. */
export function assertTransition(from: DraftStatus, to: DraftStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/** Statuses in which nothing further happens to a draft. */
export const TERMINAL_STATUSES: readonly DraftStatus[] = ["published", "rejected"];

/** Statuses in which a job is (or should be) working on the draft. */
export const IN_FLIGHT_STATUSES: readonly DraftStatus[] = ["queued", "generating", "publishing"];

/**
 * Where a draft goes when its text changes under the physician's hand (an edit, a restored
 * version): to review when claims are flagged; a clean text keeps a schedule still ahead;
 * otherwise ready. `scheduledAt` is the time kept (null when the schedule is dropped).
 */
export function statusAfterTextChange(
  draft: { status: DraftStatus; scheduledAt: number | null },
  flagged: number,
  now = Date.now(),
): { status: DraftStatus; scheduledAt: number | null } {
  const keepAt =
    draft.status === "scheduled" && flagged === 0 && (draft.scheduledAt ?? 0) > now + 60_000
      ? draft.scheduledAt
      : null;
  const status: DraftStatus = flagged > 0 ? "needs_review" : keepAt !== null ? "scheduled" : "ready";
  if (draft.status !== status) assertTransition(draft.status, status);
  return { status, scheduledAt: keepAt };
}
