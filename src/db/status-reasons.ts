/**
 * Why a draft is in its status, stored language-neutral: `reason:<code>` plus an optional
 * detail (a count, a platform's own error text). The card renders it in the physician's
 * language through the lexicon, so a Ukrainian physician never reads English reasons.
 */
export const REASON_CODES = [
  "edited",
  "edited_checked",
  "edited_needs_review",
  "claims_need_review",
  "scheduled_unreviewed",
  "review_required",
  "generation_failed",
  "generation_exhausted",
  "generation_stuck",
  /** Queued again after a failed attempt (detail: "next/max:cause", cause `llm` or `service`). */
  "generation_retrying",
  "llm_rejected",
  "no_llm",
  "not_queued",
  "publish_refused",
  "publish_exhausted",
  "publish_stuck",
  "publish_not_queued",
  /** Publication rows: waiting for a platform limit (detail: the limit's code). */
  "publish_delayed",
  /** Publication rows: a part may be live (detail: "part/total"); the physician checks. */
  "publish_uncertain",
  /** Publication rows: parts are live and the text changed (detail: live part count). */
  "publish_changed",
  /** Publication rows: the physician stopped a half-posted thread (detail: live part count). */
  "publish_stopped",
  /** A scheduled post more than the allowed lateness late (detail: minutes late). */
  "scheduled_missed",
  /** A scheduled post whose physician is no longer allowed to use the app. */
  "scheduled_not_allowed",
  /** A scheduled post whose account the physician disconnected (detail: the account). */
  "scheduled_account_gone",
  /** The physician restored an earlier version (detail: its number). */
  "restored",
  "upload_unreadable",
  "upload_exhausted",
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

const PREFIX = "reason:";

/** Encodes a reason for `drafts.status_reason`. */
export function reason(code: ReasonCode, detail?: string | number): string {
  return detail === undefined || detail === "" ? `${PREFIX}${code}` : `${PREFIX}${code}|${detail}`;
}

export type ParsedReason = { code: ReasonCode; detail?: string } | { text: string };

/** Decodes a stored reason; text that is not a code (older rows) is returned as text. */
export function parseReason(stored: string): ParsedReason {
  if (!stored.startsWith(PREFIX)) return { text: stored };
  const body = stored.slice(PREFIX.length);
  const bar = body.indexOf("|");
  const code = bar >= 0 ? body.slice(0, bar) : body;
  const detail = bar >= 0 ? body.slice(bar + 1) : undefined;
  if (!isReasonCode(code)) return { text: stored };
  return detail === undefined ? { code } : { code, detail };
}

function isReasonCode(code: string): code is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(code);
}

/** What made a generation attempt fail and be retried. */
export type RetryCause = "llm" | "service";

/** A generation queued again: the attempt that comes next, of how many, and why. */
export interface RetryNote {
  attempt: number;
  max: number;
  cause: RetryCause;
}

export function retryReason(note: RetryNote): string {
  return reason("generation_retrying", `${note.attempt}/${note.max}:${note.cause}`);
}

export function parseRetry(stored: string | null): RetryNote | undefined {
  if (!stored) return undefined;
  const parsed = parseReason(stored);
  if (!("code" in parsed) || parsed.code !== "generation_retrying") return undefined;
  const m = /^(\d+)\/(\d+):(llm|service)$/.exec(parsed.detail ?? "");
  if (!m) return undefined;
  return { attempt: Number(m[1]), max: Number(m[2]), cause: m[3] === "llm" ? "llm" : "service" };
}

/**
 * Reasons that mean a publish did not go through and the draft came back to the physician:
 * the card says "not published because…" instead of "ready", and App Home lists it as failed.
 */
export const PUBLISH_PROBLEM_CODES: readonly ReasonCode[] = [
  "publish_refused",
  "publish_exhausted",
  "publish_stuck",
  "publish_not_queued",
  "scheduled_missed",
  "scheduled_not_allowed",
  "scheduled_account_gone",
];

/**
 * The reason to keep when the physician schedules (or un-schedules) a draft: a note on the
 * text stays (edited, reviewed), the news of an earlier failed publish does not.
 */
export function withoutPublishProblem(stored: string | null): string | null {
  if (!stored) return null;
  const parsed = parseReason(stored);
  return "code" in parsed && PUBLISH_PROBLEM_CODES.includes(parsed.code) ? null : stored;
}
