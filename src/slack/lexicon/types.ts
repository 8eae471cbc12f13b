/**
 * The shape of every user-facing string in the app, one implementation per language
 * (`en.ts`, `uk.ts`). Two kinds of text live here:
 * - plain_text (buttons, modal titles/labels/placeholders, option names, confirm dialogs):
 *   shown verbatim by Slack, never parsed — static strings only.
 * - mrkdwn (replies, card lines, home lines): functions escape every value they interpolate
 *   (topics, reasons, names), so callers pass RAW values. The only exception is
 *   `card.orderedBy`, which takes a ready-made mention from `userMention()`.
 */

import type { DraftStatus, Language, Platform, VersionSource } from "../../db/schema";
import type { ReasonCode, RetryCause } from "../../db/status-reasons";
import type { QuickEdit } from "../../pipeline/rewrite";
import type { CrisisCountry } from "../../pipeline/safe-messaging";
import type { EvidenceNote } from "../../pipeline/stages/evidence";
import type { ReasonCode as CheckReasonCode } from "../../pipeline/types";
import type { RefusalCause } from "../../publishers/refusal";
import type { RateScope } from "../../publishers/types";
import type { HomeSection, ProgressStage, PublicationStatus, StageState, Verdict } from "../blocks/models";

export interface ConfirmTexts {
  /** ≤ 100 chars. */
  title: string;
  /** ≤ 300 chars. */
  text: string;
  /** ≤ 30 chars. */
  confirm: string;
  /** ≤ 30 chars. */
  deny: string;
}

/** Title and submit label: ≤ 24 chars each (Slack and the fake reject longer). */
export interface ModalFrame {
  title: string;
  submit: string;
}

/** Platform limits a post can wait for. */
export type RateLimitCode = RateScope["limit"];

export interface Lexicon {
  /** BCP 47 locale for Intl. */
  locale: string;
  platform: Record<Platform, string>;
  /** Language names, each in its own language (for the settings select). */
  language: Record<Language, string>;
  /** The voice score on the card, and what the physician's edits taught (App Home). */
  voice: {
    /** "Voice 82/100" (static text around the number). */
    score: (p: { score: number }) => string;
    /** One of the (at most two) features furthest from the physician's own posts. */
    reason: (p: { feature: string; direction: string; ratio?: number | undefined }) => string;
    preferencesHeader: string;
    preferencesIntro: string;
    preferencesEmpty: string;
    /** A learned preference, addressed to the physician (mrkdwn; their words escaped). */
    preference: (p: { kind: string; data: Record<string, string | number>; count: number }) => string;
    deletePreference: string;
  };
  /** Safe-messaging topics (suicide, self-harm, overdose). */
  safety: {
    /** The card's mark on such a draft (mrkdwn, static). */
    cardMark: string;
  };
  /**
   * Lines published under a post for its readers. PLAIN text, not mrkdwn: values are
   * interpolated as given and the publisher escapes the result for Telegram HTML.
   */
  readerLines: {
    sourcesHeading: string;
    /** A national crisis line: service name and phone number. */
    crisis: (p: { service: string; phone: string }) => string;
    /** No line configured and no country known. */
    crisisGeneric: string;
  };
  /** Settings modal: country, crisis-resource line, per-platform disclaimers (plain_text). */
  settingsExtra: {
    countryLabel: string;
    countryPlaceholder: string;
    countryHint: string;
    countries: Record<CrisisCountry, string>;
    countryOther: string;
    crisisLineLabel: string;
    crisisLinePlaceholder: string;
    crisisLineHint: string;
    disclaimerLabel: Record<Platform, string>;
    disclaimerHint: string;
    /** Validation errors under the inputs (plain text). */
    crisisLineTooLong: (p: { max: number }) => string;
    crisisLineNoContact: string;
    disclaimerTooLong: (p: { max: number }) => string;
  };
  /** The claim check on the card, and reviewing a draft before it may be published. */
  check: {
    /** Why the rules did not accept a claim (mrkdwn; `detail` is escaped by the lexicon). */
    reasons: Record<CheckReasonCode, (p: { detail: string }) => string>;
    /** Context line when the LLM check failed and only the rules ran. */
    rulesOnly: string;
    /** Context line on a physician's edit: re-checked by the rules, no LLM. */
    rulesEdit: string;
    /** Citations that block publishing until removed (mrkdwn). */
    blocked: (p: { citations: string }) => string;
    /** A confirmed review on a scheduled or ready card. */
    reviewedBy: (p: { mention: string; count: number }) => string;
    /** plain_text button label. */
    reviewButton: string;
    modal: ModalFrame & {
      intro: (p: { count: number }) => string;
      blockedIntro: (p: { citations: string }) => string;
      ackLabel: string;
      /** ≤ 75 chars (a checkbox option). */
      ackOption: (p: { count: number }) => string;
      ackHint: string;
      whenLabel: string;
      whenNow: string;
      whenSchedule: string;
      dateLabel: string;
      timeLabel: string;
      timezoneHint: (p: { timezone: string }) => string;
    };
    reply: {
      /** A Publish/Schedule click on a draft that needs review opens the review instead. */
      reviewFirst: string;
      ackMissing: string;
      changed: string;
      blocked: (p: { citations: string }) => string;
      scheduleMissing: string;
    };
  };
  status: Record<DraftStatus, string>;
  statusEmoji: Record<DraftStatus, string>;
  verdict: Record<Verdict, string>;
  verdictEmoji: Record<Verdict, string>;
  publication: Record<PublicationStatus, string>;
  /** Publishing that needs the physician: limits, unconfirmed parts, changed text, schedule. */
  publishing: {
    limit: Record<RateLimitCode, string>;
    /** A post waiting for a platform limit to reset. */
    delayed: (p: { limit: string; when: string }) => string;
    /** "part 2" — a link label in the list of live parts. */
    part: (p: { n: number }) => string;
    liveParts: (p: { links: string }) => string;
    /** Published into the local outbox (development without platform credentials). */
    outbox: (p: { platform: Platform }) => string;
    button: {
      confirmLive: string;
      sendAgain: string;
      continueThread: string;
      newThread: string;
      stop: string;
      reschedule: string;
      cancelSchedule: string;
      preview: string;
    };
    confirmStop: { title: string; text: string; confirm: string; deny: string };
    confirmCancelSchedule: { title: string; text: string; confirm: string; deny: string };
    preview: {
      title: string;
      /** "Part 2 of 3 · 271/280" */
      partHeading: (p: { n: number; total: number; length: number; limit: number }) => string;
    };
  };
  stage: Record<Exclude<ProgressStage, "fitting">, string> & {
    fitting: (p: { platform: Platform }) => string;
  };
  stageMark: Record<StageState, string>;
  /** Earlier versions of a draft (the card's menu and the versions modal). */
  versions: {
    /** plain_text overflow options (≤ 75 chars). */
    menuOption: string;
    previewOption: string;
    /** Modal title, ≤ 24 chars. */
    title: string;
    heading: (p: { version: number; current: boolean }) => string;
    source: Record<VersionSource, string>;
    /** plain_text button. */
    restore: string;
    /** Under the list: restoring keeps every version (mrkdwn, static). */
    note: string;
  };
  /** One-tap rewrites on the card (plain_text select; options ≤ 75 chars). */
  quickEdit: {
    placeholder: string;
    option: Record<QuickEdit, string>;
    /** The translate option names where it goes. */
    translateTo: Record<Language, string>;
  };
  /** A platform's refusal as a cause the physician can act on (plain text, one clause). */
  refusal: Record<RefusalCause, (p: { platform: Platform }) => string>;
  /** What to do about it (plain text, a sentence). */
  refusalNextStep: Record<RefusalCause, string>;
  /** Button labels (plain_text, ≤ 75 chars). */
  button: {
    publish: string;
    publishNow: string;
    schedule: string;
    edit: string;
    regenerate: string;
    reject: string;
    retry: string;
    open: string;
    delete: string;
    newDraft: string;
    manualPost: string;
    uploadGuideline: string;
    settings: string;
    previous: string;
    next: string;
  };
  confirm: { reject: ConfirmTexts; delete: ConfirmTexts };
  modal: {
    /** Close/cancel label of form modals. */
    cancel: string;
    /** Close label of the read-only draft view. */
    close: string;
    platformPlaceholder: string;
    generate: ModalFrame & {
      topicLabel: string;
      topicPlaceholder: string;
      platformLabel: string;
      sourceUrlLabel: string;
      sourceUrlPlaceholder: string;
      sourceUrlHint: string;
      languageLabel: string;
      /** The default choice: the topic's language, else the physician's. */
      languageAuto: string;
    };
    edit: ModalFrame & {
      textLabel: string;
      /** What saving does: a new version; claims are re-checked only by Regenerate. */
      textHint: string;
      /** The second text input, for the rest of a post longer than one input. */
      textMoreLabel: string;
      textMoreHint: string;
      platformLabel: string;
    };
    schedule: ModalFrame & {
      dateLabel: string;
      timeLabel: string;
      timezoneHint: (p: { timezone: string }) => string;
    };
    manualPost: ModalFrame & {
      textLabel: string;
      textPlaceholder: string;
      platformLabel: string;
      dateLabel: string;
      timeLabel: string;
      whenHint: (p: { timezone: string }) => string;
    };
    uploadGuideline: ModalFrame & { intro: string; fileLabel: string; fileHint: string };
    settings: ModalFrame & {
      platformLabel: string;
      languageLabel: string;
      timezoneLabel: string;
      timezonePlaceholder: string;
      timezoneHint: string;
    };
    viewDraft: { title: string };
  };
  /** Ephemeral replies to the slash command, buttons and modal submissions (mrkdwn). */
  reply: {
    help: string;
    accepted: (p: { topic: string; platform: Platform; language: Language }) => string;
    topicTooLong: (p: { max: number; length: number }) => string;
    topicMissing: string;
    unknownPlatform: (p: { given: string }) => string;
    invalidUrl: string;
    rateLimited: (p: { retryAfterSeconds: number }) => string;
    notAllowed: string;
    alreadyReceived: string;
    notOwner: string;
    invalidState: (p: { status: DraftStatus }) => string;
    alreadyPublishing: string;
    /** Publish pressed on a draft that is already out (an old card, a second click). */
    alreadyPublished: string;
    /** A quick edit that needs the language model, where none is connected. */
    quickEditNeedsModel: string;
    /** A quick edit done without a model that would change nothing (the text is already short). */
    quickEditNoChange: string;
    scheduleInPast: string;
    scheduleInvalid: string;
    /** A wall-clock time skipped by a daylight-saving change in the physician's zone. */
    scheduleNoSuchTime: (p: { timezone: string }) => string;
    draftNotFound: string;
    textEmpty: string;
    textTooLong: (p: { max: number }) => string;
    timezoneInvalid: string;
    fileTooLarge: (p: { maxMb: number }) => string;
    fileWrongType: (p: { allowed: string }) => string;
    fileNameInvalid: string;
    fileMissing: string;
    uploadQueued: (p: { name: string }) => string;
    uploadDone: (p: { name: string; chunks: number }) => string;
    uploadFailed: (p: { name: string; reason: string }) => string;
    publishQueued: (p: { platform: Platform }) => string;
    scheduled: (p: { when: string }) => string;
    rejected: string;
    deleted: string;
    regenerating: string;
    retrying: string;
    settingsSaved: string;
    /** No details, ever: the details go to the logs. */
    genericError: string;
  };
  /** The draft card (mrkdwn unless noted). */
  /** Status reasons stored as codes (`src/db/status-reasons.ts`); plain text, escaped by the card. */
  reason: Record<ReasonCode, (detail: string) => string>;
  card: {
    fallback: (p: { topic: string; platform: Platform; status: DraftStatus }) => string;
    offlineDraftLabel: string;
    orderedBy: (p: { mention: string }) => string;
    version: (p: { version: number }) => string;
    /** One post: "251/280 characters". */
    length: (p: { count: number; limit: number }) => string;
    /** A thread: "3 posts · longest 251/280". */
    threadLength: (p: { parts: number; longest: number; limit: number }) => string;
    overLimit: string;
    evidenceNote: (p: { note: string }) => string;
    /** Plain sentences for the evidence note codes the pipeline stores on a draft. */
    evidenceNotes: Record<EvidenceNote, string>;
    /** Every checked claim backed by a source: the claims section collapsed to one line. */
    claimsClean: (p: { count: number }) => string;
    /** Claims, but no evidence was found to check them against (replaces `no_evidence`). */
    claimsUnchecked: (p: { count: number }) => string;
    noClaims: string;
    /** No claims were checked separately, but the text cites the numbered sources. */
    noClaimsCited: string;
    sourcesHeading: string;
    /** Marks a source from the curated knowledge base (no public link). */
    knowledgeSource: string;
    claimsHeading: string;
    /** "+N more" after a shortened list. */
    more: (p: { count: number }) => string;
    /** Verdict details left out to stay inside Slack's limits. */
    detailsCollapsed: (p: { count: number }) => string;
    textShortened: string;
    emptyText: string;
    publicationsHeading: string;
    viewPost: string;
    publicationFailed: (p: { platform: Platform; error: string }) => string;
    publicationPending: (p: { platform: Platform; status: PublicationStatus }) => string;
    publicationDone: (p: { platform: Platform }) => string;
    statusQueued: string;
    statusGenerating: string;
    /** `reason`: a note on the ready draft, e.g. that an edit was not re-checked. */
    statusReady: (p: { reason: string | null }) => string;
    /** `open` of `total` claims are not backed; `reason`: a note, e.g. that it was edited. */
    statusNeedsReview: (p: { open: number; total: number; reason: string | null }) => string;
    /** Queued again after a failed attempt: which attempt comes next, why, and when. */
    statusRetrying: (p: { attempt: number; max: number; cause: RetryCause; when: string | null }) => string;
    statusScheduled: (p: { when: string }) => string;
    statusPublishing: string;
    /** Followed by the links to the published posts. */
    statusPublished: string;
    /** `reason` is a whole sentence: what failed, that nothing went out, what to do. */
    statusFailed: (p: { reason: string | null }) => string;
    /** A publish that did not go through, on a draft that can be published again. */
    statusNotPublished: (p: { reason: string }) => string;
    statusRejected: string;
  };
  progress: {
    fallback: (p: { topic: string }) => string;
    heading: (p: { platform: Platform }) => string;
    /** The heading while a quick edit runs; `edit` is the option's label. */
    rewriting: (p: { edit: string }) => string;
    /** Under the heading while a later attempt runs. */
    retrying: (p: { attempt: number; max: number; cause: RetryCause }) => string;
    /** What each stage's number counts. */
    detail: {
      styleFound: (p: { count: number }) => string;
      styleNone: string;
      styleSkipped: string;
      evidenceFound: (p: { count: number }) => string;
      evidenceNone: string;
      checkClean: (p: { count: number }) => string;
      checkNone: string;
      checkReview: (p: { count: number }) => string;
      fitParts: (p: { count: number }) => string;
    };
  };
  /** Why the last attempt failed, in plain words ("the language model did not answer"). */
  retryCause: Record<RetryCause, string>;
  failure: {
    fallback: (p: { topic: string }) => string;
  };
  home: {
    /** plain_text header, ≤ 150 chars. */
    header: string;
    /** `name` is empty until Slack has told us the physician's name. */
    greeting: (p: { name: string }) => string;
    /** How many drafts wait for the physician (needs review + failed); 0 says all is well. */
    needsYou: (p: { count: number }) => string;
    settingsSummary: (p: { platform: Platform; language: Language; timezone: string }) => string;
    /** plain_text headers with the section's count. */
    sectionHeading: Record<HomeSection, (p: { count: number }) => string>;
    empty: string;
    created: (p: { when: string }) => string;
    scheduledFor: (p: { when: string }) => string;
    publishedOn: (p: { when: string }) => string;
    notWritten: string;
    notPublished: string;
    /** Publishing stopped to ask the physician something (an unconfirmed part, changed text). */
    awaitingAnswer: string;
    /** "6–10 of 12" under a section with more than one page. */
    showing: (p: { from: number; to: number; total: number }) => string;
    /** plain_text overflow option (≤ 75 chars); opens a confirmation. */
    deleteOption: string;
    cancelScheduleOption: string;
  };
  /** App Home's "Your accounts" and what its buttons open. Values are escaped mrkdwn. */
  accounts: {
    /** plain_text header. */
    header: string;
    /** The platform's line: its own account, or where posts go without one. */
    own: (p: { platform: Platform; handle: string }) => string;
    /** The label of the account's link (its profile or channel). */
    profile: string;
    needsReconnect: (p: { platform: Platform; handle: string; why: string }) => string;
    viaClinic: (p: { platform: Platform; label: string }) => string;
    none: (p: { platform: Platform }) => string;
    offered: (p: { title: string }) => string;
    connect: string;
    reconnect: string;
    test: string;
    disconnect: string;
    useChannel: string;
    /** plain_text confirm dialog; `scheduled` posts would lose their account. */
    disconnectConfirm: (p: { handle: string; scheduled: number }) => {
      title: string;
      text: string;
      confirm: string;
      deny: string;
    };
    continueTo: (p: { platform: Platform }) => string;
    oauthSteps: (p: { platform: Platform }) => string;
    oauthOff: (p: { platform: Platform }) => string;
    telegramSteps: (p: { code: string; bot: string | null }) => string;
    openBot: string;
    telegramOff: string;
    connected: (p: { handle: string }) => string;
    notOffered: string;
    cannotPost: (p: { title: string }) => string;
    tested: (p: { handle: string }) => string;
    testFailed: (p: { handle: string; why: string }) => string;
    disconnected: (p: { platform: Platform; handle: string }) => string;
    /** The card's line: where Publish will post. */
    cardTarget: (p: { handle: string }) => string;
    cardNoTarget: (p: { platform: Platform }) => string;
    /** DM: a Threads token could not be renewed and stops working at `when`. */
    expiring: (p: { handle: string; when: string }) => string;
    /** DM after an OAuth connection (so one made through a passed-on link is seen). */
    connectedDm: (p: { platform: Platform; handle: string }) => string;
    /** DM: Threads refused to renew the token (the physician removed the app). */
    revoked: (p: { handle: string }) => string;
  };
}
