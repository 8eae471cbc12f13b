// Fake Slack: the Web API under /slack/api/<method>, response_url posts under
// /slack/response/…, and private file downloads under /slack/files/<id>/<name>.
import type { FailureContext, FakeRequest, FakeResponse, Mount, ServiceFake } from "./http.js";
import { bearerToken, isRecord, json, params, sequence, str, text } from "./http.js";
import { MESSAGE_BLOCKS_MAX, validateBlocks } from "./slack-blocks.js";
import type { StoredSlackFile } from "./slack-files.js";
import { fileUrls, serveFileRoute, storeFile } from "./slack-files.js";
import type { SlackContext } from "./slack-methods.js";
import { callSlackMethod, slackError } from "./slack-methods.js";
import type { RegisteredSlackFile, SlackFileInput } from "./types.js";

export interface SlackFake extends ServiceFake {
  addFile(input: SlackFileInput, origin: string): RegisteredSlackFile;
}

/** Form posts carry these as JSON strings (slack-web-api-client does this); decode them. */
const JSON_ARGS = ["blocks", "attachments", "view", "metadata"];

function slackArgs(req: FakeRequest): Record<string, unknown> {
  const args = params(req);
  for (const key of JSON_ARGS) {
    const value = args[key];
    if (typeof value !== "string") continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Leave the string: validation reports it like Slack would.
    }
  }
  return args;
}

const SLACK_ERROR_BY_STATUS: Record<number, string> = {
  400: "invalid_arguments",
  401: "invalid_auth",
  403: "missing_scope",
  404: "channel_not_found",
};

function apiFailure(status: number, { retryAfter }: FailureContext): FakeResponse {
  if (status === 429) return json(429, slackError("ratelimited"), { "retry-after": String(retryAfter) });
  if (status >= 500)
    return json(status, slackError(status === 503 ? "service_unavailable" : "internal_error"));
  // Slack reports everything else as HTTP 200 with ok:false.
  return json(200, slackError(SLACK_ERROR_BY_STATUS[status] ?? "internal_error"));
}

function plainFailure(status: number, { retryAfter }: FailureContext): FakeResponse {
  if (status === 429) return text(429, "rate_limited", undefined, { "retry-after": String(retryAfter) });
  return text(status, status === 404 ? "no_service" : "internal_error");
}

/** response_url posts: Slack answers with a short plain-text status. */
function responseUrl(req: FakeRequest): FakeResponse {
  if (req.method !== "POST" || !isRecord(req.body)) return text(400, "invalid_payload");
  const { blocks } = req.body;
  if (blocks !== undefined && validateBlocks(blocks, MESSAGE_BLOCKS_MAX).length > 0) {
    return text(400, "invalid_blocks");
  }
  return text(200, "ok");
}

export function createSlackFake(): SlackFake {
  const files = new Map<string, StoredSlackFile>();
  const nextTsSeq = sequence(100);
  const nextIdSeq = sequence(1);

  const context = (req: FakeRequest): SlackContext => ({
    args: slackArgs(req),
    origin: req.origin,
    files,
    nextTs: () => `${Math.floor(Date.now() / 1000)}.${String(nextTsSeq() % 1_000_000).padStart(6, "0")}`,
    nextId: (prefix) => `${prefix}0FAKE${String(nextIdSeq()).padStart(6, "0")}`,
  });

  const api: Mount = {
    service: "slack",
    prefix: "/slack/api",
    failure: apiFailure,
    handle(req) {
      const ctx = context(req);
      const token = bearerToken(req.headers) ?? str(ctx.args, "token");
      if (!token) return json(200, slackError("not_authed"));
      if (!token.startsWith("xox")) return json(200, slackError("invalid_auth"));
      return json(200, callSlackMethod(req.path.slice(1), ctx));
    },
  };

  const other: Mount = {
    service: "slack",
    prefix: "/slack",
    failure: plainFailure,
    handle(req) {
      if (req.path.startsWith("/response/")) return responseUrl(req);
      if (req.method === "GET" && (req.path.startsWith("/files/") || req.path === "/signin")) {
        return serveFileRoute(req, files);
      }
      return text(404, "no_service");
    },
  };

  return {
    mounts: [api, other],
    reset: () => files.clear(),
    addFile(input, origin) {
      const file = storeFile(input);
      files.set(file.id, file);
      return fileUrls(origin, file);
    },
  };
}
