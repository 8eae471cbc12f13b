/**
 * Why a platform refused a post, as a cause the physician can act on. The platform's own
 * words stay in the publication row (`last_error`), the logs and the admin API; the draft
 * stores `platform:cause:live/total` (`publish_refused`) and the card renders it as one
 * plain sentence in the physician's language.
 */
import { PLATFORMS, type Platform } from "../db/schema";

export const REFUSAL_CAUSES = [
  /** No account is set up for the platform. */
  "not_configured",
  /** The platform refused our token or keys (401, an expired token, app permissions). */
  "credentials",
  /** The physician's own account was revoked or expired: they reconnect it in App Home. */
  "reconnect",
  /** The bot may not post where it was told to (chat not found, not an administrator). */
  "destination",
  /** The exact text is already on the account. */
  "duplicate",
  /** The platform refused the text itself: formatting, length, content rules. */
  "content",
  /** An answer we could not read: whether the post went out is unknown. */
  "unreadable",
  /** Anything else the platform refused. */
  "other",
] as const;

export type RefusalCause = (typeof REFUSAL_CAUSES)[number];

export interface Refusal {
  platform: Platform;
  cause: RefusalCause;
  /** Parts already live when it stopped, and the thread's size. */
  live: number;
  total: number;
}

export function encodeRefusal(r: Refusal): string {
  return `${r.platform}:${r.cause}:${r.live}/${r.total}`;
}

/** Undefined for details stored before causes existed (free text): shown as they are. */
export function decodeRefusal(detail: string): Refusal | undefined {
  const m = /^([a-z]+):([a-z_]+):(\d+)\/(\d+)$/.exec(detail);
  if (!m) return undefined;
  const [, platform, cause, live, total] = m;
  if (!isPlatform(platform) || !isCause(cause)) return undefined;
  return { platform, cause, live: Number(live), total: Number(total) };
}

function isPlatform(value: string | undefined): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value ?? "");
}

function isCause(value: string | undefined): value is RefusalCause {
  return (REFUSAL_CAUSES as readonly string[]).includes(value ?? "");
}

/**
 * A refused publication's `last_error`: the cause in brackets, then the platform's own
 * words (for admins and logs) — "[credentials] X rejected the credentials: …". The publish
 * sweeper reads the cause back when it hands a draft back after a crash.
 */
export function refusalNote(cause: RefusalCause, message: string): string {
  return `[${cause}] ${message}`;
}

/** The cause of a `refusalNote`; undefined for rows written before causes were stored. */
export function refusalCauseOf(lastError: string | null): RefusalCause | undefined {
  const m = /^\[([a-z_]+)\] /.exec(lastError ?? "");
  return m?.[1] && isCause(m[1]) ? m[1] : undefined;
}
