/**
 * D1 schema (drizzle). One physician row per Slack user; everything a physician owns hangs
 * off `physicians.id`, so several physicians share one deployment without seeing each
 * other's drafts, posts or limits.
 *
 * Times are epoch milliseconds (integers) — sortable, time-zone free; the physician's IANA
 * zone is applied only when rendering.
 */
import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const LANGUAGES = ["en", "uk"] as const;
export const PLATFORMS = ["telegram", "x", "threads"] as const;
export const DRAFT_STATUSES = [
  "queued",
  "generating",
  "ready",
  "needs_review",
  "scheduled",
  "publishing",
  "published",
  "failed",
  "rejected",
] as const;
export const VERSION_SOURCES = [
  "generated",
  "regenerated",
  "revised",
  "edited",
  "manual",
  "rewritten",
] as const;
export const VERDICTS = ["supported", "unsupported", "contradicted"] as const;
export const CITATION_KINDS = ["pubmed", "knowledge", "url"] as const;
/**
 * `uncertain`: an attempt sent a part and never learned whether it went out (a lost answer
 * that could not be reconciled); the physician confirms on the card. `waiting`: some parts
 * are live, the text changed since, and the physician chooses how to go on.
 */
export const PUBLICATION_STATUSES = [
  "pending",
  "publishing",
  "published",
  "failed",
  "uncertain",
  "waiting",
] as const;
export const COLLECTIONS = ["style", "guidelines"] as const;
export const JOB_KINDS = ["generate", "publish", "index"] as const;
export const JOB_STATUSES = ["running", "succeeded", "retrying", "failed"] as const;
/**
 * How a version's claims were checked: `llm` (LLM claims merged with the rules), `rules_only`
 * (the LLM check failed or timed out — the card says so), `rules` (offline drafting or a
 * physician's edit: rules by design, no LLM).
 */
export const CHECK_MODES = ["llm", "rules_only", "rules"] as const;
/** Topics that get safe-messaging rules (suicide, self-harm, overdose). */
export const SAFETY_TOPICS = ["safe_messaging"] as const;

/** A voice-score reason as stored: which feature, which way, how far (see voice/stylometry). */
export interface VoiceReasonRow {
  feature: string;
  direction: "more" | "less";
  ratio?: number;
}

const now = sql`(unixepoch('subsec') * 1000)`;

export const physicians = sqliteTable(
  "physicians",
  {
    id: text("id").primaryKey(),
    slackTeamId: text("slack_team_id").notNull(),
    slackUserId: text("slack_user_id").notNull(),
    displayName: text("display_name").notNull(),
    specialty: text("specialty").notNull().default("psychiatry"),
    language: text("language", { enum: LANGUAGES }).notNull().default("en"),
    timezone: text("timezone").notNull().default("UTC"),
    /** When the Slack profile (time zone, name) was read on first contact; null: not yet. */
    profileSyncedAt: integer("profile_synced_at"),
    defaultPlatform: text("default_platform", { enum: PLATFORMS }).notNull().default("telegram"),
    /**
     * Namespace of the physician's style index (their own posts). Defaults to their id;
     * an operator can point it at posts indexed from knowledge_base/ (see the index script).
     */
    styleNamespace: text("style_namespace"),
    /** ISO 3166-1 alpha-2; picks the default crisis-resource line on safe-messaging topics. */
    country: text("country"),
    /** The physician's own crisis-resource line; overrides the country default. */
    crisisLine: text("crisis_line"),
    /** Optional disclaimer line appended to published posts, per platform. */
    disclaimers: text("disclaimers", { mode: "json" }).$type<Partial<Record<Platform, string>>>(),
    /**
     * An admin allowed this physician to publish to the clinic's accounts (the global
     * settings) where they have none of their own; see CLINIC_ACCOUNTS.
     */
    clinicAccounts: integer("clinic_accounts", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("physicians_slack_user").on(t.slackTeamId, t.slackUserId)],
);

export const drafts = sqliteTable(
  "drafts",
  {
    id: text("id").primaryKey(),
    physicianId: text("physician_id")
      .notNull()
      .references(() => physicians.id),
    topic: text("topic").notNull(),
    platform: text("platform", { enum: PLATFORMS }).notNull(),
    sourceUrl: text("source_url"),
    status: text("status", { enum: DRAFT_STATUSES }).notNull().default("queued"),
    statusReason: text("status_reason"),
    currentVersion: integer("current_version").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    slackChannelId: text("slack_channel_id"),
    slackMessageTs: text("slack_message_ts"),
    scheduledAt: integer("scheduled_at"),
    /** Shown on the card: e.g. PubMed was unavailable and the draft rests on the knowledge base. */
    evidenceNote: text("evidence_note"),
    /** Set when the topic needs safe-messaging rules; the card marks it. */
    safety: text("safety", { enum: SAFETY_TOPICS }),
    /**
     * The generation attempt that holds the draft (`generating`) and until when: renewed
     * while it works; once expired the sweeper re-queues the draft, and only the holder's
     * writes land (a stale attempt that wakes up writes nothing).
     */
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
    /** A queued draft's retry is due then (the queue holds its delayed message until then). */
    retryAt: integer("retry_at"),
    /** A quick edit the physician asked for (shorter, simpler, …): the next generation rewrites. */
    pendingRewrite: text("pending_rewrite"),
    /**
     * The language the post is written in: chosen with the order (`/draft topic | x | en`,
     * the form) or resolved then from the topic and the physician's default. Null: a draft
     * from before per-draft languages (resolved the old way, from the topic).
     */
    language: text("language", { enum: LANGUAGES }),
    deletedAt: integer("deleted_at"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    index("drafts_physician_created").on(t.physicianId, t.createdAt),
    index("drafts_status_updated").on(t.status, t.updatedAt),
    index("drafts_status_scheduled").on(t.status, t.scheduledAt),
  ],
);

export const draftVersions = sqliteTable(
  "draft_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    draftId: text("draft_id")
      .notNull()
      .references(() => drafts.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    text: text("text").notNull(),
    source: text("source", { enum: VERSION_SOURCES }).notNull(),
    offline: integer("offline", { mode: "boolean" }).notNull().default(false),
    createdBy: text("created_by"),
    /** How this version's claims were checked (null: older rows, before the rules pass). */
    checkMode: text("check_mode", { enum: CHECK_MODES }),
    /** Who confirmed publishing this version despite unresolved claims, and when. */
    reviewedBy: text("reviewed_by"),
    reviewedAt: integer("reviewed_at"),
    /** Random id of the write that created the version: guards the rest of its transaction. */
    writeId: text("write_id"),
    /** Stylometric voice score 0–100 against the physician's own posts (null: too few to compare). */
    voiceScore: integer("voice_score"),
    /** The (at most two) features furthest from the physician's norm, for the card. */
    voiceReasons: text("voice_reasons", { mode: "json" }).$type<VoiceReasonRow[]>(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("draft_versions_draft_version").on(t.draftId, t.version)],
);

export const claims = sqliteTable(
  "claims",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    draftId: text("draft_id")
      .notNull()
      .references(() => drafts.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    ordinal: integer("ordinal").notNull(),
    text: text("text").notNull(),
    kind: text("kind").notNull().default("general"),
    verdict: text("verdict", { enum: VERDICTS }).notNull(),
    note: text("note"),
    /** Deterministic rule findings (codes + detail), rendered in the physician's language. */
    reasons: text("reasons", { mode: "json" }).$type<{ code: string; detail: string }[]>(),
    /** Who found the claim: the rules, the LLM, or both. */
    source: text("source"),
  },
  (t) => [index("claims_draft_version").on(t.draftId, t.version)],
);

export const citations = sqliteTable(
  "citations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    draftId: text("draft_id")
      .notNull()
      .references(() => drafts.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    claimId: integer("claim_id").references(() => claims.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    kind: text("kind", { enum: CITATION_KINDS }).notNull(),
    ref: text("ref").notNull(),
    title: text("title").notNull(),
    url: text("url"),
  },
  (t) => [index("citations_draft_version").on(t.draftId, t.version)],
);

/**
 * The numbered evidence a draft was generated from (replaced on every generation), so an
 * edit can be re-checked by the rules against exactly what the drafter saw.
 */
export const draftEvidence = sqliteTable(
  "draft_evidence",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    draftId: text("draft_id")
      .notNull()
      .references(() => drafts.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    kind: text("kind", { enum: CITATION_KINDS }).notNull(),
    ref: text("ref").notNull(),
    title: text("title").notNull(),
    url: text("url"),
    doi: text("doi"),
    text: text("text").notNull(),
    year: text("year"),
  },
  (t) => [uniqueIndex("draft_evidence_draft_number").on(t.draftId, t.number)],
);

export const publications = sqliteTable(
  "publications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    draftId: text("draft_id")
      .notNull()
      .references(() => drafts.id, { onDelete: "cascade" }),
    platform: text("platform", { enum: PLATFORMS }).notNull(),
    status: text("status", { enum: PUBLICATION_STATUSES }).notNull().default("pending"),
    externalId: text("external_id"),
    url: text("url"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    publishedAt: integer("published_at"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    /** Every live part, in order: platform id, public link and a hash of the text sent. */
    parts: text("parts", { mode: "json" }).$type<LivePart[]>(),
    /** The part an attempt is sending right now (cleared once the platform confirmed it). */
    inFlight: text("in_flight", { mode: "json" }).$type<InFlightPart>(),
    /** A delayed retry (rate limit, quota) is due at this time; nothing should run before. */
    notBefore: integer("not_before"),
    /**
     * The account the post goes to, fixed by the first attempt so a thread is continued on
     * the same account: an `accounts.id`, or `clinic` for the workspace's own settings.
     */
    accountRef: text("account_ref"),
  },
  (t) => [uniqueIndex("publications_draft_platform").on(t.draftId, t.platform)],
);

export interface LivePart {
  id: string;
  url: string | null;
  /** SHA-256 (hex, 16 chars) of the part's text without its ` (i/N)` counter. */
  hash: string;
}

export interface InFlightPart {
  /** 0-based index of the part being sent. */
  index: number;
  hash: string;
  /** Threads: the media container created for it, whose status tells whether it went out. */
  ref?: string;
  at: number;
}

/**
 * A publishing account that must not be posted to before `until`: X's 15-minute or daily
 * cap, Threads' 24-hour quota, a Telegram chat's `retry_after`. Keyed `x`, `threads`,
 * `telegram:<chat>`.
 */
export const publishHolds = sqliteTable("publish_holds", {
  key: text("key").primaryKey(),
  until: integer("until").notNull(),
  reason: text("reason").notNull(),
  updatedAt: integer("updated_at").notNull().default(now),
});

/**
 * The local outbox: outside production, a platform without credentials "publishes" here,
 * so a fresh checkout can see a post go out. Never used in production.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    draftId: text("draft_id").notNull(),
    platform: text("platform", { enum: PLATFORMS }).notNull(),
    /** 0-based part of a thread. */
    part: integer("part").notNull(),
    replyTo: integer("reply_to"),
    text: text("text").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("outbox_created").on(t.createdAt)],
);

export const feedback = sqliteTable(
  "feedback",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    draftId: text("draft_id")
      .notNull()
      .references(() => drafts.id, { onDelete: "cascade" }),
    physicianId: text("physician_id")
      .notNull()
      .references(() => physicians.id),
    kind: text("kind").notNull(),
    note: text("note"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("feedback_draft").on(t.draftId)],
);

/**
 * A published draft the physician had edited: what the model wrote and what they published.
 * Lessons (voice preferences) are derived from it once (`lessonsAt`).
 */
export const editPairs = sqliteTable(
  "edit_pairs",
  {
    draftId: text("draft_id")
      .notNull()
      .references(() => drafts.id, { onDelete: "cascade" }),
    platform: text("platform", { enum: PLATFORMS }).notNull(),
    physicianId: text("physician_id")
      .notNull()
      .references(() => physicians.id, { onDelete: "cascade" }),
    language: text("language", { enum: LANGUAGES }).notNull(),
    generated: text("generated").notNull(),
    published: text("published").notNull(),
    /** Word-level edit distance / length: 0 unchanged … 1 rewritten. */
    editRatio: real("edit_ratio").notNull(),
    lessonsAt: integer("lessons_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("edit_pairs_draft_platform").on(t.draftId, t.platform),
    index("edit_pairs_physician").on(t.physicianId, t.createdAt),
  ],
);

/** What the physician's edits taught: short preferences, de-duplicated by key, capped. */
export const voicePreferences = sqliteTable(
  "voice_preferences",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    physicianId: text("physician_id")
      .notNull()
      .references(() => physicians.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    kind: text("kind").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, string | number>>().notNull(),
    /** `rules` (mechanical, offline) or `llm`. */
    source: text("source").notNull(),
    count: integer("count").notNull().default(1),
    firstSeenAt: integer("first_seen_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    /** The physician deleted it: never shown, never used, never learned again. */
    dismissedAt: integer("dismissed_at"),
  },
  (t) => [uniqueIndex("voice_preferences_physician_key").on(t.physicianId, t.key)],
);

export const knowledgeDocuments = sqliteTable(
  "knowledge_documents",
  {
    id: text("id").primaryKey(),
    collection: text("collection", { enum: COLLECTIONS }).notNull(),
    namespace: text("namespace").notNull(),
    source: text("source").notNull(),
    title: text("title").notNull(),
    contentHash: text("content_hash").notNull(),
    chunkCount: integer("chunk_count").notNull().default(0),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("knowledge_documents_source").on(t.collection, t.namespace, t.source)],
);

export const knowledgeChunks = sqliteTable(
  "knowledge_chunks",
  {
    id: text("id").primaryKey(),
    documentId: text("document_id")
      .notNull()
      .references(() => knowledgeDocuments.id, { onDelete: "cascade" }),
    collection: text("collection", { enum: COLLECTIONS }).notNull(),
    namespace: text("namespace").notNull(),
    ordinal: integer("ordinal").notNull(),
    text: text("text").notNull(),
    tokenCount: integer("token_count").notNull(),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    index("knowledge_chunks_document").on(t.documentId),
    index("knowledge_chunks_namespace").on(t.collection, t.namespace),
  ],
);

/** The local (offline) vector store: exact cosine over Float32 blobs, namespaced. */
export const localVectors = sqliteTable(
  "local_vectors",
  {
    id: text("id").primaryKey(),
    namespace: text("namespace").notNull(),
    dimensions: integer("dimensions").notNull(),
    /** Float32 little-endian bytes, base64 — D1 returns BLOBs as number arrays, text is compact. */
    values: text("values").notNull(),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, string | number | boolean>>(),
  },
  (t) => [index("local_vectors_namespace").on(t.namespace)],
);

/**
 * A random token per local vector namespace, replaced by every write to it: an isolate that
 * keeps a namespace's vectors in memory reloads them only when the token changed.
 */
export const localVectorVersions = sqliteTable("local_vector_versions", {
  namespace: text("namespace").primaryKey(),
  version: text("version").notNull(),
});

/** Durable de-duplication of Slack deliveries (retries, double clicks). */
export const slackRequests = sqliteTable("slack_requests", {
  key: text("key").primaryKey(),
  kind: text("kind").notNull(),
  draftId: text("draft_id"),
  createdAt: integer("created_at").notNull().default(now),
});

/** PubMed responses cached across isolates (searches for a day, summaries and abstracts for a week). */
export const pubmedCache = sqliteTable("pubmed_cache", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/** Audit of every job attempt: stage timings, model route, tokens and cost. */
export const jobRuns = sqliteTable(
  "job_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: JOB_KINDS }).notNull(),
    draftId: text("draft_id"),
    attempt: integer("attempt").notNull(),
    status: text("status", { enum: JOB_STATUSES }).notNull(),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
    durationMs: integer("duration_ms"),
    stages: text("stages", { mode: "json" }).$type<Record<string, number>>(),
    provider: text("provider"),
    model: text("model"),
    fallback: integer("fallback", { mode: "boolean" }).notNull().default(false),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    costUsd: real("cost_usd").notNull().default(0),
    /** Provider attempts and how many of them failed (the LLM error-rate alert reads these). */
    llmCalls: integer("llm_calls").notNull().default(0),
    llmErrors: integer("llm_errors").notNull().default(0),
    error: text("error"),
  },
  (t) => [
    index("job_runs_draft").on(t.draftId),
    index("job_runs_started").on(t.startedAt),
    index("job_runs_finished").on(t.finishedAt),
  ],
);

/** Each alert rule's last announced state, so the cron speaks only when one turns on or off. */
export const alertStates = sqliteTable("alert_states", {
  name: text("name").primaryKey(),
  firing: integer("firing", { mode: "boolean" }).notNull(),
  value: real("value"),
  changedAt: integer("changed_at").notNull(),
});

/**
 * Every message that reached the dead-letter queue, with its payload: the ones the
 * dead-letter consumer settled (a draft failed or handed back) and the ones it cannot
 * (index jobs, uploads) — listed and replayable through the admin API.
 */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    jobType: text("job_type").notNull(),
    requestId: text("request_id").notNull(),
    payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
    attempts: integer("attempts").notNull(),
    /** What the dead-letter consumer did: `settled` (the draft has a reason) or `stored`. */
    outcome: text("outcome", { enum: ["settled", "stored"] }).notNull(),
    createdAt: integer("created_at").notNull().default(now),
    replayedAt: integer("replayed_at"),
  },
  (t) => [index("dead_letters_created").on(t.createdAt)],
);

/**
 * A physician's own publishing account: an X or Threads user they authorized with OAuth, or
 * a Telegram channel they added the product's bot to. Tokens are sealed (lib/token-crypto)
 * with the row and field as associated data; Telegram needs none (the bot's token is the
 * product's). One account per physician and platform; disconnecting deletes the row.
 *
 * `status`: `active`, or `reconnect` once the platform refused the token for good (revoked,
 * expired beyond refresh): the card names the account and offers Reconnect.
 */
export const ACCOUNT_STATUSES = ["active", "reconnect"] as const;
export const accounts = sqliteTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    physicianId: text("physician_id")
      .notNull()
      .references(() => physicians.id, { onDelete: "cascade" }),
    platform: text("platform", { enum: PLATFORMS }).notNull(),
    /** The platform's id: X or Threads user id, Telegram chat id. */
    externalId: text("external_id").notNull(),
    /** What the physician sees: `@handle`, or the channel's title. */
    handle: text("handle").notNull(),
    /** Public link of the account (profile or channel), when it has one. */
    url: text("url"),
    status: text("status", { enum: ACCOUNT_STATUSES }).notNull().default("active"),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    /** When the access token stops working (X: 2 h; Threads: the long-lived token's 60 days). */
    accessExpiresAt: integer("access_expires_at"),
    /** Threads: the physician was warned (DM) that the token will expire unrefreshed. */
    expiryWarnedAt: integer("expiry_warned_at"),
    /** Why the account needs reconnecting, for the card (never a token). */
    lastError: text("last_error"),
    /** Bumped by every token change: a refresh only lands on the version it read. */
    tokenVersion: integer("token_version").notNull().default(0),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("accounts_physician_platform").on(t.physicianId, t.platform)],
);

/** A pending OAuth authorization: single use, 10 minutes, bound to the physician. */
export const oauthStates = sqliteTable("oauth_states", {
  id: text("id").primaryKey(),
  physicianId: text("physician_id")
    .notNull()
    .references(() => physicians.id, { onDelete: "cascade" }),
  platform: text("platform", { enum: PLATFORMS }).notNull(),
  /** PKCE code verifier (X), sealed. */
  verifier: text("verifier"),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
  createdAt: integer("created_at").notNull().default(now),
});

/**
 * Telegram: a one-time code a physician sends the bot (`/start <code>`, or the deep link),
 * which ties their Telegram user to them. Stored as its SHA-256, 30 minutes, single use.
 */
export const telegramCodes = sqliteTable("telegram_codes", {
  codeHash: text("code_hash").primaryKey(),
  physicianId: text("physician_id")
    .notNull()
    .references(() => physicians.id, { onDelete: "cascade" }),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
});

/** Telegram users who proved (with a code) which physician they are. */
export const telegramUsers = sqliteTable("telegram_users", {
  telegramUserId: text("telegram_user_id").primaryKey(),
  physicianId: text("physician_id")
    .notNull()
    .references(() => physicians.id, { onDelete: "cascade" }),
  username: text("username"),
  linkedAt: integer("linked_at").notNull().default(now),
});

/**
 * Channels the bot was made an administrator of (`my_chat_member`), and by whom: offered in
 * App Home only to the physician linked to the Telegram user who added the bot.
 */
export const telegramChats = sqliteTable(
  "telegram_chats",
  {
    chatId: text("chat_id").primaryKey(),
    title: text("title").notNull(),
    username: text("username"),
    addedBy: text("added_by").notNull(),
    /** `administrator` with the right to post, or anything else (left, kicked, member…). */
    canPost: integer("can_post", { mode: "boolean" }).notNull(),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [index("telegram_chats_added_by").on(t.addedBy)],
);

export type Account = typeof accounts.$inferSelect;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export type Physician = typeof physicians.$inferSelect;
export type Draft = typeof drafts.$inferSelect;
export type DraftVersion = typeof draftVersions.$inferSelect;
export type EditPair = typeof editPairs.$inferSelect;
export type VersionSource = (typeof VERSION_SOURCES)[number];
export type DraftStatus = (typeof DRAFT_STATUSES)[number];
export type Platform = (typeof PLATFORMS)[number];
export type Language = (typeof LANGUAGES)[number];
export type Collection = (typeof COLLECTIONS)[number];
export type KnowledgeChunk = typeof knowledgeChunks.$inferSelect;
export type JobRun = typeof jobRuns.$inferSelect;
