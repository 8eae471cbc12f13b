/**
 * The OAuth round trips and their refusals (a replayed, expired, forged or other-platform
 * `state`; a denied consent), and the life of a token: renewed before it expires, renewed
 * once after a 401, and — revoked — one clear Reconnect card instead of a retry storm.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Physician, Platform } from "../../src/db/schema";
import { ACCOUNTS_ENV, connectOAuth, pressConnect, workerRequest } from "../account-helpers";
import { captureLogs, draftIn, failingD1, seedPhysician, silenceLogs } from "../helpers";
import { lastCard, publishJob, runPublish } from "../publish-helpers";
import { bodyOf, fakes } from "../slack-helpers";

afterEach(() => vi.useRealTimers());

async function connectedAnna(platform: "x" | "threads" = "x"): Promise<Physician> {
  silenceLogs();
  const anna = await seedPhysician("U_ANNA");
  if (platform === "x") await fakes().addXUser({ id: "2001", username: "dr_anna" });
  else await fakes().addThreadsUser({ id: "3001", username: "anna.md" });
  const res = await connectOAuth("U_ANNA", platform, platform === "x" ? "dr_anna" : "anna.md");
  expect(res.status).toBe(200);
  expect(await res.text()).toContain(platform === "x" ? "@dr_anna" : "@anna.md");
  return anna;
}

async function publishOnce(physician: Physician, platform: Platform, text: string) {
  const draft = await draftIn("publishing", { physician, platform, text });
  await env.DB.prepare("INSERT INTO publications (draft_id, platform, status) VALUES (?, ?, 'pending')")
    .bind(draft.id, platform)
    .run();
  const result = await runPublish(publishJob(draft), { env: ACCOUNTS_ENV });
  const row = await env.DB.prepare("SELECT status, last_error FROM publications WHERE draft_id = ?")
    .bind(draft.id)
    .first<{ status: string; last_error: string | null }>();
  return { draft, result, row };
}

const account = () =>
  env.DB.prepare("SELECT * FROM accounts WHERE platform = 'x'").first<
    Record<string, string | number | null>
  >();

async function callback(url: string) {
  const parsed = new URL(url);
  return workerRequest(`${parsed.pathname}${parsed.search}`);
}

describe("connecting with OAuth", () => {
  it("X: PKCE (S256) and a state the callback accepts once", async () => {
    silenceLogs();
    await seedPhysician("U_ANNA");
    await fakes().addXUser({ id: "2001", username: "dr_anna" });
    const consent = new URL(await pressConnect("U_ANNA", "x"));
    expect(consent.searchParams.get("code_challenge_method")).toBe("S256");
    expect(consent.searchParams.get("scope")).toBe("tweet.read tweet.write users.read offline.access");
    expect(consent.searchParams.get("redirect_uri")).toBe("http://localhost/oauth/x/callback");
    const back = await fakes().approveConsent(consent.toString(), { loginAs: "dr_anna" });
    expect((await callback(back)).status).toBe(200);
    // The same callback again: the state is used up, and X is not asked again.
    const tokenCalls = (await fakes().requests("x", "/2/oauth2/token")).length;
    const replay = await callback(back);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("already used");
    expect((await fakes().requests("x", "/2/oauth2/token")).length).toBe(tokenCalls);
    // The verifier sent with the code was the one whose challenge X saw (X checks it).
    const exchange = (await fakes().requests("x", "/2/oauth2/token"))[0];
    expect(exchange?.body).toMatchObject({ code_verifier: expect.stringMatching(/^[\w-]{43,128}$/) });
    expect(exchange?.headers.authorization).toMatch(/^Basic /);
  });

  it("refuses an expired, a forged and another platform's state before any token call", async () => {
    silenceLogs();
    await seedPhysician("U_ANNA");
    await fakes().addXUser({ id: "2001", username: "dr_anna" });
    await fakes().addThreadsUser({ id: "3001", username: "anna.md" });

    const expired = await fakes().approveConsent(await pressConnect("U_ANNA", "x"), { loginAs: "dr_anna" });
    // Eleven minutes later (a state lasts ten).
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 11 * 60_000);
    const late = await callback(expired);
    vi.useRealTimers();
    expect(late.status).toBe(400);
    expect(await late.text()).toContain("expired");

    const fresh = new URL(
      await fakes().approveConsent(await pressConnect("U_ANNA", "x"), { loginAs: "dr_anna" }),
    );
    const state = fresh.searchParams.get("state") ?? "";
    const forged = new URL(fresh);
    forged.searchParams.set("state", `${state.split(".")[0]}.${"A".repeat(43)}`);
    const logs = captureLogs();
    expect((await callback(forged.toString())).status).toBe(400);
    // Our row, but not our signature: refused as forged before anything else is looked at.
    expect(logs()).toContain('"why":"forged"');
    const made = new URL(fresh);
    made.searchParams.set("state", "made-up-state-that-we-never-issued.abc");
    expect(await (await callback(made.toString())).text()).toContain("not one Serotonin Script made");

    // A Threads state on X's callback.
    const threads = new URL(
      await fakes().approveConsent(await pressConnect("U_ANNA", "threads"), { loginAs: "anna.md" }),
    );
    const crossed = new URL(fresh);
    crossed.searchParams.set("state", threads.searchParams.get("state") ?? "");
    const wrong = await callback(crossed.toString());
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("another platform");

    expect(await fakes().requests("x", "/2/oauth2/token")).toEqual([]);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM accounts").first()).toEqual({ n: 0 });
    // The untouched fresh state still works.
    expect((await callback(fresh.toString())).status).toBe(200);
  });

  it("two callbacks with one state: one connects, the other is refused", async () => {
    silenceLogs();
    await seedPhysician("U_ANNA");
    await fakes().addXUser({ id: "2001", username: "dr_anna" });
    const back = await fakes().approveConsent(await pressConnect("U_ANNA", "x"), { loginAs: "dr_anna" });
    const statuses = (await Promise.all([callback(back), callback(back)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 400]);
    expect(await fakes().requests("x", "/2/oauth2/token")).toHaveLength(1);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM accounts").first()).toEqual({ n: 1 });
  });

  it("a denied consent connects nothing", async () => {
    silenceLogs();
    await seedPhysician("U_ANNA");
    const denied = await fakes().approveConsent(await pressConnect("U_ANNA", "x"), { deny: true });
    const res = await callback(denied);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("did not allow");
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM accounts").first()).toEqual({ n: 0 });
  });

  it("Threads: the code becomes a 60-day token, stored sealed, the handle shown", async () => {
    await connectedAnna("threads");
    const row = await env.DB.prepare("SELECT * FROM accounts WHERE platform = 'threads'").first<
      Record<string, unknown>
    >();
    expect(row).toMatchObject({ handle: "@anna.md", external_id: "3001", status: "active" });
    expect(String(row?.access_token)).toMatch(/^v1\.dev\./);
    const days = (Number(row?.access_expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThan(61);
  });
});

describe("X tokens", () => {
  it("renews a token about to expire before posting with it", async () => {
    const anna = await connectedAnna();
    const before = await account();
    await env.DB.prepare("UPDATE accounts SET access_expires_at = ?")
      .bind(Date.now() + 60_000)
      .run();
    const { row } = await publishOnce(anna, "x", "Sleep is a skill.");
    expect(row?.status).toBe("published");
    const paths = (await fakes().requests("x")).map((r) => r.path).filter((p) => !p.startsWith("/i/"));
    expect(paths.slice(-2)).toEqual(["/2/oauth2/token", "/2/tweets"]);
    const after = await account();
    expect(after?.token_version).toBe(Number(before?.token_version) + 1);
    expect(after?.access_token).not.toBe(before?.access_token);
    expect((await fakes().xTweets()).map((t) => t.authorUsername)).toEqual(["dr_anna"]);
  });

  it("renews once after a 401 and posts", async () => {
    const anna = await connectedAnna();
    await fakes().advanceClock(7200 + 60); // X's 2 hours are over; our record does not know it
    const { row, result } = await publishOnce(anna, "x", "Light in the morning.");
    expect(row?.status).toBe("published");
    expect(result.explicitAcks).toEqual(["pub-1"]);
    const calls = (await fakes().requests("x")).map((r) => r.path).filter((p) => !p.startsWith("/i/"));
    expect(calls.slice(-3)).toEqual(["/2/tweets", "/2/oauth2/token", "/2/tweets"]);
  });

  it("a revoked grant: one Reconnect card naming the account, no retry storm", async () => {
    const anna = await connectedAnna();
    await fakes().revokeXUser("dr_anna");
    const before = (await fakes().requests("x")).length;
    const { row, result } = await publishOnce(anna, "x", "Naps under 20 minutes.");
    expect(row?.status).toBe("failed");
    expect(row?.last_error).toMatch(/^\[reconnect\] X account @dr_anna must be reconnected/);
    expect(result.explicitAcks).toEqual(["pub-1"]);
    expect(result.retryMessages).toEqual([]);
    // One post attempt, one renewal attempt: nothing more.
    const calls = (await fakes().requests("x")).slice(before).map((r) => r.path);
    expect(calls).toEqual(["/2/tweets", "/2/oauth2/token"]);
    expect((await account())?.status).toBe("reconnect");
    const card = await lastCard();
    expect(card).toContain("no longer accepts your account");
    expect(card).toContain("→ @dr_anna");
    expect(card).toContain('"action_id":"account_connect"');
    // The next publish does not even try X: the account must be reconnected first.
    const again = await publishOnce(anna, "x", "Naps under 20 minutes, again.");
    expect(again.row?.last_error).toMatch(/^\[reconnect\]/);
    expect((await fakes().requests("x")).length).toBe(before + 2);
  });

  it("tells the physician by DM that an account was connected, even when App Home cannot be refreshed", async () => {
    silenceLogs();
    await seedPhysician("U_ANNA");
    await fakes().addXUser({ id: "2001", username: "dr_anna" });
    const consent = await pressConnect("U_ANNA", "x");
    await fakes().fail({
      service: "slack",
      path: "views.publish",
      status: 200,
      body: { ok: false, error: "fatal_error" },
    });
    const callback = new URL(await fakes().approveConsent(consent, { loginAs: "dr_anna" }));
    expect((await workerRequest(`${callback.pathname}${callback.search}`)).status).toBe(200);
    const dms = (await fakes().requests("slack", "chat.postMessage")).map((r) => String(bodyOf(r).text));
    expect(dms.filter((text) => text.includes("@dr_anna is connected"))).toHaveLength(1);
  });

  it("two attempts renewing at once: one renews, the other uses its token; nobody is asked to reconnect", async () => {
    const anna = await connectedAnna();
    await env.DB.prepare("UPDATE accounts SET access_expires_at = ?")
      .bind(Date.now() + 60_000)
      .run();
    const { getAccount } = await import("../../src/accounts/store");
    const { openTarget } = await import("../../src/accounts/publish-target");
    const { createServices } = await import("../../src/services");
    const services = createServices({ ...env, ...ACCOUNTS_ENV });
    const row = await getAccount(services.db, String((await account())?.id));
    if (!row) throw new Error("no account");
    const choice = { kind: "own" as const, ref: `own:${row.externalId}`, account: row };
    const [a, b] = await Promise.all([openTarget(services, choice, "x"), openTarget(services, choice, "x")]);
    expect(a).toEqual(b);
    expect(await fakes().requests("x", "/2/oauth2/token")).toHaveLength(3); // the code, then two renewals
    expect((await account())?.status).toBe("active");
    const { row: posted } = await publishOnce(anna, "x", "After the race.");
    expect(posted?.status).toBe("published");
  });

  it("a renewal X accepted but another attempt stored first: the stored token is used, ours dropped", async () => {
    await connectedAnna();
    const { getAccount, replaceTokens } = await import("../../src/accounts/store");
    const { openTarget } = await import("../../src/accounts/publish-target");
    const { createServices } = await import("../../src/services");
    const services = createServices({ ...env, ...ACCOUNTS_ENV });
    const stale = await getAccount(services.db, String((await account())?.id));
    if (!stale) throw new Error("no account");
    // The winner: a renewal stored while this attempt was still talking to X.
    expect(
      await replaceTokens(services.db, services.config, stale, {
        accessToken: "xfake-at-winner",
        refreshToken: "xfake-rt-winner",
        accessExpiresAt: Date.now() + 7200_000,
      }),
    ).toBe(true);
    const choice = { kind: "own" as const, ref: `own:${stale.externalId}`, account: stale };
    const target = await openTarget(services, choice, "x", { forceRefresh: true });
    expect(target).toEqual({ platform: "x", bearer: "xfake-at-winner" });
    expect(await fakes().requests("x", "/2/oauth2/token")).toHaveLength(2); // the code, then our renewal
    expect(await account()).toMatchObject({
      status: "active",
      token_version: Number(stale.tokenVersion) + 1,
    });
  });

  describe("a renewal that goes wrong on our side or X's, not the physician's", () => {
    /** Anna's X account, and opening it as a publish would, with a forced renewal. */
    async function renewing(extraEnv: Record<string, unknown> = {}, before = async () => {}) {
      await connectedAnna();
      await before();
      const { getAccount } = await import("../../src/accounts/store");
      const { openTarget } = await import("../../src/accounts/publish-target");
      const { createServices } = await import("../../src/services");
      const services = createServices({ ...env, ...ACCOUNTS_ENV, ...extraEnv });
      const row = await getAccount(services.db, String((await account())?.id));
      if (!row) throw new Error("no account");
      const choice = { kind: "own" as const, ref: `own:${row.externalId}`, account: row };
      return { services, row, open: () => openTarget(services, choice, "x", { forceRefresh: true }) };
    }

    it("X unavailable: a transient error to retry, the account stays active", async () => {
      const { open } = await renewing();
      await fakes().fail({ service: "x", path: "/2/oauth2/token", status: 503, times: -1 });
      await expect(open()).rejects.toMatchObject({
        kind: "transient",
        message: "X did not answer a token refresh.",
      });
      expect(await account()).toMatchObject({ status: "active" });
    });

    it("storing the renewed token fails: the D1 error goes up, the account is not marked for reconnecting", async () => {
      const { open } = await renewing({
        DB: failingD1(env.DB, /^update "accounts" set (?:(?! where ).)*"token_version" = /),
      });
      const { errorMessage } = await import("../../src/lib/log");
      expect(errorMessage(await open().catch((e: unknown) => e))).toMatch(
        /^Error: D1_ERROR: injected failure/,
      );
      expect(await account()).toMatchObject({ status: "active" });
    });

    it("the account was marked for reconnecting while X renewed it: a transient error, never an empty token", async () => {
      const { open, services, row } = await renewing();
      const { markReconnect } = await import("../../src/accounts/store");
      await env.DB.prepare("UPDATE accounts SET token_version = token_version + 1").run();
      await markReconnect(
        services.db,
        { id: row.id, tokenVersion: row.tokenVersion + 1 },
        "revoked elsewhere",
      );
      await expect(open()).rejects.toMatchObject({
        kind: "transient",
        message: "The account changed while its token was renewed.",
      });
    });

    it("no token stored: the physician is asked to reconnect, naming the account", async () => {
      const { open } = await renewing({}, async () => {
        await env.DB.prepare("UPDATE accounts SET access_token = NULL, refresh_token = NULL").run();
      });
      await expect(open()).rejects.toThrow("X account @dr_anna must be reconnected: no token is stored");
    });
  });

  it("a post pinned to an account never goes to another one the physician switched to", async () => {
    const anna = await connectedAnna();
    await fakes().addXUser({ id: "2009", username: "anna_private" });
    const draft = await draftIn("publishing", {
      physician: anna,
      platform: "x",
      text: "Pinned to @dr_anna.",
    });
    await env.DB.prepare(
      "INSERT INTO publications (draft_id, platform, status, account_ref) VALUES (?, 'x', 'pending', 'own:2001')",
    )
      .bind(draft.id)
      .run();
    // Anna switches her X account to another one before the post goes out.
    expect((await connectOAuth("U_ANNA", "x", "anna_private")).status).toBe(200);
    await runPublish(publishJob(draft), { env: ACCOUNTS_ENV });
    const row = await env.DB.prepare("SELECT status, last_error FROM publications WHERE draft_id = ?")
      .bind(draft.id)
      .first();
    expect(row).toMatchObject({ status: "failed" });
    expect(String(row?.last_error)).toContain("the X account this post was going to was disconnected");
    expect(await fakes().xTweets()).toEqual([]);
  });

  it("a refusal of the text (a duplicate) is not about the sign-in: no renewal, no Reconnect", async () => {
    const anna = await connectedAnna();
    expect((await publishOnce(anna, "x", "Exactly this.")).row?.status).toBe("published");
    const tokenCalls = (await fakes().requests("x", "/2/oauth2/token")).length;
    const { row } = await publishOnce(anna, "x", "Exactly this.");
    expect(row?.status).toBe("failed");
    expect(row?.last_error).toMatch(/^\[duplicate\]/);
    expect((await fakes().requests("x", "/2/oauth2/token")).length).toBe(tokenCalls);
    expect((await account())?.status).toBe("active");
  });

  it("reconnecting the account makes it post again", async () => {
    const anna = await connectedAnna();
    await fakes().revokeXUser("dr_anna");
    await publishOnce(anna, "x", "Before reconnecting.");
    expect((await account())?.status).toBe("reconnect");
    expect((await connectOAuth("U_ANNA", "x", "dr_anna")).status).toBe(200);
    expect((await account())?.status).toBe("active");
    const { row } = await publishOnce(anna, "x", "After reconnecting.");
    expect(row?.status).toBe("published");
  });
});
