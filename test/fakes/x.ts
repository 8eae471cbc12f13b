// Fake X API v2 under /x: POST /2/tweets (twitter-text length, duplicate content per
// account, the per-user 24-hour cap), DELETE /2/tweets/:id and GET /2/users/me, with X's
// problem-details errors and rate-limit headers (`x-rate-limit-*`, and
// `x-user-limit-24hour-*` once a daily cap is set). OAuth 2.0 (x-oauth.ts) decides which
// account a request acts as; every tweet remembers its author.
import type { FakeClock } from "./clock.js";
import type { FailureContext, FakeRequest, FakeResponse, Mount, ServiceFake } from "./http.js";
import { isRecord, json, sequence } from "./http.js";
import type { XTweetRecord } from "./types.js";
import type { XCaller, XOAuth } from "./x-oauth.js";
import { createXOAuth } from "./x-oauth.js";
import { TWEET_MAX, tweetLength } from "./x-text.js";

const TITLES: Record<number, string> = {
  400: "Invalid Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

function rateLimitHeaders(remaining: number, resetInSeconds: number): Record<string, string> {
  return {
    "x-rate-limit-limit": "100",
    "x-rate-limit-remaining": String(remaining),
    "x-rate-limit-reset": String(Math.floor(Date.now() / 1000) + resetInSeconds),
  };
}

function problem(status: number, detail: string, headers: Record<string, string> = {}): FakeResponse {
  const title = TITLES[status] ?? "Error";
  return json(status, { title, detail, type: "about:blank", status }, headers);
}

function invalidRequest(message: string): FakeResponse {
  return json(400, {
    errors: [{ message }],
    title: "Invalid Request",
    detail: "One or more parameters to your request was invalid.",
    type: "https://api.twitter.com/2/problems/invalid-request",
  });
}

function failure(status: number, { retryAfter }: FailureContext): FakeResponse {
  if (status === 429) return problem(429, "Too Many Requests", rateLimitHeaders(0, retryAfter));
  return problem(status, TITLES[status] ?? "Error");
}

function isAuthorized(req: FakeRequest): boolean {
  const auth = req.headers.authorization ?? "";
  return auth.startsWith("OAuth ") || auth.startsWith("Bearer ");
}

export interface XFake extends ServiceFake {
  /** Posts left in the user's 24-hour window; at 0 a post is refused with 429. */
  setDailyLimit(limit: { dailyRemaining: number; dailyResetInSeconds?: number }): void;
  oauth: XOAuth;
  tweets(): XTweetRecord[];
}

/** The scopes X's authentication mapping asks of an OAuth 2.0 user token, per endpoint. */
const NEEDS: Record<string, string[]> = {
  "POST /2/tweets": ["tweet.read", "tweet.write", "users.read"],
  "DELETE /2/tweets": ["tweet.read", "tweet.write", "users.read"],
  "GET /2/users/me": ["tweet.read", "users.read"],
};

const DAILY_LIMIT = 100;

export function createXFake(clock: FakeClock): XFake {
  const oauth = createXOAuth(clock);
  const posted: XTweetRecord[] = [];
  const nextTweet = sequence();
  let daily: { remaining: number; resetAt: number } | undefined;

  const dailyHeaders = (): Record<string, string> =>
    daily === undefined
      ? {}
      : {
          "x-user-limit-24hour-limit": String(DAILY_LIMIT),
          "x-user-limit-24hour-remaining": String(daily.remaining),
          "x-user-limit-24hour-reset": String(daily.resetAt),
        };

  function createTweet(body: unknown, author: XCaller["user"]): FakeResponse {
    if (!isRecord(body)) return invalidRequest("Request body must be a JSON object");
    const { text, reply } = body;
    if (typeof text !== "string") return invalidRequest("$.text: is missing but it is required");
    if (reply !== undefined && !(isRecord(reply) && /^\d+$/.test(String(reply.in_reply_to_tweet_id)))) {
      return invalidRequest("$.reply.in_reply_to_tweet_id: does not match the regex pattern ^[0-9]{1,19}$");
    }
    if (tweetLength(text) > TWEET_MAX) {
      return problem(
        403,
        "Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.",
      );
    }
    if (daily !== undefined && daily.remaining <= 0) {
      return problem(429, "Too Many Requests", { ...rateLimitHeaders(99, 900), ...dailyHeaders() });
    }
    if (posted.some((tweet) => tweet.authorId === author.id && tweet.text === text))
      return problem(403, "You are not allowed to create a Tweet with duplicate content.");
    if (daily !== undefined) daily.remaining -= 1;
    const id = String(1_900_000_000_000_000_000n + BigInt(nextTweet()));
    posted.push({ id, text, authorId: author.id, authorUsername: author.username });
    return json(
      201,
      { data: { id, text, edit_history_tweet_ids: [id] } },
      { ...rateLimitHeaders(99, 900), ...dailyHeaders() },
    );
  }

  const mount: Mount = {
    service: "x",
    prefix: "/x",
    failure,
    handle(req) {
      const answered = oauth.handle(req);
      if (answered !== undefined) return answered;
      if (!isAuthorized(req)) return problem(401, "Unauthorized");
      const caller = oauth.caller(req);
      if (caller === undefined) return problem(401, "Unauthorized");
      const route = `${req.method} ${req.path.replace(/^(\/2\/tweets)\/\d+$/, "$1")}`;
      if (caller.scopes !== undefined && NEEDS[route]?.some((scope) => !caller.scopes?.has(scope))) {
        return problem(403, "Forbidden");
      }
      const { user } = caller;
      if (req.method === "POST" && req.path === "/2/tweets") return createTweet(req.body, user);
      if (req.method === "DELETE" && /^\/2\/tweets\/\d+$/.test(req.path)) {
        const index = posted.findIndex((tweet) => `/2/tweets/${tweet.id}` === req.path);
        if (index >= 0 && posted[index]?.authorId === user.id) posted.splice(index, 1);
        return json(200, { data: { deleted: true } });
      }
      if (req.method === "GET" && req.path === "/2/users/me") {
        return json(200, { data: { id: user.id, name: user.name, username: user.username } });
      }
      return problem(404, `Could not find route ${req.method} ${req.path}`);
    },
  };

  return {
    mounts: [mount],
    oauth,
    tweets: () => posted.map((tweet) => ({ ...tweet })),
    reset: () => {
      posted.length = 0;
      daily = undefined;
      oauth.reset();
    },
    setDailyLimit: ({ dailyRemaining, dailyResetInSeconds }) => {
      daily = {
        remaining: dailyRemaining,
        resetAt: Math.floor(Date.now() / 1000) + (dailyResetInSeconds ?? 6 * 60 * 60),
      };
    },
  };
}
