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
