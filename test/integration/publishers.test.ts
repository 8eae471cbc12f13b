/**
 * The three publishers against the loopback fakes: happy paths (threads chained as replies),
 * Telegram HTML escaping on the wire, 429 → retry-after, 5xx/network/timeout → transient,
 * 4xx → rejected, Threads container ERROR/EXPIRED → rejected, and no credential in any error.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Config, parseConfig } from "../../src/config";
import type { Platform } from "../../src/db/schema";
import { fitToPlatform } from "../../src/pipeline/platform-fit";
import { createPublisher } from "../../src/publishers";
import { authorizationHeader } from "../../src/publishers/oauth1";
import { type PostedPart, PublishError, type PublisherDeps } from "../../src/publishers/types";
import { fakes } from "../slack-helpers";

const TELEGRAM = { TELEGRAM_BOT_TOKEN: "123:abc-secret", TELEGRAM_CHAT_ID: "@chan" };
const X = {
  X_API_KEY: "ck-secret",
  X_API_SECRET: "cs-secret",
  X_ACCESS_TOKEN: "at-secret",
  X_ACCESS_SECRET: "as-secret",
};
const THREADS = { THREADS_USER_ID: "27000000000000001", THREADS_ACCESS_TOKEN: "threads-token-secret" };
const SECRETS = [...Object.values(TELEGRAM).slice(0, 1), ...Object.values(X), THREADS.THREADS_ACCESS_TOKEN];

function config(overrides: Record<string, string>): Config {
  return parseConfig({ ...env, ...overrides });
}

const noSleep: Partial<PublisherDeps> = { sleep: async () => {} };

function publisher(platform: Platform, overrides: Record<string, string>, deps: Partial<PublisherDeps> = {}) {
  return createPublisher(platform, config(overrides), deps);
}

/** Publishes and returns the PublishError it must throw. */
async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PublishError);
  const error = err as PublishError;
  for (const secret of SECRETS) expect(error.message).not.toContain(secret);
  expect(error.message).not.toMatch(/https?:\/\//);
  return error;
}

const body = (r: { body: unknown } | undefined) => (r?.body ?? {}) as Record<string, unknown>;

describe("Telegram publisher", () => {
  it("sends HTML-escaped text with previews off and links the channel post", async () => {
    const fit = fitToPlatform("telegram", 'SSRIs & sleep: <not> a "cure" — take <b>care</b>.');
    const result = await publisher("telegram", TELEGRAM).publish(fit.formatted, "d1:telegram");
    const [sent] = await fakes().requests("telegram", "sendMessage");
    expect(sent?.path).toBe("/bot123:abc-secret/sendMessage");
    expect(body(sent)).toMatchObject({
      chat_id: "@chan",
      text: 'SSRIs &amp; sleep: &lt;not&gt; a "cure" — take &lt;b&gt;care&lt;/b&gt;.',
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
    expect(body(sent).disable_web_page_preview).toBeUndefined();
    expect(body(sent).reply_parameters).toBeUndefined();
    expect(result.url).toBe(`https://t.me/chan/${result.externalId}`);
    expect(result.parts.map((p) => p.id)).toEqual([result.externalId]);
  });

  it("posts a thread as consecutive messages replying to the first, and resumes without re-posting", async () => {
    const progress: string[][] = [];
    const result = await publisher("telegram", TELEGRAM).publish(
      ["one (1/3)", "two (2/3)", "three (3/3)"],
      "k",
      {
        onPosted: async (parts) => {
          progress.push(parts.map((p) => p.id));
        },
      },
    );
    const sent = await fakes().requests("telegram", "sendMessage");
    expect(sent.map((r) => body(r).text)).toEqual(["one (1/3)", "two (2/3)", "three (3/3)"]);
    const first = Number(result.externalId);
    expect(sent.slice(1).map((r) => body(r).reply_parameters)).toEqual([
      { message_id: first, allow_sending_without_reply: true },
      { message_id: first, allow_sending_without_reply: true },
    ]);
    expect(progress.map((ids) => ids.length)).toEqual([1, 2, 3]);

    await fakes().reset();
    const resumed = await publisher("telegram", TELEGRAM).publish(["a", "b", "c"], "k", {
      alreadyPosted: [
        { id: "41", url: "https://t.me/chan/41" },
        { id: "42", url: "https://t.me/chan/42" },
      ],
    });
    const again = await fakes().requests("telegram", "sendMessage");
    expect(again.map((r) => body(r).text)).toEqual(["c"]);
    expect(body(again[0]).reply_parameters).toMatchObject({ message_id: 41 });
    expect(resumed.parts.slice(0, 2).map((p) => p.id)).toEqual(["41", "42"]);
    expect(resumed.url).toBe("https://t.me/chan/41");
  });

  it("links a private channel's post as t.me/c/<id>/<message>, and a basic group's not at all", async () => {
    const channel = await publisher("telegram", { ...TELEGRAM, TELEGRAM_CHAT_ID: "-1001234567890" }).publish(
      ["hello"],
      "k",
    );
    expect(channel.url).toBe(`https://t.me/c/1234567890/${channel.externalId}`);
    const group = await publisher("telegram", { ...TELEGRAM, TELEGRAM_CHAT_ID: "-4567" }).publish(
      ["hi"],
      "k",
    );
    expect(group.url).toBeNull();
  });

  it("maps 429 to rate_limited with the server's retry_after", async () => {
    await fakes().fail({ service: "telegram", status: 429, retryAfter: 7 });
    const error = await failure(publisher("telegram", TELEGRAM).publish(["hi"], "k"));
    expect(error).toMatchObject({ kind: "rate_limited", retryAfterS: 7 });
  });

  it("maps 5xx, a dropped connection and a timeout to transient", async () => {
    await fakes().fail({ service: "telegram", status: 502 });
    expect((await failure(publisher("telegram", TELEGRAM).publish(["hi"], "k"))).kind).toBe("transient");
    await fakes().fail({ service: "telegram", status: 0 });
    expect((await failure(publisher("telegram", TELEGRAM).publish(["hi"], "k"))).kind).toBe("transient");
    await fakes().fail({ service: "telegram", status: 200, delayMs: 500 });
    const slow = await failure(publisher("telegram", TELEGRAM, { timeoutMs: 100 }).publish(["hi"], "k"));
    expect(slow).toMatchObject({ kind: "transient", message: expect.stringMatching(/timed out/) });
  });

  it("maps other 4xx to rejected with a message a physician can act on", async () => {
    await fakes().fail({ service: "telegram", status: 403 });
    const error = await failure(publisher("telegram", TELEGRAM).publish(["hi"], "k"));
    expect(error.kind).toBe("rejected");
    expect(error.message).toMatch(/not a member.*administrator/i);
  });

  it("is not_configured without a token and chat, naming the settings", async () => {
    const unconfigured = publisher("telegram", {});
    expect(unconfigured.configured).toBe(false);
    const error = await failure(unconfigured.publish(["hi"], "k"));
    expect(error).toMatchObject({
      kind: "not_configured",
      message: expect.stringContaining("TELEGRAM_BOT_TOKEN"),
    });
    expect(await fakes().requests("telegram")).toEqual([]);
  });
});

describe("X publisher", () => {
  it("posts with a valid OAuth 1.0a signature over the URL only (the JSON body is not signed)", async () => {
    const x = publisher("x", X);
    expect(x.configured).toBe(true);
    const result = await x.publish(["Sleep is part of the work."], "k");
    const [sent] = await fakes().requests("x", "/2/tweets");
    expect(body(sent)).toEqual({ text: "Sleep is part of the work." });
    const header = sent?.headers.authorization ?? "";
    const fields = Object.fromEntries(
      [...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], decodeURIComponent(m[2] ?? "")]),
    );
    expect(fields).toMatchObject({
      oauth_consumer_key: "ck-secret",
      oauth_token: "at-secret",
      oauth_version: "1.0",
    });
    const expected = await authorizationHeader(
      { consumerKey: "ck-secret", consumerSecret: "cs-secret", token: "at-secret", tokenSecret: "as-secret" },
      "POST",
      `${env.FAKES_URL}/x/2/tweets`,
      { nonce: fields.oauth_nonce, timestamp: Number(fields.oauth_timestamp) },
    );
    expect(header).toBe(expected);
    expect(result.url).toBe(`https://x.com/i/web/status/${result.externalId}`);
  });

  it("chains a thread: each part replies to the previous one", async () => {
    const long = Array.from(
      { length: 12 },
      (_, i) => `Sentence number ${i + 1} about sleep hygiene and caffeine.`,
    ).join(" ");
    const fit = fitToPlatform("x", long);
    expect(fit.formatted.length).toBeGreaterThan(1);
    const result = await publisher("x", X).publish(fit.formatted, "k");
    const sent = await fakes().requests("x", "/2/tweets");
    expect(sent.map((r) => body(r).text)).toEqual(fit.formatted);
    expect(body(sent[0]).reply).toBeUndefined();
    for (let i = 1; i < sent.length; i++) {
      expect(body(sent[i]).reply).toEqual({ in_reply_to_tweet_id: result.parts[i - 1]?.id });
    }
    expect(result.externalId).toBe(result.parts[0]?.id);
  });

  it("resumes a thread after a mid-thread 429 without re-posting the parts already live", async () => {
    let calls = 0;
    const failSecond: Partial<PublisherDeps> = {
      fetch: async (input, init) => {
        calls += 1;
        if (calls === 2) await fakes().fail({ service: "x", path: "/2/tweets", status: 429, retryAfter: 30 });
        return fetch(input, init);
      },
    };
    let progress: PostedPart[] = [];
    const parts = ["First part (1/3)", "Second part (2/3)", "Third part (3/3)"];
    const error = await failure(
      publisher("x", X, failSecond).publish(parts, "k", {
        onPosted: async (parts) => {
          progress = parts;
        },
      }),
    );
    expect(error.kind).toBe("rate_limited");
    expect(progress).toHaveLength(1);

    const result = await publisher("x", X).publish(parts, "k", { alreadyPosted: progress });
    const sent = await fakes().requests("x", "/2/tweets");
    expect(sent.map((r) => body(r).text)).toEqual([parts[0], parts[1], parts[1], parts[2]]);
    expect(body(sent[2]).reply).toEqual({ in_reply_to_tweet_id: progress[0]?.id });
    expect(result.parts[0]?.id).toBe(progress[0]?.id);
  });

  it("maps 429 to rate_limited, waiting until x-rate-limit-reset", async () => {
    await fakes().fail({ service: "x", status: 429, retryAfter: 42 });
    const error = await failure(publisher("x", X).publish(["hi there"], "k"));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterS).toBeGreaterThanOrEqual(40);
    expect(error.retryAfterS).toBeLessThanOrEqual(43);
  });

  it("maps 5xx to transient and 401 to a credentials message without the credentials", async () => {
    await fakes().fail({ service: "x", status: 503 });
    expect((await failure(publisher("x", X).publish(["hi"], "k"))).kind).toBe("transient");
    await fakes().fail({ service: "x", status: 401 });
    const error = await failure(publisher("x", X).publish(["hi"], "k"));
    expect(error).toMatchObject({ kind: "rejected", message: expect.stringMatching(/credentials/) });
  });

  it("rejects duplicate content with a clear message", async () => {
    await publisher("x", X).publish(["Same words twice."], "k");
    const error = await failure(publisher("x", X).publish(["Same words twice."], "k"));
    expect(error.kind).toBe("rejected");
    expect(error.message).toMatch(/duplicate/i);
  });

  it("is not_configured without all four keys", async () => {
    const error = await failure(publisher("x", {}).publish(["hi"], "k"));
    expect(error).toMatchObject({ kind: "not_configured", message: expect.stringContaining("X_API_KEY") });
  });
});

/** threads_publish calls (not the threads_publishing_limit check, whose path contains it). */
const published = async () =>
  (await fakes().requests("threads", "threads_publish")).filter((c) => c.path.endsWith("/threads_publish"));

describe("Threads publisher", () => {
  it("creates a container, waits for FINISHED, publishes and reads the permalink", async () => {
    const result = await publisher("threads", THREADS, noSleep).publish(["Caffeine lingers."], "k");
    const calls = await fakes().requests("threads");
    expect(calls.map((c) => `${c.method} ${c.path.replace(/\d{10,}/g, "{id}")}`)).toEqual([
      "GET /{id}/threads_publishing_limit",
      "POST /{id}/threads",
      "GET /{id}",
      "POST /{id}/threads_publish",
      "GET /{id}",
    ]);
    expect(body(calls[1])).toMatchObject({ media_type: "TEXT", text: "Caffeine lingers." });
    expect(body(calls[1]).reply_to_id).toBeUndefined();
    expect(calls[2]?.query.fields).toBe("status,error_message");
    expect(calls[4]?.query.fields).toBe("permalink");
    expect(result.url).toMatch(/^https:\/\/www\.threads\.net\/@fake\/post\//);
  });

  it("chains a thread with reply_to_id", async () => {
    const result = await publisher("threads", THREADS, noSleep).publish(["one (1/2)", "two (2/2)"], "k");
    const creates = (await fakes().requests("threads")).filter(
      (c) => c.method === "POST" && c.path.endsWith("/threads"),
    );
    expect(creates.map((c) => body(c).text)).toEqual(["one (1/2)", "two (2/2)"]);
    expect(body(creates[1]).reply_to_id).toBe(result.parts[0]?.id);
    expect(result.parts).toHaveLength(2);
  });

  it("polls with 1 s spacing until the container is FINISHED", async () => {
    await fakes().setThreadsStatus({ pollsUntilFinished: 2 });
    const sleeps: number[] = [];
    await publisher("threads", THREADS, { sleep: async (ms) => void sleeps.push(ms) }).publish(["x"], "k");
    expect(sleeps).toEqual([1000, 1000]);
  });

  it("gives up after a short poll (transient: retried later)", async () => {
    await fakes().setThreadsStatus({ pollsUntilFinished: 50 });
    const error = await failure(publisher("threads", THREADS, noSleep).publish(["x"], "k"));
    expect(error.kind).toBe("transient");
    const polls = (await fakes().requests("threads")).filter(
      (c) => c.query.fields === "status,error_message",
    );
    expect(polls).toHaveLength(5);
    expect(await published()).toEqual([]);
  });

  it.each(["ERROR", "EXPIRED"] as const)(
    "rejects a container in %s with the platform's message",
    async (status) => {
      await fakes().setThreadsStatus({ finalStatus: status, errorMessage: "FAILED_PROCESSING_TEXT" });
      const error = await failure(publisher("threads", THREADS, noSleep).publish(["x"], "k"));
      expect(error.kind).toBe("rejected");
      expect(error.message).toContain(status.toLowerCase());
      if (status === "ERROR") expect(error.message).toContain("FAILED_PROCESSING_TEXT");
      expect(await published()).toEqual([]);
    },
  );

  it("maps 429 to rate_limited with a retry delay, 5xx to transient, 4xx to rejected", async () => {
    const create = "/threads$";
    await fakes().fail({ service: "threads", path: create, status: 429 });
    const limited = await failure(publisher("threads", THREADS, noSleep).publish(["x"], "k"));
    expect(limited.kind).toBe("rate_limited");
    expect(limited.retryAfterS).toBeGreaterThan(0);
    await fakes().fail({ service: "threads", path: create, status: 500 });
    expect((await failure(publisher("threads", THREADS, noSleep).publish(["x"], "k"))).kind).toBe(
      "transient",
    );
    await fakes().fail({ service: "threads", path: create, status: 400 });
    expect((await failure(publisher("threads", THREADS, noSleep).publish(["x"], "k"))).kind).toBe("rejected");
  });

  it("publishes even when the quota check itself fails (threads_publish enforces the quota)", async () => {
    await fakes().fail({ service: "threads", path: "threads_publishing_limit", status: 500 });
    const result = await publisher("threads", THREADS, noSleep).publish(["Still goes out."], "k");
    expect(result.parts).toHaveLength(1);
  });

  it("explains an expired token without revealing it", async () => {
    await fakes().fail({ service: "threads", path: "/threads$", status: 401 });
    const error = await failure(publisher("threads", THREADS, noSleep).publish(["x"], "k"));
    expect(error).toMatchObject({
      kind: "rejected",
      message: expect.stringMatching(/access token.*expired/),
    });
  });

  it("is not_configured without a user id and token", async () => {
    const error = await failure(publisher("threads", {}).publish(["x"], "k"));
    expect(error).toMatchObject({
      kind: "not_configured",
      message: expect.stringContaining("THREADS_ACCESS_TOKEN"),
    });
  });
});
