/**
 * Configuration: the one place that reads `env` vars and secrets. Everything else takes a
 * typed `Config`. Validation names every missing or invalid setting at once, and never
 * echoes a value (secrets must not reach logs or Slack).
 */
import { z } from "zod";
import { parsePriceTable } from "./platform/llm/pricing";

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));
const url = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : fallback))
    .pipe(z.url({ protocol: /^https?$/ }))
    .transform((v) => v.replace(/\/+$/, ""));
const positiveInt = (fallback: number) => z.coerce.number().int().positive().optional().default(fallback);

const schema = z.object({
  ENVIRONMENT: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  EMBEDDINGS_BACKEND: z.enum(["local", "workers-ai"]).default("local"),
  VECTOR_BACKEND: z.enum(["local", "vectorize"]).default("local"),
  EMBEDDINGS_MODEL: z.string().default("@cf/baai/bge-m3"),

  SLACK_SIGNING_SECRET: optionalSecret,
  SLACK_BOT_TOKEN: optionalSecret,
  SLACK_API_URL: url("https://slack.com/api"),

  ALLOWED_SLACK_TEAMS: list,
  ALLOWED_SLACK_USERS: list,
  ADMIN_TOKEN: optionalSecret,
  /** Channel id where the minute cron announces alerts turning on and off (empty: logs only). */
  OPS_SLACK_CHANNEL: z.string().default(""),

  ANTHROPIC_API_KEY: optionalSecret,
  ANTHROPIC_BASE_URL: url("https://api.anthropic.com"),
  ANTHROPIC_MODEL: z.string().default("claude-sonnet-5-5"),
  OPENAI_API_KEY: optionalSecret,
  OPENAI_BASE_URL: url("https://api.openai.com/v1"),
  OPENAI_MODEL: z.string().default("gpt-4o"),
  LLM_PRICES: z.string().optional(),

  PUBMED_API_URL: url("https://eutils.ncbi.nlm.nih.gov/entrez/eutils"),
  NCBI_API_KEY: optionalSecret,
  NCBI_EMAIL: z.string().default(""),
  NCBI_TOOL: z.string().default("serotonin-script"),

  TELEGRAM_API_URL: url("https://api.telegram.org"),
  TELEGRAM_BOT_TOKEN: optionalSecret,
  TELEGRAM_CHAT_ID: optionalSecret,

  X_API_URL: url("https://api.x.com"),
  X_API_KEY: optionalSecret,
  X_API_SECRET: optionalSecret,
  X_ACCESS_TOKEN: optionalSecret,
  X_ACCESS_SECRET: optionalSecret,

  THREADS_API_URL: url("https://graph.threads.net/v1.0"),
  THREADS_USER_ID: optionalSecret,
  THREADS_ACCESS_TOKEN: optionalSecret,

  /**
   * Physicians' own accounts. The Worker's public origin (OAuth redirect URIs and the
   * Telegram webhook); unset, the origin of the request that started the connection.
   */
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim().replace(/\/+$/, "") : undefined))
    .pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** `<key id>:<base64 32-byte key>`, comma-separated, newest first (lib/token-crypto). */
  TOKEN_ENCRYPTION_KEY: optionalSecret,
  /**
   * Who may publish to the clinic's accounts (the TELEGRAM_*, X_*, THREADS_* settings) when
   * they have none of their own: `all` allowed physicians, or only those an admin `listed`.
   */
  CLINIC_ACCOUNTS: z.enum(["all", "listed"]).default("all"),
  /** Telegram sends it in X-Telegram-Bot-Api-Secret-Token with every webhook update. */
  TELEGRAM_WEBHOOK_SECRET: optionalSecret,
  X_CLIENT_ID: optionalSecret,
  X_CLIENT_SECRET: optionalSecret,
  X_AUTHORIZE_URL: url("https://x.com/i/oauth2/authorize"),
  THREADS_APP_ID: optionalSecret,
  THREADS_APP_SECRET: optionalSecret,
  THREADS_AUTHORIZE_URL: url("https://threads.net/oauth/authorize"),

  /** Source URLs may point at private addresses: for local demos against loopback only. */
  SOURCE_FETCH_ALLOW_PRIVATE: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** DNS-over-HTTPS resolver used to check where a source URL's host really points. */
  DOH_URL: url("https://cloudflare-dns.com/dns-query"),

  RETRY_BASE_DELAY_S: positiveInt(5),
  GENERATION_BUDGET_S: positiveInt(60),
  /** Per-call LLM timeout; a slower provider counts as down and the fallback answers. */
  LLM_TIMEOUT_S: positiveInt(30),
  DRAFTS_PER_MINUTE: positiveInt(10),
  PUBLISHES_PER_MINUTE: positiveInt(5),
  /**
   * Each publishing account's pace, counted per account (AccountLimiter): Telegram's 20
   * messages a minute to one channel, X's 100 posts per 15 minutes per user, Threads' 250
   * posts a day per profile. Over it a post waits instead of meeting a 429.
   */
  TELEGRAM_POSTS_PER_MINUTE: positiveInt(20),
  X_POSTS_PER_15_MIN: positiveInt(100),
  THREADS_POSTS_PER_DAY: positiveInt(250),
  /**
   * `auto`: outside production, a platform without credentials publishes to the local
   * outbox (D1). `off`: it is refused as not configured, as it always is in production.
   */
  LOCAL_OUTBOX: z.enum(["auto", "off"]).default("auto"),
  /** A scheduled post found this many minutes late (an outage) asks the physician instead. */
  SCHEDULE_MAX_LATENESS_MIN: positiveInt(360),
});

export type Config = z.infer<typeof schema>;

/** Every setting the Worker reads (for tools that check a secrets file for typos). */
export const CONFIG_KEYS: readonly string[] = Object.keys(schema.shape);

/** Secrets a production deployment cannot run without. */
const REQUIRED_IN_PRODUCTION = ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "ADMIN_TOKEN"] as const;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
  }
}

/**
 * The last valid configuration and the values it came from. Every request, queue batch and
 * cron run builds its services from `env`; parsing it again each time was a measurable
 * share of the /draft ack (npm run bench). The values are compared, not the object, so an
 * `env` changed in place (tests, a redeploy) is parsed again.
 */
let lastValid: { values: string; config: Config } | undefined;

/** Parses and checks the environment. Throws `ConfigError` listing every problem. */
export function parseConfig(env: object): Config {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    // Only plain values are configuration; bindings (D1, queues…) are objects.
    if (typeof value === "string" || typeof value === "number") raw[key] = String(value);
  }
  const values = JSON.stringify(raw);
  if (lastValid?.values === values) return lastValid.config;
  const config = check(raw);
  lastValid = { values, config: Object.freeze(config) };
  return config;
}

function check(raw: Record<string, string>): Config {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${describe(issue)}`),
    );
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (config.ENVIRONMENT === "production") {
    for (const key of REQUIRED_IN_PRODUCTION) {
      if (!config[key])
        problems.push(`${key}: required in production (set it with \`wrangler secret put ${key}\`)`);
    }
    if (config.EMBEDDINGS_BACKEND !== "workers-ai")
      problems.push("EMBEDDINGS_BACKEND: must be workers-ai in production");
    if (config.VECTOR_BACKEND !== "vectorize")
      problems.push("VECTOR_BACKEND: must be vectorize in production");
    // Every member of any workspace could otherwise publish to the clinic's accounts.
    if (config.ALLOWED_SLACK_TEAMS.length === 0) {
      problems.push(
        "ALLOWED_SLACK_TEAMS: required in production (the Slack workspace ids allowed to use the app)",
      );
    }
    if (config.SOURCE_FETCH_ALLOW_PRIVATE) {
      problems.push("SOURCE_FETCH_ALLOW_PRIVATE: must not be true in production");
    }
  }
  const xKeys = [config.X_API_KEY, config.X_API_SECRET, config.X_ACCESS_TOKEN, config.X_ACCESS_SECRET];
  if (xKeys.some(Boolean) && !xKeys.every(Boolean)) {
    problems.push("X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_SECRET: set all four or none");
  }
  // The bot alone serves physicians' own channels; a clinic channel needs the bot.
  if (config.TELEGRAM_CHAT_ID && !config.TELEGRAM_BOT_TOKEN) {
    problems.push("TELEGRAM_CHAT_ID: needs TELEGRAM_BOT_TOKEN (the bot that posts to it)");
  }
  if (config.TELEGRAM_WEBHOOK_SECRET && !/^[A-Za-z0-9_-]{1,256}$/.test(config.TELEGRAM_WEBHOOK_SECRET)) {
    problems.push("TELEGRAM_WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)");
  }
  if (Boolean(config.X_CLIENT_ID) !== Boolean(config.X_CLIENT_SECRET)) {
    problems.push("X_CLIENT_ID, X_CLIENT_SECRET: set both or neither");
  }
  if (Boolean(config.THREADS_APP_ID) !== Boolean(config.THREADS_APP_SECRET)) {
    problems.push("THREADS_APP_ID, THREADS_APP_SECRET: set both or neither");
  }
  if (Boolean(config.THREADS_USER_ID) !== Boolean(config.THREADS_ACCESS_TOKEN)) {
    problems.push("THREADS_USER_ID, THREADS_ACCESS_TOKEN: set both or neither");
  }
  // Checked here, at every entry point, rather than first in the middle of a job.
  try {
    parsePriceTable(config.LLM_PRICES);
  } catch (err) {
    problems.push(err instanceof Error ? err.message : "LLM_PRICES: invalid");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function describe(issue: z.core.$ZodIssue): string {
  // zod messages may quote the received value; keep only the expectation.
  switch (issue.code) {
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")}`;
    case "invalid_format":
      return issue.format === "url" ? "must be an http(s) URL" : `must be a valid ${issue.format}`;
    case "too_small":
      return "must be a positive number";
    case "invalid_type":
      return `must be a ${issue.expected}`;
    default:
      return "is invalid";
  }
}

/** Which optional integrations are configured — names only, never values. */
export function configuredIntegrations(config: Config): Record<string, boolean> {
  return {
    slack: Boolean(config.SLACK_SIGNING_SECRET && config.SLACK_BOT_TOKEN),
    anthropic: Boolean(config.ANTHROPIC_API_KEY),
    openai: Boolean(config.OPENAI_API_KEY),
    ncbi_api_key: Boolean(config.NCBI_API_KEY),
    telegram: Boolean(config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_CHAT_ID),
    x: Boolean(config.X_API_KEY && config.X_ACCESS_TOKEN),
    threads: Boolean(config.THREADS_USER_ID && config.THREADS_ACCESS_TOKEN),
    admin: Boolean(config.ADMIN_TOKEN),
  };
}
