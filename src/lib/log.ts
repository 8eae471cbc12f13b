/**
 * Structured logging: one JSON object per line, so `wrangler tail --format json | jq` and
 * `grep '"event":"stage"'` work the way the seed runbook grepped worker logs.
 * Values that look like credentials are redacted before they are written.
 */
import { DrizzleQueryError } from "drizzle-orm/errors";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface LogFields {
  request_id?: string;
  physician_id?: string;
  draft_id?: string;
  stage?: string;
  duration_ms?: number;
  [key: string]: unknown;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Slack tokens, Anthropic/OpenAI keys, bearer headers, Telegram bot tokens in URLs.
const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /sk-[A-Za-z0-9_-]{8,}/g,
  /Bearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /bot\d+:[A-Za-z0-9_-]+/g,
  /access_token=[^&\s"]+/g,
  /api_key=[^&\s"]+/g,
];

/** Removes anything shaped like a credential from a string. */
export function redact(text: string): string {
  return SECRET_PATTERNS.reduce((acc, pattern) => acc.replace(pattern, "[redacted]"), text);
}

export class Logger {
  constructor(
    private readonly base: LogFields = {},
    private readonly minLevel: LogLevel = "info",
  ) {}

  /** A logger that adds `fields` to every line (request id, draft id…). */
  child(fields: LogFields): Logger {
    return new Logger({ ...this.base, ...fields }, this.minLevel);
  }

  debug(event: string, fields?: LogFields): void {
    this.write("debug", event, fields);
  }
  info(event: string, fields?: LogFields): void {
    this.write("info", event, fields);
  }
  warn(event: string, fields?: LogFields): void {
    this.write("warn", event, fields);
  }
  error(event: string, fields?: LogFields): void {
    this.write("error", event, fields);
  }

  private write(level: LogLevel, event: string, fields?: LogFields): void {
    if (ORDER[level] < ORDER[this.minLevel]) return;
    const line = redact(
      JSON.stringify({ ts: new Date().toISOString(), level, event, ...this.base, ...fields }),
    );
    if (level === "error") console.error(line);
    else if (level === "warn") console.warn(line);
    else console.log(line);
  }
}

/** Human-safe description of an unknown thrown value (no stack, no secrets). */
export function errorMessage(err: unknown): string {
  const text = err instanceof Error ? describeError(err) : String(err);
  return redact(text).slice(0, 500);
}

/**
 * drizzle wraps a failed statement as "Failed query: <sql> params: <every bound value>", with
 * D1's own error as `cause`: a post's text or a sealed token would land in the log, and the
 * reason at the end, cut off. Said instead: D1's reason, then the head of the statement.
 */
function describeError(err: Error): string {
  if (err instanceof DrizzleQueryError && err.cause instanceof Error) {
    const statement = err.query.replace(/\s+/g, " ").slice(0, 80);
    return `${err.cause.name}: ${err.cause.message} (in: ${statement})`;
  }
  return `${err.name}: ${err.message}`;
}
