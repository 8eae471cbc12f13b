/**
 * The cron keeps Threads tokens alive: renewed well before their 60 days run out; when
 * renewal keeps failing the physician is warned once by DM a week before the token stops
 * working; an expired token marks the account for reconnecting.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ACCOUNTS_ENV, connectOAuth } from "../account-helpers";
import { seedPhysician, silenceLogs } from "../helpers";
import { runCron } from "../publish-helpers";
import { bodyOf, fakes, slackCalls } from "../slack-helpers";

const DAY = 86_400_000;

async function connected() {
  silenceLogs();
  await seedPhysician("U_ANNA");
  await fakes().addThreadsUser({ id: "3001", username: "anna.md" });
  expect((await connectOAuth("U_ANNA", "threads", "anna.md")).status).toBe(200);
}

/** The account as if connected `ageDays` ago, last touched then too. */
async function age(ageDays: number) {
  const connectedAt = Date.now() - ageDays * DAY;
  await env.DB.prepare("UPDATE accounts SET access_expires_at = ?, updated_at = ?")
    .bind(connectedAt + 60 * DAY, connectedAt)
    .run();
  await fakes().advanceClock((ageDays * DAY) / 1000);
}

/** DMs about the account (the connection's own confirmation left out). */
async function warnings(): Promise<string[]> {
  return (await slackCalls("chat.postMessage"))
    .map((call) => String(bodyOf(call).text))
    .filter((text) => !text.includes("is connected"));
}

const row = () => env.DB.prepare("SELECT * FROM accounts").first<Record<string, number | string | null>>();

describe("renewing Threads tokens", () => {
  it("leaves a young token alone and renews one with fewer than 50 days left", async () => {
    await connected();
    await runCron(ACCOUNTS_ENV);
    expect(await fakes().requests("threads", "refresh_access_token")).toEqual([]);
    const before = await row();
    await age(12);
    await runCron(ACCOUNTS_ENV);
    expect(await fakes().requests("threads", "refresh_access_token")).toHaveLength(1);
    const after = await row();
    expect(after?.access_token).not.toBe(before?.access_token);
    expect((Number(after?.access_expires_at) - Date.now()) / DAY).toBeGreaterThan(59);
    expect(await warnings()).toEqual([]);
  });

  it("warns the physician once, a week before a token that cannot be renewed stops working", async () => {
    await connected();
    await fakes().fail({ service: "threads", path: "refresh_access_token", status: 503, times: -1 });
    await age(54); // six days left, and Threads keeps failing to answer
    await runCron(ACCOUNTS_ENV);
    const dms = await warnings();
    expect(dms).toHaveLength(1);
    expect(dms[0]).toContain("Your Threads account @anna.md could not be renewed");
    expect(dms[0]).not.toMatch(/THFAKE/);
    expect((await row())?.expiry_warned_at).not.toBeNull();
    expect((await row())?.status).toBe("active");
    // An hour later it is tried again, and fails again, but the warning is not repeated.
    await env.DB.prepare("UPDATE accounts SET updated_at = ?")
      .bind(Date.now() - 2 * 3_600_000)
      .run();
    await runCron(ACCOUNTS_ENV);
    expect(await fakes().requests("threads", "refresh_access_token")).toHaveLength(2);
    expect(await warnings()).toHaveLength(1);
  });

  it("a revoked grant: marked for reconnecting and the physician told at once, not asked again hourly", async () => {
    await connected();
    await fakes().revokeThreadsUser("anna.md");
    await age(12);
    await runCron(ACCOUNTS_ENV);
    expect(await row()).toMatchObject({ status: "reconnect" });
    expect((await warnings()).join("\n")).toContain(
      "Threads no longer lets Serotonin Script post as @anna.md",
    );
    await env.DB.prepare("UPDATE accounts SET updated_at = 0").run();
    await runCron(ACCOUNTS_ENV);
    expect(await fakes().requests("threads", "refresh_access_token")).toHaveLength(1);
  });

  it("an expired token: the account must be reconnected", async () => {
    await connected();
    await env.DB.prepare("UPDATE accounts SET access_expires_at = ?, updated_at = 0")
      .bind(Date.now() - 1000)
      .run();
    await runCron(ACCOUNTS_ENV);
    expect(await row()).toMatchObject({ status: "reconnect", last_error: "the token expired" });
    expect(await fakes().requests("threads", "refresh_access_token")).toEqual([]);
  });
});
