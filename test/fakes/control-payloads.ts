// Validation of control API payloads: turns untrusted JSON into the typed shapes in types.ts,
// throwing ControlError (answered as HTTP 400) on anything malformed.
import { isRecord } from "./http.js";
import type {
  FailRule,
  FakeUserInput,
  PlatformLimitsConfig,
  PubmedArticle,
  ScriptedReply,
  ServiceName,
  SlackFileInput,
  TelegramAdminInput,
  TelegramChannelInput,
  ThreadsFinalStatus,
  ThreadsStatusConfig,
} from "./types.js";
import { SERVICE_NAMES } from "./types.js";

export class ControlError extends Error {}

function record(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ControlError(`${what} must be a JSON object`);
  return value;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function requiredString(source: Record<string, unknown>, key: string): string {
  const value = source[key];
  if (typeof value !== "string" || value === "")
    throw new ControlError(`"${key}" must be a non-empty string`);
  return value;
}

function optionalString(source: Record<string, unknown>, key: string): string | undefined {
  const value = source[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new ControlError(`"${key}" must be a string`);
  return value;
}

function optionalNumber(source: Record<string, unknown>, key: string): number | undefined {
  const value = source[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new ControlError(`"${key}" must be a number`);
  return value;
}

function stringArray(source: Record<string, unknown>, key: string): string[] {
  const value = source[key];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new ControlError(`"${key}" must be an array of strings`);
  }
  return value;
}

export function parseService(value: unknown): ServiceName {
  const service = SERVICE_NAMES.find((name) => name === value);
  if (service === undefined) throw new ControlError(`"service" must be one of ${SERVICE_NAMES.join(", ")}`);
  return service;
}

export function parseFailRule(value: unknown): FailRule {
  const source = record(value, "fail rule");
  const status = optionalNumber(source, "status");
  if (status === undefined || !Number.isInteger(status) || status < 0 || status > 599) {
    throw new ControlError('"status" must be an integer HTTP status (or 0 to drop the connection)');
  }
  const rule: FailRule = { service: parseService(source.service), status };
  const path = optionalString(source, "path");
  const times = optionalNumber(source, "times");
  const retryAfter = optionalNumber(source, "retryAfter");
  const delayMs = optionalNumber(source, "delayMs");
  if (path !== undefined) rule.path = path;
  if (times !== undefined) rule.times = times;
  if (retryAfter !== undefined) rule.retryAfter = retryAfter;
  if (delayMs !== undefined) rule.delayMs = delayMs;
  if (source.body !== undefined) rule.body = source.body;
  if (source.lose === true) rule.lose = true;
  return rule;
}

export function parseLimits(value: unknown): PlatformLimitsConfig {
  const source = record(value, "limits");
  const config: PlatformLimitsConfig = {};
  if (source.x !== undefined) {
    const x = record(source.x, "x limits");
    const dailyRemaining = optionalNumber(x, "dailyRemaining");
    if (dailyRemaining === undefined) throw new ControlError('"x.dailyRemaining" is required');
    const reset = optionalNumber(x, "dailyResetInSeconds");
    config.x = reset === undefined ? { dailyRemaining } : { dailyRemaining, dailyResetInSeconds: reset };
  }
  if (source.threads !== undefined) {
    const threads = record(source.threads, "threads limits");
    const quotaUsage = optionalNumber(threads, "quotaUsage");
    if (quotaUsage === undefined) throw new ControlError('"threads.quotaUsage" is required');
    const total = optionalNumber(threads, "quotaTotal");
    config.threads = total === undefined ? { quotaUsage } : { quotaUsage, quotaTotal: total };
  }
  return config;
}

export function parseSlackFile(value: unknown): SlackFileInput {
  const source = record(value, "slack file");
  const file: SlackFileInput = {
    id: requiredString(source, "id"),
    name: requiredString(source, "name"),
    mimetype: requiredString(source, "mimetype"),
    filetype: requiredString(source, "filetype"),
    contentBase64: optionalString(source, "contentBase64") ?? "",
  };
  const size = optionalNumber(source, "size");
  if (size !== undefined) file.size = size;
  return file;
}

function parseReply(value: unknown): ScriptedReply {
  const source = record(value, "scripted reply");
  const reply: ScriptedReply = {};
  const text = optionalString(source, "text");
  const stopReason = optionalString(source, "stopReason");
  if (text !== undefined) reply.text = text;
  if (stopReason !== undefined) reply.stopReason = stopReason;
  if (source.content !== undefined) {
    if (!Array.isArray(source.content))
      throw new ControlError('"content" must be an array of content blocks');
    reply.content = source.content;
  }
  if (source.usage !== undefined) {
    const usage = record(source.usage, "usage");
    reply.usage = Object.fromEntries(
      Object.keys(usage).map((key) => {
        const amount = optionalNumber(usage, key);
        if (amount === undefined) throw new ControlError(`usage.${key} must be a number`);
        return [key, amount];
      }),
    );
  }
  return reply;
}

export function parseReplies(value: unknown): ScriptedReply[] {
  return list(value).map(parseReply);
}

function parseArticle(value: unknown): PubmedArticle {
  const source = record(value, "article");
  const year = optionalNumber(source, "year");
  if (year === undefined || !Number.isInteger(year)) throw new ControlError('"year" must be an integer');
  const article: PubmedArticle = {
    pmid: requiredString(source, "pmid"),
    title: requiredString(source, "title"),
    abstract: optionalString(source, "abstract") ?? "",
    journal: requiredString(source, "journal"),
    year,
    authors: stringArray(source, "authors"),
    pubTypes: stringArray(source, "pubTypes"),
  };
  for (const key of ["journalAbbrev", "month", "doi"] as const) {
    const extra = optionalString(source, key);
    if (extra !== undefined) article[key] = extra;
  }
  return article;
}

export function parseArticles(value: unknown): PubmedArticle[] {
  return list(value).map(parseArticle);
}

const FINAL_STATUSES: readonly ThreadsFinalStatus[] = ["FINISHED", "ERROR", "EXPIRED"];

export function parseThreadsStatus(value: unknown): ThreadsStatusConfig {
  const source = record(value, "threads status");
  const config: ThreadsStatusConfig = {};
  const polls = optionalNumber(source, "pollsUntilFinished");
  const errorMessage = optionalString(source, "errorMessage");
  if (polls !== undefined) config.pollsUntilFinished = polls;
  if (errorMessage !== undefined) config.errorMessage = errorMessage;
  if (source.finalStatus !== undefined) {
    const status = FINAL_STATUSES.find((candidate) => candidate === source.finalStatus);
    if (status === undefined)
      throw new ControlError(`"finalStatus" must be one of ${FINAL_STATUSES.join(", ")}`);
    config.finalStatus = status;
  }
  return config;
}

export function parseClock(value: unknown): number {
  const seconds = optionalNumber(record(value, "clock"), "advanceSeconds");
  if (seconds === undefined || seconds < 0) throw new ControlError('"advanceSeconds" must be a number >= 0');
  return seconds;
}

const USERNAMES = {
  /** X handles: 1-15 letters, digits and underscores. */
  x: /^[A-Za-z0-9_]{1,15}$/,
  /** Threads (Instagram) handles: up to 30 letters, digits, periods and underscores. */
  threads: /^[A-Za-z0-9._]{1,30}$/,
};

export function parseFakeUser(value: unknown, platform: keyof typeof USERNAMES): FakeUserInput {
  const source = record(value, `${platform} user`);
  const id = requiredString(source, "id");
  if (!/^\d{1,19}$/.test(id)) throw new ControlError('"id" must be a string of 1-19 digits');
  const username = requiredString(source, "username");
  if (!USERNAMES[platform].test(username))
    throw new ControlError(`"username" is not a valid ${platform} username`);
  const name = optionalString(source, "name");
  return name === undefined ? { id, username } : { id, username, name };
}

export function parseUsername(value: unknown): string {
  return requiredString(record(value, "revoke-user"), "username").replace(/^@/, "");
}

function integer(source: Record<string, unknown>, key: string): number {
  const value = optionalNumber(source, key);
  if (value === undefined || !Number.isSafeInteger(value))
    throw new ControlError(`"${key}" must be an integer`);
  return value;
}

function optionalBoolean(source: Record<string, unknown>, key: string): boolean | undefined {
  const value = source[key];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw new ControlError(`"${key}" must be a boolean`);
  return value;
}

/** Telegram usernames: 5-32 letters, digits and underscores, starting with a letter. */
const TELEGRAM_USERNAME = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;

function telegramUsername(source: Record<string, unknown>): string | undefined {
  const username = optionalString(source, "username");
  if (username !== undefined && !TELEGRAM_USERNAME.test(username)) {
    throw new ControlError('"username" must be a Telegram username without "@"');
  }
  return username;
}

function parseTelegramAdmin(value: unknown): TelegramAdminInput {
  const source = record(value, "admin");
  const admin: TelegramAdminInput = { id: integer(source, "id") };
  if (admin.id <= 0) throw new ControlError('admin "id" must be a positive user id');
  const username = telegramUsername(source);
  const firstName = optionalString(source, "firstName");
  if (username !== undefined) admin.username = username;
  if (firstName !== undefined) admin.firstName = firstName;
  if (source.status !== undefined) {
    if (source.status !== "creator" && source.status !== "administrator")
      throw new ControlError('admin "status" must be "creator" or "administrator"');
    admin.status = source.status;
  }
  return admin;
}

function parseTelegramChannel(value: unknown): TelegramChannelInput {
  const source = record(value, "telegram channel");
  const id = integer(source, "id");
  if (id >= 0) throw new ControlError('"id" must be a negative chat id, e.g. -1001234567890');
  if (!Array.isArray(source.admins)) throw new ControlError('"admins" must be an array');
  const botIsAdmin = optionalBoolean(source, "botIsAdmin");
  if (botIsAdmin === undefined) throw new ControlError('"botIsAdmin" is required');
  const channel: TelegramChannelInput = {
    id,
    title: requiredString(source, "title"),
    admins: source.admins.map(parseTelegramAdmin),
    botIsAdmin,
  };
  const username = telegramUsername(source);
  const botCanPost = optionalBoolean(source, "botCanPost");
  if (username !== undefined) channel.username = username;
  if (botCanPost !== undefined) channel.botCanPost = botCanPost;
  return channel;
}

export function parseTelegramChannels(value: unknown): TelegramChannelInput[] {
  return list(value).map(parseTelegramChannel);
}

/** A query-string integer, e.g. `?chatId=-100123`; undefined when absent. */
export function parseQueryInteger(value: string | undefined, key: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new ControlError(`"${key}" must be an integer`);
  return Number(value);
}
