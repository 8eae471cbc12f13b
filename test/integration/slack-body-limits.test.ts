/**
 * An unauthenticated request costs almost nothing: a stale or missing signature is refused
 * before a byte of the body is read, and a body over 1 MiB is refused with 413 — from its
 * Content-Length when it has one, else after counting the first 1 MiB of the stream.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { SLACK_BODY_LIMIT } from "../../src/routes/slack-signature";
import { signSlackRequest } from "../../src/slack/verify";
import { silenceLogs } from "../helpers";

/** A body of `total` bytes, streamed in 64 KiB chunks, that counts what was read of it. */
function countingBody(total: number): { stream: ReadableStream<Uint8Array>; read: () => number } {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(chunk.length, total - sent);
      sent += size;
      controller.enqueue(chunk.subarray(0, size));
    },
  });
  return { stream, read: () => sent };
}

async function post(body: BodyInit, headers: Record<string, string>) {
  return app.request(
    "/slack/commands",
    { method: "POST", body, headers, duplex: "half" } as RequestInit,
    env,
  );
}

const freshHeaders = async () => {
  const ts = String(Math.floor(Date.now() / 1000));
  return { "x-slack-request-timestamp": ts, "x-slack-signature": await signSlackRequest("wrong", ts, "x") };
};

describe("Slack request size and cost", () => {
  it("refuses a stale timestamp without reading the body", async () => {
    silenceLogs();
    const body = countingBody(30 * 1024 * 1024);
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    const res = await post(body.stream, {
      "x-slack-request-timestamp": stale,
      "x-slack-signature": `v0=${"0".repeat(64)}`,
    });
    expect(res.status).toBe(401);
    expect(body.read()).toBeLessThanOrEqual(64 * 1024); // at most what the runtime buffers ahead
  });

  it("refuses a missing or malformed signature header without reading the body", async () => {
    silenceLogs();
    const body = countingBody(30 * 1024 * 1024);
    const res = await post(body.stream, {
      "x-slack-request-timestamp": String(Math.floor(Date.now() / 1000)),
    });
    expect(res.status).toBe(401);
    expect(body.read()).toBeLessThanOrEqual(64 * 1024);
  });

  it("refuses a declared Content-Length over the limit with 413", async () => {
    silenceLogs();
    const big = "a".repeat(SLACK_BODY_LIMIT + 1);
    const res = await post(big, { ...(await freshHeaders()), "content-length": String(big.length) });
    expect(res.status).toBe(413);
  });

  it("stops reading a streamed body once it passes the limit, with 413", async () => {
    silenceLogs();
    const body = countingBody(30 * 1024 * 1024);
    const res = await post(body.stream, await freshHeaders());
    expect(res.status).toBe(413);
    expect(body.read()).toBeLessThan(SLACK_BODY_LIMIT + 4 * 64 * 1024);
  });

  it("still checks the signature of a body within the limit", async () => {
    silenceLogs();
    const res = await post("command=%2Fdraft&text=help", await freshHeaders());
    expect(res.status).toBe(401);
  });
});
