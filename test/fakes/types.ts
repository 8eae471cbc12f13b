// Shared payload types of the fake external APIs: what the control API accepts and returns.
// No runtime code and no Node imports, so the fetch-only client can use it inside workerd too.

export type ServiceName = "slack" | "anthropic" | "openai" | "pubmed" | "telegram" | "x" | "threads" | "doh";

export const SERVICE_NAMES: readonly ServiceName[] = [
  "slack",
  "anthropic",
  "openai",
  "pubmed",
  "telegram",
  "x",
  "threads",
  "doh",
];

/** One request as a fake received it. `path` is relative to the service's base URL. */
export interface RecordedRequest {
  service: ServiceName;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. Contains credentials: assert on them, never print them. */
  headers: Record<string, string>;
  /** Parsed JSON, parsed form-urlencoded (object), raw text otherwise; null when there was no body. */
  body: unknown;
  at: number;
}

/**
 * Failure injection. The first unexhausted rule whose service matches and whose `path` is a
 * substring of the service-relative path wins (a trailing `$` anchors it at the end).
 * - `status` 0: hang for `delayMs` (default 0) then destroy the socket.
 * - `status` 2xx without `body`: wait `delayMs`, then answer normally (a slow success).
 * - other statuses: wait `delayMs`, then answer with the service's real error shape,
 *   or with `body` verbatim (JSON, or text when a string) if given.
 */
export interface FailRule {
  service: ServiceName;
  path?: string;
  status: number;
  /** How many requests this rule applies to. Default 1; -1 = until reset. */
  times?: number;
  /** Seconds, sent in the service's own rate-limit header/body. Default 1. */
  retryAfter?: number;
  delayMs?: number;
  body?: unknown;
  /**
   * A lost answer: the request is handled for real (the post is made), then the connection
   * is dropped before the response. Status is ignored.
   */
  lose?: boolean;
}

/** Posting limits of the platform fakes (`POST /__control/limits`). */
export interface PlatformLimitsConfig {
  /** X's per-user 24-hour cap: posts left before 429 with `x-user-limit-24hour-remaining: 0`. */
  x?: { dailyRemaining: number; dailyResetInSeconds?: number };
  /** Threads' 24-hour publishing quota as `threads_publishing_limit` reports it. */
  threads?: { quotaUsage: number; quotaTotal?: number };
}

/** A file the Slack fake serves via files.info and its private download URL. */
export interface SlackFileInput {
  id: string;
  name: string;
  mimetype: string;
  filetype: string;
  contentBase64: string;
  size?: number;
}

export interface RegisteredSlackFile {
  id: string;
  name: string;
  size: number;
  url_private: string;
  url_private_download: string;
}

/** A scripted LLM reply, consumed first-in first-out. */
export interface ScriptedReply {
  text?: string;
  /** Raw Anthropic content blocks (e.g. tool_use). Anthropic only; wins over `text`. */
  content?: unknown[];
  /** Merged over the computed usage numbers. */
  usage?: Record<string, number>;
  /** Override stop_reason (Anthropic) / finish_reason (OpenAI), e.g. "max_tokens" / "length". */
  stopReason?: string;
}

/** A PubMed record. Authors are written the PubMed way: "Smith J", "van der Berg AB". */
export interface PubmedArticle {
  pmid: string;
  title: string;
  /** Plain text; "LABEL: text LABEL2: text" becomes a structured abstract in efetch XML. */
  abstract: string;
  journal: string;
  /** ISO abbreviation; defaults to `journal`. */
  journalAbbrev?: string;
  year: number;
  /** Three-letter month, e.g. "Mar". */
  month?: string;
  authors: string[];
  pubTypes: string[];
  doi?: string;
}

export type ThreadsFinalStatus = "FINISHED" | "ERROR" | "EXPIRED";

export interface ThreadsStatusConfig {
  /** How many status polls of a container answer IN_PROGRESS first. Default 0. */
  pollsUntilFinished?: number;
  /** Status after that. Default FINISHED. */
  finalStatus?: ThreadsFinalStatus;
  /** error_message when finalStatus is ERROR. Default "UNKNOWN". */
  errorMessage?: string;
}

/** An account registered with the X or Threads OAuth fake (`POST /__control/{x,threads}/users`). */
export interface FakeUserInput {
  /** Digits, as both platforms' user ids are. */
  id: string;
  username: string;
  /** Display name; defaults to the username. */
  name?: string;
}

/** A tweet the X fake accepted, with the account it was posted as. */
export interface XTweetRecord {
  id: string;
  text: string;
  authorId: string;
  authorUsername: string;
}

/** A published Threads post, with the account it belongs to. */
export interface ThreadsPostRecord {
  id: string;
  text: string;
  userId: string;
  username: string;
}

export interface TelegramAdminInput {
  id: number;
  username?: string;
  firstName?: string;
  /** What getChatMember reports for this admin. Default "administrator". */
  status?: "creator" | "administrator";
}

/** A channel the Telegram fake knows (`POST /__control/telegram/channels`). */
export interface TelegramChannelInput {
  /** Negative, e.g. -1001234567890. */
  id: number;
  title: string;
  /** Public channels only, without "@". */
  username?: string;
  admins: TelegramAdminInput[];
  /** Not an admin: sendMessage fails 403 "bot is not a member of the channel chat". */
  botIsAdmin: boolean;
  /** An admin without can_post_messages: sendMessage fails 400. Default true. */
  botCanPost?: boolean;
}

/** A message the Telegram fake accepted (edits update `text`; deletes remove it). */
export interface TelegramSentMessage {
  chatId: number;
  messageId: number;
  text: string;
}

/** A bot's webhook as setWebhook left it, secret included (the Bot API never shows it). */
export interface TelegramWebhookState {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
  maxConnections: number;
}

export interface ApproveConsentOptions {
  /** The fake user who approves (`login_as`); default: the first registered user, else the built-in one. */
  loginAs?: string;
  /** Press "Cancel" instead of "Authorize app". */
  deny?: boolean;
}
