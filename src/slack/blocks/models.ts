/**
 * View models for the Block Kit builders: plain data assembled by handlers and jobs from
 * D1, so builders stay pure functions (data in, blocks out) and are trivial to test.
 */
import type { DraftStatus, Language, Platform, VoiceReasonRow } from "../../db/schema";
import type { ReasonCode, RetryNote } from "../../db/status-reasons";
import type { QuickEdit } from "../../pipeline/rewrite";

export type Verdict = "supported" | "unsupported" | "contradicted";
export type CitationKind = "pubmed" | "knowledge" | "url";
export type PublicationStatus = "pending" | "publishing" | "published" | "failed" | "uncertain" | "waiting";

export interface CitationModel {
  /** The [n] shown in the text and the claim list. */
  number: number;
  kind: CitationKind;
  title: string;
  /** PMID for pubmed, chunk/document id for knowledge, the URL for url. */
  ref: string;
  url?: string | null;
}

export interface ClaimModel {
  ordinal: number;
  text: string;
  verdict: Verdict;
  note?: string | null;
  /** Why the rules did not accept it, already in the physician's language (mrkdwn). */
  reasons?: string[];
  citationNumbers: number[];
}

export interface PublicationModel {
  platform: Platform;
  status: PublicationStatus;
  url?: string | null;
  /** The reason in the physician's language (a refusal, an unconfirmed part, changed text). */
  error?: string | null;
  /** Waiting for a platform limit (its name, in the physician's language) until `until`. */
  delay?: { limit: string; until: number } | null;
  /** Published to the local outbox (development), not to the platform. */
  outbox?: boolean;
  /** Parts already live while the publication is not finished, 1-based, with their links. */
  liveParts?: { n: number; url: string | null }[];
}

export interface DraftCardModel {
  draftId: string;
  topic: string;
  platform: Platform;
  status: DraftStatus;
  /** Human reason for failed / needs_review / a note on the status. */
  statusReason?: string | null;
  /** The stored reason's code, when it is one (the card avoids saying a fact twice). */
  statusReasonCode?: ReasonCode | null;
  /** Why the last publish did not go through, when the draft came back to the physician. */
  publishProblem?: string | null;
  /** Queued again after a failed attempt: the next attempt, of how many, why, and when. */
  retry?: (RetryNote & { at: number | null }) | null;
  text: string;
  version: number;
  /** True when the offline drafter wrote it (no LLM key configured). */
  offline: boolean;
  /** Slack user id of the physician who ordered it. */
  orderedBy: string;
  scheduledAt?: number | null;
  /** IANA zone used to render times. */
  timezone: string;
  language: Language;
  claims: ClaimModel[];
  citations: CitationModel[];
  /** e.g. PubMed was unavailable and the draft rests on the knowledge base only. */
  evidenceNote?: string | null;
  publications: PublicationModel[];
  /** How the claims were checked; the card says when only the rules ran. */
  checkMode?: "llm" | "rules_only" | "rules" | null;
  /** The text's voice score against the physician's own posts, with what is furthest off. */
  voice?: { score: number; reasons: VoiceReasonRow[] } | null;
  /** Slack user id of whoever confirmed publishing this version despite unresolved claims. */
  reviewedBy?: string | null;
  /** PMIDs/DOIs in the text that were never retrieved: publishing is blocked. */
  blockingCitations?: string[];
  /** A safe-messaging topic (suicide, self-harm, overdose). */
  safeMessaging?: boolean;
  /** Length as the platform counts it (X: weighted) and the platform's limit. */
  charCount: number;
  charLimit: number;
  /** Number of posts when the text is published as a thread. */
  threadParts: number;
  /** Versions the draft has (earlier ones can be viewed and restored). */
  versionCount?: number;
  /**
   * Where Publish posts: the account's name (null: none available), and whether that account
   * must be reconnected first (the card offers Reconnect).
   */
  destination?: { label: string | null; reconnect: boolean };
}

export type ProgressStage = "style" | "evidence" | "drafting" | "checking" | "fitting";
/** `review`: the stage finished with something for the physician to look at (claims). */
export type StageState = "pending" | "running" | "done" | "skipped" | "failed" | "review";

export interface ProgressModel {
  draftId: string;
  topic: string;
  platform: Platform;
  orderedBy: string;
  language: Language;
  /** What the stage's number counts depends on the stage (examples, sources, claims, posts). */
  stages: { stage: ProgressStage; state: StageState; count?: number | undefined }[];
  /** This is a later attempt: the previous one failed. */
  retry?: RetryNote | null;
  /** A quick edit the physician asked for (the heading says which). */
  rewrite?: QuickEdit | null;
}

export interface FailureCardModel {
  draftId: string;
  topic: string;
  platform: Platform;
  orderedBy: string;
  language: Language;
  /** Human reason; never a stack trace or a token. */
  reason: string;
}

export interface HomeDraftRow {
  id: string;
  topic: string;
  platform: Platform;
  status: DraftStatus;
  createdAt: number;
  scheduledAt?: number | null;
  /** When it last changed (a published draft: when it went out). */
  updatedAt?: number | null;
  /** The live post, for a published draft. */
  url?: string | null;
}

/** App Home groups drafts by what they need from the physician. */
export type HomeSection =
  | "needs_review"
  | "failed"
  | "ready"
  | "scheduled"
  | "working"
  | "published"
  | "rejected";

export interface HomeSectionModel {
  section: HomeSection;
  /** Drafts in the section (the rows are one page of them). */
  total: number;
  /** 0-based page. */
  page: number;
  rows: HomeDraftRow[];
}

export interface HomeModel {
  language: Language;
  timezone: string;
  defaultPlatform: Platform;
  /** Empty when Slack has not told us the physician's name yet. */
  displayName: string;
  sections: HomeSectionModel[];
  /** Your accounts; absent in views built before the section existed (tests of other parts). */
  accounts?: HomeAccountsModel;
  /** What the physician's edits taught; absent in views of tests of other parts. */
  preferences?: HomePreference[];
}

export interface HomePreference {
  id: number;
  kind: string;
  data: Record<string, string | number>;
  count: number;
}

export interface HomeAccountRow {
  platform: Platform;
  /** The physician's own account, if connected. */
  own?: {
    handle: string;
    url: string | null;
    needsReconnect: boolean;
    why: string | null;
    scheduled: number;
  };
  /** Where posts go without one (the clinic's account, the local outbox), if anywhere. */
  fallback: string | null;
}

export interface HomeAccountsModel {
  rows: HomeAccountRow[];
  /** Telegram channels the physician's bot added, not yet connected. */
  offered: { chatId: string; title: string }[];
}
