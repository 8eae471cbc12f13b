import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config";
import { TransientError } from "../../src/queues/retry";
import { createSlackClient, SlackPermanentError, slackCall } from "../../src/slack/client";
import { fakes } from "../slack-helpers";

const config = () => parseConfig(env);

describe("Slack Web API client", () => {
  it("uses SLACK_API_URL and the bot token", async () => {
    const slack = createSlackClient(config());
    await slackCall("chat.postMessage", () => slack.chat.postMessage({ channel: "C1", text: "hi" }));
    const [call] = await fakes().requests("slack", "chat.postMessage");
    expect(call?.headers.authorization).toBe("Bearer xoxb-test-token");
  });

  it("waits out a short 429 Retry-After once, then succeeds", async () => {
    await fakes().fail({ service: "slack", path: "chat.postMessage", status: 429, retryAfter: 1 });
    const slack = createSlackClient(config(), { maxRateLimitWaitS: 2 });
    const res = await slackCall("chat.postMessage", () =>
      slack.chat.postMessage({ channel: "C1", text: "hi" }),
    );
    expect(res.ok).toBe(true);
    expect(await fakes().requests("slack", "chat.postMessage")).toHaveLength(2);
  });

  it("turns a long 429 into a retryable error carrying Retry-After, without sleeping", async () => {
    await fakes().fail({ service: "slack", path: "chat.postMessage", status: 429, retryAfter: 30 });
    const slack = createSlackClient(config(), { maxRateLimitWaitS: 1 });
    const err = await slackCall("chat.postMessage", () =>
      slack.chat.postMessage({ channel: "C1", text: "hi" }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as TransientError).retryAfterS).toBe(30);
  });

  it("maps ok:false to a permanent error naming Slack's error code, never the token", async () => {
    const slack = createSlackClient(config());
    const err = await slackCall("chat.update", () =>
      slack.chat.update({ channel: "", ts: "1.1", text: "x" }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlackPermanentError);
    expect((err as SlackPermanentError).slackError).toMatch(/channel_not_found|invalid_arguments/);
    expect(String((err as Error).message)).not.toContain("xoxb");
  });
});
