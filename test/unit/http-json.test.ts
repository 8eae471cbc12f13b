/**
 * The one HTTP exchange behind the publishers' API calls and the sign-in calls: a JSON body
 * or null, and "no answer" (timed out or network) turned into each caller's own error, with
 * the URL (which may carry a token) never in the message.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { OAuthError, oauthCall } from "../../src/accounts/oauth-http";
import { exchangeJson, NoAnswer } from "../../src/lib/http-json";
import { callApi, DEFAULT_DEPS, PublishError } from "../../src/publishers/types";

const URL_WITH_TOKEN = "https://graph.example/me?access_token=SECRET-TOKEN";
const answering =
  (body: string, status = 200) =>
  async () =>
    new Response(body, { status });
const failing = (name: string) => async () => {
  const err = new Error(`${name} at ${URL_WITH_TOKEN}`);
  err.name = name;
  throw err;
};

afterEach(() => vi.restoreAllMocks());

describe("exchangeJson", () => {
  it("gives the status and the JSON body, or null for an empty or non-JSON body", async () => {
    expect(await exchangeJson(answering('{"id":"1"}', 201), URL_WITH_TOKEN, {}, 1000)).toMatchObject({
      status: 201,
      body: { id: "1" },
    });
    expect((await exchangeJson(answering(""), URL_WITH_TOKEN, {}, 1000)).body).toBeNull();
    expect(
      (await exchangeJson(answering("<html>busy</html>", 503), URL_WITH_TOKEN, {}, 1000)).body,
    ).toBeNull();
  });

  it("says whether no answer came because the time ran out", async () => {
    const timeout = await exchangeJson(failing("TimeoutError"), URL_WITH_TOKEN, {}, 1000).catch(
      (e: unknown) => e,
    );
    expect(timeout).toEqual(new NoAnswer(true));
    const network = await exchangeJson(failing("TypeError"), URL_WITH_TOKEN, {}, 1000).catch(
      (e: unknown) => e,
    );
    expect(network).toEqual(new NoAnswer(false));
    expect(String(network)).not.toContain("SECRET");
  });
});

describe("callApi (publishers)", () => {
  it("turns no answer into a transient error whose outcome is unknown, naming the service only", async () => {
    const err = await callApi(
      { ...DEFAULT_DEPS, fetch: failing("TimeoutError") },
      "X",
      URL_WITH_TOKEN,
      {},
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect(err).toMatchObject({
      kind: "transient",
      message: "X did not answer (timed out)",
      extra: { outcomeUnknown: true },
    });
  });
});

describe("oauthCall (sign-in)", () => {
  const schema = z.object({ id: z.string() });

  it("reads a good answer, and refuses, or calls unavailable, by the status", async () => {
    const fetch = vi.spyOn(globalThis, "fetch");
    fetch.mockImplementationOnce(answering('{"id":"42"}'));
    expect(await oauthCall("Threads", URL_WITH_TOKEN, {}, schema)).toEqual({ id: "42" });
    fetch.mockImplementationOnce(answering('{"error":{"message":"Invalid OAuth access token."}}', 400));
    await expect(oauthCall("Threads", URL_WITH_TOKEN, {}, schema)).rejects.toEqual(
      new OAuthError("Threads refused (HTTP 400): Invalid OAuth access token.", "refused", 400),
    );
    fetch.mockImplementationOnce(answering("", 429));
    await expect(oauthCall("Threads", URL_WITH_TOKEN, {}, schema)).rejects.toMatchObject({
      kind: "unavailable",
    });
    fetch.mockImplementationOnce(answering('{"other":1}'));
    await expect(oauthCall("Threads", URL_WITH_TOKEN, {}, schema)).rejects.toThrow("unexpected shape");
  });

  it("calls no answer unavailable, without the URL", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementationOnce(failing("TypeError"));
    const err = await oauthCall("X", URL_WITH_TOKEN, {}, schema).catch((e: unknown) => e);
    expect(err).toEqual(new OAuthError("X did not answer", "unavailable"));
    expect(String(err)).not.toContain("SECRET");
  });
});
