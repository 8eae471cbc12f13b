// Fake Threads (Meta Graph) API under /threads/v1.0: create a media container, poll its
// status, publish it, read the permalink, list the user's posts (newest first), read the
// 24-hour publishing quota (`threads_publishing_limit`) and refuse posts beyond it.
// Errors use the Graph {error:{…, fbtrace_id}} shape.
import type { FailureContext, FakeRequest, FakeResponse, Mount, ServiceFake } from "./http.js";
import { bearerToken, json, params, sequence, str } from "./http.js";
import type { ThreadsStatusConfig } from "./types.js";

export interface ThreadsFake extends ServiceFake {
  setStatus(config: ThreadsStatusConfig): void;
  setQuota(quota: { quotaUsage: number; quotaTotal?: number }): void;
}

const QUOTA_TOTAL = 250;
const QUOTA_SECONDS = 86_400;

const TEXT_MAX = 500;

interface Container {
  id: string;
  userId: string;
  text: string;
  replyToId: string | undefined;
  polls: number;
  mediaId: string | undefined;
}

interface Media {
  id: string;
  text: string;
  shortcode: string;
  timestamp: string;
  replyToId: string | undefined;
}

const nextTrace = sequence();

function graphError(
  status: number,
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
): FakeResponse {
  const fbtrace_id = `AFakeTrace${nextTrace().toString(36).padStart(6, "0")}`;
  return json(status, { error: { message, type: "OAuthException", code, ...extra, fbtrace_id } });
}

function unknownObject(id: string, verb: "get" | "post"): FakeResponse {
  return graphError(
    400,
    100,
    `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    { type: "GraphMethodException", error_subcode: 33 },
  );
}

function failure(status: number, _ctx: FailureContext): FakeResponse {
  if (status === 429) return graphError(429, 4, "Application request limit reached", { is_transient: true });
  if (status === 401 || status === 403)
    return graphError(status, 190, "Invalid OAuth access token - Cannot parse access token");
  if (status === 503) {
    return graphError(503, 2, "An unexpected error has occurred. Please retry your request later.", {
      is_transient: true,
    });
  }
  if (status >= 500) return graphError(status, 1, "An unknown error occurred", { is_transient: false });
  return graphError(status, 100, "Invalid parameter");
}

/** Threads counts characters, except that an emoji costs its UTF-8 byte length. */
export function threadsTextLength(text: string): number {
  let length = 0;
  for (const { segment } of new Intl.Segmenter("en", { granularity: "grapheme" }).segment(text)) {
    length += /\p{Extended_Pictographic}/u.test(segment)
      ? new TextEncoder().encode(segment).byteLength
      : [...segment].length;
  }
  return length;
}

/** Only the requested `fields` (plus id), like the Graph API. */
function pick(fields: string | undefined, values: Record<string, unknown>): Record<string, unknown> {
  const wanted = (fields ?? "").split(",").map((field) => field.trim());
  return Object.fromEntries(
    Object.entries(values).filter(
      ([key, value]) => (key === "id" || wanted.includes(key)) && value !== undefined,
    ),
  );
}

export function createThreadsFake(): ThreadsFake {
  const containers = new Map<string, Container>();
  const media = new Map<string, Media>();
  const nextContainer = sequence();
  const nextMedia = sequence();
  let quota = { usage: 0, total: QUOTA_TOTAL };
  let config: Required<ThreadsStatusConfig> = {
    pollsUntilFinished: 0,
    finalStatus: "FINISHED",
    errorMessage: "UNKNOWN",
  };

  /** The status a container has after `polls` polls under the current configuration. */
  const statusOf = (container: Container, polls: number): string => {
    if (container.mediaId !== undefined) return "PUBLISHED";
    return polls < config.pollsUntilFinished ? "IN_PROGRESS" : config.finalStatus;
  };

  function createContainer(userId: string, args: Record<string, unknown>): FakeResponse {
    const mediaType = str(args, "media_type");
    if (mediaType !== "TEXT") {
      return graphError(400, 100, "Invalid parameter", {
        error_user_msg: "This fake supports media_type=TEXT only.",
      });
    }
    const text = str(args, "text") ?? "";
    if (text === "") return graphError(400, 100, "The parameter text is required for media_type TEXT.");
    if (threadsTextLength(text) > TEXT_MAX) {
      return graphError(400, 100, "Invalid parameter", {
        error_user_title: "Text too long",
        error_user_msg: `The post text exceeds the ${TEXT_MAX} character limit.`,
      });
    }
    const id = String(17_890_000_000_000_000n + BigInt(nextContainer()));
    containers.set(id, {
      id,
      userId,
      text,
      replyToId: str(args, "reply_to_id"),
      polls: 0,
      mediaId: undefined,
    });
    return json(200, { id });
  }

  function publish(args: Record<string, unknown>): FakeResponse {
    const creationId = str(args, "creation_id");
    if (!creationId) return graphError(400, 100, "The parameter creation_id is required.");
    const container = containers.get(creationId);
    if (container === undefined) return unknownObject(creationId, "post");
    if (container.mediaId !== undefined) {
      return graphError(400, 100, "Invalid parameter", {
        error_user_msg: "This media container has already been published.",
      });
    }
    if (quota.usage >= quota.total) {
      return graphError(400, 9, "Application request limit reached", {
        error_subcode: 2207042,
        error_user_title: "Posting limit reached",
        error_user_msg: "This account has reached its limit of posts for the last 24 hours.",
      });
    }
    if (statusOf(container, container.polls) !== "FINISHED") {
      return graphError(400, 100, "Invalid parameter", {
        error_user_title: "Media not ready for publishing",
        error_user_msg: "The media is not ready for publishing, please wait for a moment.",
      });
    }
    const n = nextMedia();
    const id = String(18_050_000_000_000_000n + BigInt(n));
    container.mediaId = id;
    quota.usage += 1;
    const shortcode = `DFk${n.toString(36).toUpperCase().padStart(8, "0")}`;
    media.set(id, {
      id,
      text: container.text,
      shortcode,
      timestamp: new Date().toISOString().replace(/\.\d+Z$/, "+0000"),
      replyToId: container.replyToId,
    });
    return json(200, { id });
  }

  function read(id: string, fields: string | undefined): FakeResponse {
    if (id === "me")
      return json(200, pick(fields, { id: "27000000000000001", username: "fake", name: "Serotonin Fake" }));
    const container = containers.get(id);
    if (container !== undefined) {
      container.polls += 1;
      const status = statusOf(container, container.polls - 1);
      const errorMessage = status === "ERROR" ? config.errorMessage : undefined;
      return json(200, pick(fields, { id, status, error_message: errorMessage }));
    }
    const post = media.get(id);
    if (post === undefined) return unknownObject(id, "get");
    return json(
      200,
      pick(fields, {
        id,
        media_product_type: "THREADS",
        media_type: "TEXT_POST",
        permalink: `https://www.threads.net/@fake/post/${post.shortcode}`,
        owner: { id: "27000000000000001" },
        username: "fake",
        text: post.text,
        timestamp: post.timestamp,
        shortcode: post.shortcode,
        is_reply: post.replyToId !== undefined,
      }),
    );
  }

  /** The user's posts, newest first, with the requested fields (default: id). */
  function listPosts(args: Record<string, unknown>): FakeResponse {
    const limit = Math.min(100, Number(str(args, "limit") ?? "25") || 25);
    const fields = str(args, "fields");
    const data = [...media.values()]
      .reverse()
      .slice(0, limit)
      .map((post) => pick(fields, { id: post.id, text: post.text, timestamp: post.timestamp }));
    return json(200, { data, paging: { cursors: { before: "BEFORE", after: "AFTER" } } });
  }

  const mount: Mount = {
    service: "threads",
    prefix: "/threads/v1.0",
    failure,
    handle(req: FakeRequest) {
      const args = params(req);
      if (!str(args, "access_token") && bearerToken(req.headers) === undefined) {
        return graphError(400, 104, "An access token is required to request this resource.");
      }
      const [, first = "", second, ...rest] = req.path.split("/");
      if (rest.length > 0 || first === "") return graphError(400, 100, "Unknown path components");
      if (req.method === "POST" && second === "threads") return createContainer(first, args);
      if (req.method === "POST" && second === "threads_publish") return publish(args);
      if (req.method === "GET" && second === undefined) return read(first, str(args, "fields"));
      if (req.method === "GET" && second === "threads") return listPosts(args);
      if (req.method === "GET" && second === "threads_publishing_limit") {
        return json(200, {
          data: [
            pick(str(args, "fields"), {
              quota_usage: quota.usage,
              config: { quota_total: quota.total, quota_duration: QUOTA_SECONDS },
            }),
          ],
        });
      }
      return graphError(400, 100, `Unsupported ${req.method.toLowerCase()} request.`);
    },
  };

  return {
    mounts: [mount],
    reset: () => {
      containers.clear();
      media.clear();
      quota = { usage: 0, total: QUOTA_TOTAL };
      config = { pollsUntilFinished: 0, finalStatus: "FINISHED", errorMessage: "UNKNOWN" };
    },
    setQuota: ({ quotaUsage, quotaTotal }) => {
      quota = { usage: quotaUsage, total: quotaTotal ?? QUOTA_TOTAL };
    },
    setStatus: (next) => {
      config = {
        pollsUntilFinished: next.pollsUntilFinished ?? 0,
        finalStatus: next.finalStatus ?? "FINISHED",
        errorMessage: next.errorMessage ?? "UNKNOWN",
      };
    },
  };
}
