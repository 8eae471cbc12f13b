// Fake Threads (Meta Graph) API under /threads/v1.0: create a media container, poll its
// status, publish it, read the permalink, list the user's posts (newest first), read the
// 24-hour publishing quota (`threads_publishing_limit`) and refuse posts beyond it.
// Errors use the Graph {error:{…, fbtrace_id}} shape. OAuth (threads-oauth.ts) lives under
// /threads (the Authorization Window, unversioned token endpoints) and /threads/v1.0; a
// token it issued acts only on its own user ("me" or that id) and that user's posts.
import type { FakeClock } from "./clock.js";
import { graphError, unknownObject } from "./graph-errors.js";
import type { FailureContext, FakeRequest, FakeResponse, Mount, ServiceFake } from "./http.js";
import { bearerToken, json, params, sequence, str } from "./http.js";
import type { ThreadsCaller, ThreadsOAuth } from "./threads-oauth.js";
import { createThreadsOAuth } from "./threads-oauth.js";
import type { ThreadsPostRecord, ThreadsStatusConfig } from "./types.js";

export interface ThreadsFake extends ServiceFake {
  setStatus(config: ThreadsStatusConfig): void;
  setQuota(quota: { quotaUsage: number; quotaTotal?: number }): void;
  oauth: ThreadsOAuth;
  posts(): ThreadsPostRecord[];
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
  userId: string;
  text: string;
  shortcode: string;
  timestamp: string;
  replyToId: string | undefined;
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

/** Graph's answer to a token without a permission the call needs. */
const noPermission = () => graphError(400, 10, "(#10) Application does not have permission for this action");

export function createThreadsFake(clock: FakeClock): ThreadsFake {
  const oauth = createThreadsOAuth(clock);
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

  function publish(userId: string, args: Record<string, unknown>): FakeResponse {
    const creationId = str(args, "creation_id");
    if (!creationId) return graphError(400, 100, "The parameter creation_id is required.");
    const container = containers.get(creationId);
    if (container === undefined || container.userId !== userId) return unknownObject(creationId, "post");
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
      userId,
      text: container.text,
      shortcode,
      timestamp: new Date().toISOString().replace(/\.\d+Z$/, "+0000"),
      replyToId: container.replyToId,
    });
    return json(200, { id });
  }

  /** Objects of other users are invisible to a token the fake issued, as on Graph. */
  const visible = (caller: ThreadsCaller, ownerId: string) =>
    caller.scopes === undefined || caller.user.id === ownerId;

  function read(caller: ThreadsCaller, id: string, fields: string | undefined): FakeResponse {
    const { user } = caller;
    if (id === "me" || (caller.scopes !== undefined && id === user.id))
      return json(200, pick(fields, { id: user.id, username: user.username, name: user.name }));
    const container = containers.get(id);
    if (container !== undefined && visible(caller, container.userId)) {
      container.polls += 1;
      const status = statusOf(container, container.polls - 1);
      const errorMessage = status === "ERROR" ? config.errorMessage : undefined;
      return json(200, pick(fields, { id, status, error_message: errorMessage }));
    }
    const post = media.get(id);
    if (post === undefined || !visible(caller, post.userId)) return unknownObject(id, "get");
    const owner = oauth.users.get(post.userId) ?? user;
    return json(
      200,
      pick(fields, {
        id,
        media_product_type: "THREADS",
        media_type: "TEXT_POST",
        permalink: `https://www.threads.net/@${owner.username}/post/${post.shortcode}`,
        owner: { id: owner.id },
        username: owner.username,
        text: post.text,
        timestamp: post.timestamp,
        shortcode: post.shortcode,
        is_reply: post.replyToId !== undefined,
      }),
    );
  }

  /** The user's posts, newest first, with the requested fields (default: id). */
  function listPosts(caller: ThreadsCaller, args: Record<string, unknown>): FakeResponse {
    const limit = Math.min(100, Number(str(args, "limit") ?? "25") || 25);
    const fields = str(args, "fields");
    const data = [...media.values()]
      .filter((post) => visible(caller, post.userId))
      .reverse()
      .slice(0, limit)
      .map((post) => pick(fields, { id: post.id, text: post.text, timestamp: post.timestamp }));
    return json(200, { data, paging: { cursors: { before: "BEFORE", after: "AFTER" } } });
  }

  /** `/{user-id}/<edge>`: a fake-issued token names its own user, or "me". */
  function edge(req: FakeRequest, caller: ThreadsCaller, userId: string, name: string): FakeResponse {
    const args = params(req);
    const verb = req.method === "POST" ? "post" : "get";
    if (caller.scopes !== undefined && userId !== "me" && userId !== caller.user.id) {
      return unknownObject(userId, verb);
    }
    const publishing = req.method === "POST" && (name === "threads" || name === "threads_publish");
    if (publishing && caller.scopes !== undefined && !caller.scopes.has("threads_content_publish")) {
      return noPermission();
    }
    if (req.method === "POST" && name === "threads") return createContainer(caller.user.id, args);
    if (req.method === "POST" && name === "threads_publish") return publish(caller.user.id, args);
    if (req.method === "GET" && name === "threads") return listPosts(caller, args);
    if (req.method === "GET" && name === "threads_publishing_limit") {
      return json(200, {
        data: [
          pick(str(args, "fields"), {
            quota_usage: quota.usage,
            config: { quota_total: quota.total, quota_duration: QUOTA_SECONDS },
          }),
        ],
      });
    }
    return graphError(400, 100, `Unsupported ${verb} request.`);
  }

  const mount: Mount = {
    service: "threads",
    prefix: "/threads/v1.0",
    failure,
    handle(req: FakeRequest) {
      const answered = oauth.handle(req, false);
      if (answered !== undefined) return answered;
      const args = params(req);
      if (!str(args, "access_token") && bearerToken(req.headers) === undefined) {
        return graphError(400, 104, "An access token is required to request this resource.");
      }
      const caller = oauth.caller(req);
      if ("status" in caller) return caller;
      const [, first = "", second, ...rest] = req.path.split("/");
      if (rest.length > 0 || first === "") return graphError(400, 100, "Unknown path components");
      if (second !== undefined) return edge(req, caller, first, second);
      if (req.method === "GET") return read(caller, first, str(args, "fields"));
      return graphError(400, 100, `Unsupported ${req.method.toLowerCase()} request.`);
    },
  };

  /** graph.threads.net's unversioned token endpoints, and threads.net's Authorization Window. */
  const oauthMount: Mount = {
    service: "threads",
    prefix: "/threads",
    failure,
    handle: (req) =>
      oauth.handle(req, true) ?? graphError(400, 100, `Unsupported ${req.method.toLowerCase()} request.`),
  };

  return {
    mounts: [mount, oauthMount],
    oauth,
    posts: () =>
      [...media.values()].map((post) => ({
        id: post.id,
        text: post.text,
        userId: post.userId,
        username: oauth.users.get(post.userId)?.username ?? "",
      })),
    reset: () => {
      oauth.reset();
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
