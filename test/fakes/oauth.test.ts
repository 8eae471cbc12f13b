// Tests for the fakes' per-account connection features: X OAuth 2.0 with PKCE, Threads
// OAuth (short- and long-lived tokens), the fake clock, and Telegram channels, webhooks and
// update builders.
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import type { FakeBaseUrls, FakeServer, FakesClient } from "./index.js";
import { channelPostUpdate, createTelegramUpdates, myChatMemberUpdate, privateTextUpdate } from "./index.js";
import { useFakeServer } from "./use-fake-server.js";

let server: FakeServer;
let fakes: FakesClient;
let urls: FakeBaseUrls;

useFakeServer((fixture) => {
  ({ server, fakes, urls } = fixture);
});

type Json = Record<string, unknown>;

async function body(response: Response): Promise<Json> {
  return (await response.json()) as Json;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

describe("x oauth 2.0 with PKCE", () => {
  const CLIENT_ID = "UTZfakeClientId";
  const CLIENT_SECRET = "fake-client-secret";
  const REDIRECT = "https://app.example/oauth/x/callback";
  const SCOPES = "tweet.read tweet.write users.read offline.access";
  const basic = (id = CLIENT_ID, secret = CLIENT_SECRET) =>
    `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

  function pkce(): { verifier: string; challenge: string } {
    const verifier = randomBytes(48).toString("base64url");
    return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
  }

  function authorizeUrl(challenge: string, overrides: Record<string, string | null> = {}): string {
    const query = new URLSearchParams({
      response_type: "code",
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: SCOPES,
      state: "state-123",
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    for (const [key, value] of Object.entries(overrides)) {
      if (value === null) query.delete(key);
      else query.set(key, value);
    }
    return `${urls.X_AUTHORIZE_URL}?${query}`;
  }

  function token(form: Record<string, string>, authorization: string | null = basic()): Promise<Response> {
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (authorization !== null) headers.authorization = authorization;
    return fetch(`${urls.X_API_URL}/2/oauth2/token`, {
      method: "POST",
      headers,
      body: new URLSearchParams(form),
    });
  }

  async function codeFor(challenge: string, loginAs?: string, scope = SCOPES): Promise<string> {
    const location = new URL(await fakes.approveConsent(authorizeUrl(challenge, { scope }), { loginAs }));
    return location.searchParams.get("code") ?? "";
  }

  /** The whole flow: consent, then the code exchanged with Basic auth. */
  async function connect(loginAs?: string, scope = SCOPES): Promise<Json> {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge, loginAs, scope);
    const response = await token({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: CLIENT_ID,
    });
    expect(response.status).toBe(200);
    return body(response);
  }

  const bearer = (value: unknown) => ({ authorization: `Bearer ${String(value)}` });
  const me = (accessToken: unknown) =>
    fetch(`${urls.X_API_URL}/2/users/me`, { headers: bearer(accessToken) });
  const tweet = (accessToken: unknown, text: string) =>
    fetch(`${urls.X_API_URL}/2/tweets`, {
      method: "POST",
      headers: { ...bearer(accessToken), "content-type": "application/json" },
      body: JSON.stringify({ text }),
    });

  it("consent page → approve → token → users/me → a tweet recorded for that user", async () => {
    await fakes.addXUser({ id: "1800000000000000042", username: "dr_house", name: "Gregory House" });
    const { verifier, challenge } = pkce();
    const page = await fetch(authorizeUrl(challenge));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain(CLIENT_ID);
    expect(html).toContain("tweet.write");
    expect(html).toContain("@dr_house");
    expect(html).toContain("Authorize app");

    const location = new URL(await fakes.approveConsent(authorizeUrl(challenge)));
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get("state")).toBe("state-123");
    const code = location.searchParams.get("code") ?? "";
    expect(code).toMatch(/^xfake-/);

    const response = await token({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(response.status).toBe(200);
    const tokens = await body(response);
    expect(tokens).toEqual({
      token_type: "bearer",
      expires_in: 7200,
      access_token: expect.stringMatching(/^xfake-at-/),
      scope: SCOPES,
      refresh_token: expect.stringMatching(/^xfake-rt-/),
    });

    expect(await body(await me(tokens.access_token))).toEqual({
      data: { id: "1800000000000000042", name: "Gregory House", username: "dr_house" },
    });
    expect((await tweet(tokens.access_token, "Sleep is medicine")).status).toBe(201);
    expect(await fakes.xTweets()).toEqual([
      {
        id: expect.stringMatching(/^\d+$/),
        text: "Sleep is medicine",
        authorId: "1800000000000000042",
        authorUsername: "dr_house",
      },
    ]);
  });

  it("login_as picks the user; a public client sends client_id in the body instead of Basic auth", async () => {
    await fakes.addXUser({ id: "11", username: "first_doc" });
    await fakes.addXUser({ id: "22", username: "second_doc" });
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge, "Second_Doc");
    const form = { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier };
    const response = await token({ ...form, client_id: CLIENT_ID }, null);
    const tokens = await body(response);
    expect(await body(await me(tokens.access_token))).toMatchObject({
      data: { id: "22", username: "second_doc" },
    });
    await expect(fakes.approveConsent(authorizeUrl(challenge), { loginAs: "nobody" })).rejects.toThrow(
      /HTTP 400: No fake X user @nobody/,
    );
  });

  it("without users registered, the built-in user authorizes (the old /2/users/me answer)", async () => {
    const tokens = await connect();
    expect(await body(await me(tokens.access_token))).toEqual({
      data: { id: "1700000000000000001", name: "Serotonin Fake", username: "serotonin_fake" },
    });
  });

  it("the authorize page refuses a malformed request with an HTML error page", async () => {
    const { challenge } = pkce();
    const malformed: Record<string, string | null>[] = [
      { code_challenge: null },
      { code_challenge: "too-short" },
      { code_challenge_method: "S512" },
      { scope: "tweet.read tweet.fly" },
      { scope: "" },
      { response_type: "token" },
      { redirect_uri: "not a url" },
      { state: null },
      { state: "s".repeat(501) },
      { client_id: null },
    ];
    for (const overrides of malformed) {
      const response = await fetch(authorizeUrl(challenge, overrides));
      expect(response.status, JSON.stringify(overrides)).toBe(400);
      expect(response.headers.get("content-type")).toContain("text/html");
    }
    // X also accepts the plain method.
    expect((await fetch(authorizeUrl("challenge", { code_challenge_method: "plain" }))).status).toBe(200);
  });

  it("Cancel redirects back with error=access_denied and the state", async () => {
    const { challenge } = pkce();
    const location = new URL(await fakes.approveConsent(authorizeUrl(challenge), { deny: true }));
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("state-123");
    expect(location.searchParams.has("code")).toBe(false);
  });

  it("refuses a wrong verifier, a reused code, an expired code and another redirect_uri", async () => {
    const invalidCode = {
      error: "invalid_request",
      error_description: "Value passed for the authorization code was invalid.",
    };
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const form = { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier };

    const wrongVerifier = await token({ ...form, code_verifier: pkce().verifier });
    expect(wrongVerifier.status).toBe(400);
    expect(await body(wrongVerifier)).toEqual({
      error: "invalid_request",
      error_description: "Value passed for the code verifier did not match the code challenge.",
    });
    const wrongRedirect = await token({ ...form, redirect_uri: "https://app.example/other" });
    expect(wrongRedirect.status).toBe(400);
    expect(await body(wrongRedirect)).toMatchObject({ error: "invalid_request" });
    const missing = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT });
    expect(await body(missing)).toEqual({
      error: "invalid_request",
      error_description: "Missing required parameter [code_verifier].",
    });

    expect((await token(form)).status).toBe(200);
    const reused = await token(form);
    expect(reused.status).toBe(400);
    expect(await body(reused)).toEqual(invalidCode);

    const late = pkce();
    const lateCode = await codeFor(late.challenge);
    await fakes.advanceClock(30);
    const expired = await token({ ...form, code: lateCode, code_verifier: late.verifier });
    expect(expired.status).toBe(400);
    expect(await body(expired)).toEqual(invalidCode);
  });

  it("client authentication: Basic or client_id required, and it must be the code's client", async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const form = { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier };
    const unauthorized = {
      error: "unauthorized_client",
      error_description: "Missing valid authorization header",
    };
    const none = await token(form, null);
    expect(none.status).toBe(401);
    expect(await body(none)).toEqual(unauthorized);
    expect((await token(form, "Basic !!!")).status).toBe(401);
    expect((await token(form, basic("another-app"))).status).toBe(401);
    expect((await token({ ...form, client_id: "another-app" })).status).toBe(401);
    expect((await token(form)).status).toBe(200);
  });

  it("refresh rotates: a new access and refresh token, the old refresh token refused", async () => {
    const first = await connect();
    const refresh = (refreshToken: unknown) =>
      token({ grant_type: "refresh_token", refresh_token: String(refreshToken) });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    const rotated = await body(second);
    expect(rotated).toMatchObject({ token_type: "bearer", expires_in: 7200, scope: SCOPES });
    expect(rotated.access_token).not.toBe(first.access_token);
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    expect((await me(rotated.access_token)).status).toBe(200);

    const again = await refresh(first.refresh_token);
    expect(again.status).toBe(400);
    expect(await body(again)).toEqual({
      error: "invalid_request",
      error_description: "Value passed for the token was invalid.",
    });
    expect((await refresh(rotated.refresh_token)).status).toBe(200);
    expect((await token({ grant_type: "refresh_token", refresh_token: "junk" })).status).toBe(400);
  });

  it("no refresh token without offline.access; a token without tweet.write cannot tweet", async () => {
    const tokens = await connect(undefined, "tweet.read users.read");
    expect(tokens).not.toHaveProperty("refresh_token");
    expect((await me(tokens.access_token)).status).toBe(200);
    const refused = await tweet(tokens.access_token, "no scope");
    expect(refused.status).toBe(403);
    expect(await body(refused)).toMatchObject({ title: "Forbidden", status: 403 });
  });

  it("revoke: the token stops working", async () => {
    const tokens = await connect();
    const revoke = await fetch(`${urls.X_API_URL}/2/oauth2/revoke`, {
      method: "POST",
      headers: { authorization: basic(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: String(tokens.access_token), token_type_hint: "access_token" }),
    });
    expect(revoke.status).toBe(200);
    expect(await body(revoke)).toEqual({ revoked: true });
    const after = await me(tokens.access_token);
    expect(after.status).toBe(401);
    expect(await body(after)).toEqual({
      title: "Unauthorized",
      detail: "Unauthorized",
      type: "about:blank",
      status: 401,
    });
  });

  it("revoke-user: tweets answer 401 and the refresh token is refused", async () => {
    await fakes.addXUser({ id: "33", username: "dr_gone" });
    const tokens = await connect();
    expect((await tweet(tokens.access_token, "before")).status).toBe(201);
    await fakes.revokeXUser("dr_gone");
    expect((await tweet(tokens.access_token, "after")).status).toBe(401);
    const refresh = await token({ grant_type: "refresh_token", refresh_token: String(tokens.refresh_token) });
    expect(refresh.status).toBe(400);
    await expect(fakes.revokeXUser("nobody_here")).rejects.toThrow(/HTTP 404/);
  });

  it("access tokens expire after 7200 seconds by the fake clock; refreshing still works", async () => {
    const tokens = await connect();
    await fakes.advanceClock(7199);
    expect((await me(tokens.access_token)).status).toBe(200);
    await fakes.advanceClock(1);
    expect((await me(tokens.access_token)).status).toBe(401);
    const refreshed = await body(
      await token({ grant_type: "refresh_token", refresh_token: String(tokens.refresh_token) }),
    );
    expect((await me(refreshed.access_token)).status).toBe(200);
    await fakes.reset(); // the clock too
    expect((await me((await connect()).access_token)).status).toBe(200);
  });

  it("duplicate content is per account; OAuth 1.0a and unknown bearer tokens act as the default user", async () => {
    await fakes.addXUser({ id: "44", username: "dr_one" });
    await fakes.addXUser({ id: "55", username: "dr_two" });
    const one = await connect("dr_one");
    const two = await connect("dr_two");
    expect((await tweet(one.access_token, "Same words")).status).toBe(201);
    expect((await tweet(two.access_token, "Same words")).status).toBe(201);
    expect((await tweet(one.access_token, "Same words")).status).toBe(403);

    const legacy = await fetch(`${urls.X_API_URL}/2/tweets`, {
      method: "POST",
      headers: { authorization: 'OAuth oauth_consumer_key="ck"', "content-type": "application/json" },
      body: JSON.stringify({ text: "Same words" }),
    });
    expect(legacy.status).toBe(201);
    expect((await tweet("app-only-or-old-token", "Same words")).status).toBe(403);
    expect((await fakes.xTweets()).map((t) => t.authorUsername)).toEqual([
      "dr_one",
      "dr_two",
      "serotonin_fake",
    ]);
    expect((await tweet("xfake-at-forged", "forged")).status).toBe(401);
  });
});

describe("threads oauth", () => {
  const APP_ID = "990602627938098";
  const APP_SECRET = "fake-app-secret";
  const REDIRECT = "https://app.example/oauth/threads/callback";
  const graphRoot = () => urls.THREADS_API_URL.replace(/\/v1\.0$/, "");

  function authorizeUrl(overrides: Record<string, string | null> = {}): string {
    const query = new URLSearchParams({
      client_id: APP_ID,
      redirect_uri: REDIRECT,
      scope: "threads_basic,threads_content_publish",
      response_type: "code",
      state: "st-9",
    });
    for (const [key, value] of Object.entries(overrides)) {
      if (value === null) query.delete(key);
      else query.set(key, value);
    }
    return `${urls.THREADS_AUTHORIZE_URL}?${query}`;
  }

  function exchange(code: string, base = graphRoot(), redirectUri = REDIRECT): Promise<Response> {
    return fetch(`${base}/oauth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: APP_ID,
        client_secret: APP_SECRET,
        grant_type: "authorization_code",
        redirect_uri: redirectUri,
        code,
      }),
    });
  }

  async function codeFor(loginAs?: string, scope?: string): Promise<string> {
    const location = await fakes.approveConsent(authorizeUrl(scope ? { scope } : {}), { loginAs });
    return new URL(location).searchParams.get("code") ?? "";
  }

  const longLived = (shortToken: string) =>
    fetch(
      `${graphRoot()}/access_token?${new URLSearchParams({ grant_type: "th_exchange_token", client_secret: APP_SECRET, access_token: shortToken })}`,
    );
  const refresh = (longToken: unknown) =>
    fetch(
      `${graphRoot()}/refresh_access_token?${new URLSearchParams({ grant_type: "th_refresh_token", access_token: String(longToken) })}`,
    );
  const me = (accessToken: unknown) =>
    fetch(`${urls.THREADS_API_URL}/me?fields=id,username&access_token=${String(accessToken)}`);

  /** Consent → short-lived → long-lived. */
  async function connect(loginAs?: string, scope?: string): Promise<string> {
    const short = await body(await exchange(await codeFor(loginAs, scope)));
    const long = await body(await longLived(String(short.access_token)));
    return String(long.access_token);
  }

  async function post(token: string, userId: string, text: string): Promise<Response> {
    const form = (fields: Record<string, string>) => ({
      method: "POST",
      body: new URLSearchParams({ access_token: token, ...fields }),
    });
    const created = await fetch(
      `${urls.THREADS_API_URL}/${userId}/threads`,
      form({ media_type: "TEXT", text }),
    );
    if (created.status !== 200) return created;
    const { id } = await body(created);
    return fetch(`${urls.THREADS_API_URL}/${userId}/threads_publish`, form({ creation_id: String(id) }));
  }

  it("code → short-lived → long-lived → /me → a post recorded for that user", async () => {
    await fakes.addThreadsUser({ id: "8800112233", username: "dr.grey", name: "Meredith Grey" });
    const page = await fetch(authorizeUrl());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("@dr.grey");

    const location = await fakes.approveConsent(authorizeUrl());
    expect(location.endsWith("#_")).toBe(true);
    const callback = new URL(location);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
    expect(callback.searchParams.get("state")).toBe("st-9");
    const code = callback.searchParams.get("code") ?? "";

    const shortReply = await exchange(code);
    expect(shortReply.status).toBe(200);
    const raw = await shortReply.text();
    expect(raw).toMatch(/"user_id":8800112233\}$/); // a JSON number, as Meta sends it
    const short = JSON.parse(raw) as Json;
    expect(short.access_token).toMatch(/^THFAKE/);

    const longReply = await longLived(String(short.access_token));
    const long = await body(longReply);
    expect(long).toEqual({
      access_token: expect.stringMatching(/^THFAKE/),
      token_type: "bearer",
      expires_in: 5184000,
    });

    expect(await body(await me(long.access_token))).toEqual({ id: "8800112233", username: "dr.grey" });
    expect((await post(String(long.access_token), "me", "Hello from Threads")).status).toBe(200);
    expect((await post(String(long.access_token), "8800112233", "Again by id")).status).toBe(200);
    expect(await fakes.threadsPosts()).toEqual([
      {
        id: expect.stringMatching(/^\d+$/),
        text: "Hello from Threads",
        userId: "8800112233",
        username: "dr.grey",
      },
      { id: expect.stringMatching(/^\d+$/), text: "Again by id", userId: "8800112233", username: "dr.grey" },
    ]);
    const list = await body(
      await fetch(
        `${urls.THREADS_API_URL}/me/threads?fields=id,text&access_token=${String(long.access_token)}`,
      ),
    );
    expect((list.data as Json[]).map((item) => item.text)).toEqual(["Again by id", "Hello from Threads"]);
  });

  it("the token endpoints also answer under /v1.0; codes work once and last an hour", async () => {
    const used = await codeFor();
    expect((await exchange(used, urls.THREADS_API_URL)).status).toBe(200);
    const again = await exchange(used);
    expect(again.status).toBe(400);
    expect(await body(again)).toMatchObject({
      error: { type: "OAuthException", code: 100, message: "This authorization code has been used." },
    });
    const wrongRedirect = await exchange(await codeFor(), graphRoot(), "https://app.example/elsewhere");
    expect(wrongRedirect.status).toBe(400);
    const late = await codeFor();
    await fakes.advanceClock(HOUR);
    expect(await body(await exchange(late))).toMatchObject({
      error: { code: 100, message: "This authorization code has expired." },
    });
  });

  it("the authorize window checks its parameters; Cancel redirects with error=access_denied", async () => {
    const malformed: Record<string, string | null>[] = [
      { client_id: "not-digits" },
      { scope: "threads_content_publish" },
      { scope: "threads_basic,threads_fly" },
      { response_type: "token" },
      { redirect_uri: null },
    ];
    for (const overrides of malformed) {
      expect((await fetch(authorizeUrl(overrides))).status, JSON.stringify(overrides)).toBe(400);
    }
    expect((await fetch(authorizeUrl({ scope: "threads_basic threads_content_publish" }))).status).toBe(200);
    const denied = new URL(await fakes.approveConsent(authorizeUrl(), { deny: true }));
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("error_reason")).toBe("user_denied");
    expect(denied.searchParams.get("state")).toBe("st-9");
  });

  it("refresh: refused under 24 hours, accepted after, refused once expired", async () => {
    const token = await connect();
    const early = await refresh(token);
    expect(early.status).toBe(400);
    expect(await body(early)).toMatchObject({ error: { type: "OAuthException", code: 190 } });

    await fakes.advanceClock(DAY);
    const refreshed = await refresh(token);
    expect(refreshed.status).toBe(200);
    const next = await body(refreshed);
    expect(next).toEqual({
      access_token: expect.stringMatching(/^THFAKE/),
      token_type: "bearer",
      expires_in: 5184000,
    });

    // The fresh token counts 60 days from its refresh: the old one expires first.
    await fakes.advanceClock(59 * DAY);
    expect((await me(token)).status).toBe(400);
    expect((await me(next.access_token)).status).toBe(200);
    await fakes.advanceClock(DAY);
    const expired = await refresh(next.access_token);
    expect(expired.status).toBe(400);
    expect(await body(expired)).toMatchObject({
      error: { code: 190, error_subcode: 463, message: expect.stringContaining("Session has expired on") },
    });
  });

  it("a short-lived token lasts an hour and cannot be refreshed", async () => {
    const short = await body(await exchange(await codeFor()));
    expect((await me(short.access_token)).status).toBe(200);
    expect((await refresh(short.access_token)).status).toBe(400);
    await fakes.advanceClock(HOUR);
    const expired = await me(short.access_token);
    expect(expired.status).toBe(400);
    expect(expired.headers.get("www-authenticate")).toContain("invalid_token");
    expect(await body(expired)).toMatchObject({ error: { code: 190, error_subcode: 463 } });
    expect((await longLived(String(short.access_token))).status).toBe(400);
  });

  it("revoke-user: publishing answers code 190 and refresh is refused", async () => {
    await fakes.addThreadsUser({ id: "77", username: "dr_revoked" });
    const token = await connect();
    expect((await post(token, "me", "before")).status).toBe(200);
    await fakes.revokeThreadsUser("dr_revoked");
    const after = await post(token, "me", "after");
    expect(after.status).toBe(400);
    expect(await body(after)).toMatchObject({
      error: { code: 190, error_subcode: 458, message: expect.stringContaining(`application ${APP_ID}`) },
    });
    await fakes.advanceClock(DAY);
    expect((await refresh(token)).status).toBe(400);
  });

  it("a token acts only on its own user id; without threads_content_publish it cannot post", async () => {
    await fakes.addThreadsUser({ id: "101", username: "dr_a" });
    await fakes.addThreadsUser({ id: "202", username: "dr_b" });
    const a = await connect("dr_a");
    const mismatch = await post(a, "202", "not mine");
    expect(mismatch.status).toBe(400);
    expect(await body(mismatch)).toMatchObject({ error: { code: 100, error_subcode: 33 } });
    const b = await connect("dr_b", "threads_basic");
    expect(await body(await post(b, "me", "no permission"))).toMatchObject({ error: { code: 10 } });
    // Legacy tokens (never issued by the fake) still act as the default user on any id.
    expect((await post("th-token", "1234", "legacy")).status).toBe(200);
    expect((await fakes.threadsPosts()).map((p) => p.username)).toEqual(["fake"]);
    const forged = await me("THFAKEforged");
    expect(await body(forged)).toMatchObject({ error: { code: 190 } });
  });
});

describe("telegram channels and webhooks", () => {
  const TOKEN = "123456:TEST-token_abc";
  const BOT_ID = 123456;
  const method = (name: string) => `${urls.TELEGRAM_API_URL}/bot${TOKEN}/${name}`;
  const call = async (name: string, args: Json = {}) =>
    fetch(method(name), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(args),
    });
  const CHANNEL = -1001234567890;
  const ADMIN = { id: 5550001, username: "dr_house_tg", status: "creator" as const };

  it("setWebhook validates url, secret_token and allowed_updates like the Bot API", async () => {
    const refused = async (args: Json) => {
      const response = await call("setWebhook", args);
      expect(response.status, JSON.stringify(args)).toBe(400);
      return String((await body(response)).description);
    };
    expect(await refused({ url: "http://bot.example/hook" })).toBe(
      "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
    );
    expect(await refused({ url: "https://bot.example:8080/hook" })).toMatch(/ports 80, 88, 443 or 8443/);
    expect(await refused({ url: "not a url" })).toBe("Bad Request: invalid webhook URL specified");
    expect(await refused({ url: "https://bot.example/hook", secret_token: "a+b" })).toBe(
      "Bad Request: secret token contains unallowed characters",
    );
    expect(await refused({ url: "https://bot.example/hook", secret_token: "a".repeat(257) })).toBe(
      "Bad Request: secret token is too long",
    );
    expect(await refused({ url: "https://bot.example/hook", allowed_updates: "[message" })).toMatch(
      /allowed_updates/,
    );
    expect(await refused({ url: "https://bot.example/hook", allowed_updates: [1] })).toMatch(
      /allowed_updates/,
    );

    const hook = {
      url: "https://bot.example:8443/hook",
      secret_token: "s3cret_-X",
      allowed_updates: ["message", "my_chat_member", "nonsense"],
    };
    expect(await body(await call("setWebhook", hook))).toEqual({
      ok: true,
      result: true,
      description: "Webhook was set",
    });
    expect(await body(await call("setWebhook", hook))).toMatchObject({
      description: "Webhook is already set",
    });
    const info = await body(await call("getWebhookInfo"));
    expect(info).toEqual({
      ok: true,
      result: {
        url: hook.url,
        has_custom_certificate: false,
        pending_update_count: 0,
        max_connections: 40,
        allowed_updates: ["message", "my_chat_member"],
      },
    });
    expect(await fakes.telegramWebhook(BOT_ID)).toEqual({
      url: hook.url,
      secretToken: "s3cret_-X",
      allowedUpdates: ["message", "my_chat_member"],
      maxConnections: 40,
    });

    // A form body carries allowed_updates as a JSON string; a loopback URL may use http.
    const form = await fetch(method("setWebhook"), {
      method: "POST",
      body: new URLSearchParams({
        url: "http://127.0.0.1:8787/telegram/webhook",
        allowed_updates: '["channel_post"]',
      }),
    });
    expect(await body(form)).toMatchObject({ ok: true, description: "Webhook was set" });
    expect(await body(await call("deleteWebhook"))).toEqual({
      ok: true,
      result: true,
      description: "Webhook was deleted",
    });
    expect(await body(await call("deleteWebhook"))).toMatchObject({
      description: "Webhook is already deleted",
    });
    expect(await body(await call("getWebhookInfo"))).toEqual({
      ok: true,
      result: { url: "", has_custom_certificate: false, pending_update_count: 0 },
    });
    expect(await fakes.telegramWebhook(BOT_ID)).toBeNull();
  });

  it("a registered channel without the bot as admin: 403 on send, getChatMember says left", async () => {
    await fakes.addTelegramChannel({ id: CHANNEL, title: "Dr House", admins: [ADMIN], botIsAdmin: false });
    const send = await call("sendMessage", { chat_id: CHANNEL, text: "hello" });
    expect(send.status).toBe(403);
    expect(await body(send)).toEqual({
      ok: false,
      error_code: 403,
      description: "Forbidden: bot is not a member of the channel chat",
    });
    expect(await body(await call("getChatMember", { chat_id: CHANNEL, user_id: BOT_ID }))).toMatchObject({
      ok: true,
      result: { status: "left", user: { id: BOT_ID, is_bot: true } },
    });
    expect((await call("getChatMember", { chat_id: CHANNEL, user_id: ADMIN.id })).status).toBe(400);
    expect(await body(await call("getChat", { chat_id: CHANNEL }))).toMatchObject({
      ok: false,
      description: "Bad Request: chat not found",
    });
    expect(await fakes.telegramMessages()).toEqual([]);
  });

  it("an admin bot without can_post_messages gets 400 need administrator rights", async () => {
    await fakes.addTelegramChannel({
      id: CHANNEL,
      title: "Dr House",
      admins: [ADMIN],
      botIsAdmin: true,
      botCanPost: false,
    });
    const send = await call("sendMessage", { chat_id: CHANNEL, text: "hello" });
    expect(send.status).toBe(400);
    expect(await body(send)).toMatchObject({
      description: "Bad Request: need administrator rights in the channel chat",
    });
    expect(await body(await call("getChatMember", { chat_id: CHANNEL, user_id: BOT_ID }))).toMatchObject({
      result: { status: "administrator", can_post_messages: false },
    });
  });

  it("an admin bot posts (by id or @username); messages are kept per chat; getChat and getChatMember answer", async () => {
    await fakes.addTelegramChannel({
      id: CHANNEL,
      title: "Dr House",
      username: "drhouse_md",
      admins: [ADMIN, { id: 5550002 }],
      botIsAdmin: true,
    });
    const sent = await body(
      await call("sendMessage", { chat_id: CHANNEL, text: "<b>Sleep</b> well", parse_mode: "HTML" }),
    );
    expect(sent).toMatchObject({
      ok: true,
      result: {
        chat: { id: CHANNEL, type: "channel", title: "Dr House", username: "drhouse_md" },
        text: "Sleep well",
      },
    });
    const byName = await body(await call("sendMessage", { chat_id: "@DrHouse_MD", text: "second" }));
    expect(byName).toMatchObject({ result: { chat: { id: CHANNEL } } });
    await call("sendMessage", { chat_id: "-100999", text: "elsewhere" }); // unregistered: still accepted
    const messageId = (sent.result as { message_id: number }).message_id;
    await call("editMessageText", { chat_id: CHANNEL, message_id: messageId, text: "Sleep better" });
    expect(await fakes.telegramMessages(CHANNEL)).toEqual([
      { chatId: CHANNEL, messageId, text: "Sleep better" },
      { chatId: CHANNEL, messageId: expect.any(Number), text: "second" },
    ]);
    expect(await fakes.telegramMessages()).toHaveLength(3);

    expect(await body(await call("getChat", { chat_id: "@drhouse_md" }))).toMatchObject({
      ok: true,
      result: { id: CHANNEL, type: "channel", title: "Dr House", username: "drhouse_md" },
    });
    expect(await body(await call("getChatMember", { chat_id: CHANNEL, user_id: BOT_ID }))).toMatchObject({
      result: {
        status: "administrator",
        can_post_messages: true,
        user: { id: BOT_ID, username: "serotonin_fake_bot" },
      },
    });
    expect(await body(await call("getChatMember", { chat_id: CHANNEL, user_id: ADMIN.id }))).toMatchObject({
      result: { status: "creator", user: { id: ADMIN.id, username: "dr_house_tg", is_bot: false } },
    });
    expect(await body(await call("getChatMember", { chat_id: CHANNEL, user_id: 5550002 }))).toMatchObject({
      result: { status: "administrator" },
    });
    expect(await body(await call("getChatMember", { chat_id: CHANNEL, user_id: 42 }))).toMatchObject({
      result: { status: "left" },
    });
    expect((await call("getChat", { chat_id: -100424242 })).status).toBe(400);

    await fakes.reset();
    expect(await fakes.telegramMessages()).toEqual([]);
    expect((await call("sendMessage", { chat_id: CHANNEL, text: "after reset" })).status).toBe(200);
  });

  it("update builders produce Bot API shapes with increasing update_ids", () => {
    const chat = { id: CHANNEL, title: "Dr House", username: "drhouse_md" };
    const added = myChatMemberUpdate({
      chat,
      from: { id: ADMIN.id, username: ADMIN.username, firstName: "Greg" },
      oldStatus: "left",
      newStatus: "administrator",
    });
    expect(added).toMatchObject({
      my_chat_member: {
        chat: { id: CHANNEL, type: "channel", title: "Dr House", username: "drhouse_md" },
        from: { id: ADMIN.id, is_bot: false, first_name: "Greg", username: ADMIN.username },
        date: expect.any(Number),
        old_chat_member: {
          status: "left",
          user: { id: 123456, is_bot: true, username: "serotonin_fake_bot" },
        },
        new_chat_member: {
          status: "administrator",
          user: { id: 123456, is_bot: true },
          can_be_edited: false,
          can_manage_chat: true,
          can_post_messages: true,
          can_edit_messages: true,
        },
      },
    });
    const removed = myChatMemberUpdate({
      chat,
      from: { id: ADMIN.id },
      oldStatus: "administrator",
      newStatus: "kicked",
      bot: { id: 777 },
    });
    expect(removed).toMatchObject({
      my_chat_member: { new_chat_member: { status: "kicked", until_date: 0, user: { id: 777 } } },
    });
    const start = privateTextUpdate({
      from: { id: ADMIN.id, username: ADMIN.username },
      text: "/start abc123",
    });
    expect(start).toMatchObject({
      message: {
        message_id: expect.any(Number),
        from: { id: ADMIN.id, is_bot: false },
        chat: { id: ADMIN.id, type: "private" },
        text: "/start abc123",
        entities: [{ offset: 0, length: 6, type: "bot_command" }],
      },
    });
    expect(privateTextUpdate({ from: { id: 1 }, text: "hi" }).message).not.toHaveProperty("entities");
    const post = channelPostUpdate({ chat, text: "news" });
    expect(post).toMatchObject({
      channel_post: { sender_chat: { id: CHANNEL }, chat: { type: "channel" }, text: "news" },
    });
    const ids = [added, removed, start, post].map((update) => update.update_id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(4);
    expect(createTelegramUpdates(10).channelPostUpdate({ chat, text: "x" }).update_id).toBe(10);
  });

  it("deliverTelegramUpdate posts to the webhook with the secret header, honouring allowed_updates", async () => {
    const received: { secret: string | undefined; update: Json }[] = [];
    const hookServer = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => {
        raw += String(chunk);
      });
      req.on("end", () => {
        received.push({
          secret: req.headers["x-telegram-bot-api-secret-token"] as string | undefined,
          update: JSON.parse(raw) as Json,
        });
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, "127.0.0.1", resolve));
    const address = hookServer.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      await call("setWebhook", {
        url: `http://127.0.0.1:${port}/tg`,
        secret_token: "hook_secret",
        allowed_updates: ["my_chat_member"],
      });
      const update = myChatMemberUpdate({
        chat: { id: CHANNEL, title: "C" },
        from: { id: 1 },
        oldStatus: "left",
        newStatus: "administrator",
      });
      expect((await fakes.deliverTelegramUpdate(BOT_ID, update))?.status).toBe(200);
      expect(
        await fakes.deliverTelegramUpdate(BOT_ID, privateTextUpdate({ from: { id: 1 }, text: "/start" })),
      ).toBeNull();
      expect(received).toEqual([{ secret: "hook_secret", update }]);
    } finally {
      await new Promise<void>((resolve) => hookServer.close(() => resolve()));
    }
  });
});

describe("control validation", () => {
  const post = (path: string, payload: unknown) =>
    fetch(`${server.url}/__control${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    });

  it("rejects malformed users, channels and clock moves with 400", async () => {
    expect((await post("/x/users", { id: "abc", username: "ok" })).status).toBe(400);
    expect((await post("/x/users", { id: "1", username: "way_too_long_for_x" })).status).toBe(400);
    expect((await post("/threads/users", { id: "1" })).status).toBe(400);
    expect((await post("/x/revoke-user", {})).status).toBe(400);
    expect((await post("/clock", { advanceSeconds: -1 })).status).toBe(400);
    expect(
      (await post("/telegram/channels", { id: 5, title: "t", admins: [], botIsAdmin: true })).status,
    ).toBe(400);
    expect(
      (await post("/telegram/channels", { id: -5, title: "t", admins: [], botIsAdmin: "yes" })).status,
    ).toBe(400);
    expect(
      (await post("/telegram/channels", { id: -5, title: "t", admins: [{ id: "x" }], botIsAdmin: true }))
        .status,
    ).toBe(400);
    expect((await fetch(`${server.url}/__control/telegram/messages?chatId=abc`)).status).toBe(400);
    await fakes.addXUser({ id: "1", username: "taken" });
    expect((await post("/x/users", { id: "2", username: "TAKEN" })).status).toBe(400);
  });

  it("exposes the authorize URLs next to the API base URLs", () => {
    expect(urls.X_AUTHORIZE_URL).toBe(`${server.url}/x/i/oauth2/authorize`);
    expect(urls.THREADS_AUTHORIZE_URL).toBe(`${server.url}/threads/oauth/authorize`);
  });
});
