/**
 * "Your accounts" in App Home and the clinic's accounts: where each platform's posts go,
 * the clinic's account only for physicians an admin allowed (CLINIC_ACCOUNTS=listed), and a
 * Disconnect that asks first — saying how many scheduled posts would lose their account.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ACCOUNTS_ENV, connectOAuth, workerRequest } from "../account-helpers";
import { ADMIN_HEADERS, draftIn, seedPhysician, silenceLogs } from "../helpers";
import { publishJob, runPublish } from "../publish-helpers";
import { blockAction, bodyOf, fakes, openHome, slackCalls, slackPost } from "../slack-helpers";

const CLINIC = { ...ACCOUNTS_ENV, TELEGRAM_CHAT_ID: "@clinic_channel" };

describe("Your accounts", () => {
  it("the clinic's channel only for physicians an admin listed, when CLINIC_ACCOUNTS=listed", async () => {
    silenceLogs();
    const anna = await seedPhysician("U_ANNA");
    expect(await openHome("U_ANNA", CLINIC)).toContain(
      "*Telegram* → @clinic_channel (clinic) · connect your own",
    );
    const listed = { ...CLINIC, CLINIC_ACCOUNTS: "listed" };
    expect(await openHome("U_ANNA", listed)).toContain("*Telegram* · not connected");

    const draft = await draftIn("publishing", { physician: anna, text: "Clinic news." });
    await env.DB.prepare(
      "INSERT INTO publications (draft_id, platform, status) VALUES (?, 'telegram', 'pending')",
    )
      .bind(draft.id)
      .run();
    await runPublish(publishJob(draft), { env: listed });
    const refused = await env.DB.prepare("SELECT status, last_error FROM publications").first();
    expect(refused).toMatchObject({ status: "failed" });
    expect(String(refused?.last_error)).toContain("no Telegram account is connected");
    expect(await fakes().telegramMessages()).toEqual([]);

    const patched = await workerRequest(
      `/admin/physicians/${anna.id}`,
      { method: "PATCH", headers: ADMIN_HEADERS, body: JSON.stringify({ clinicAccounts: true }) },
      listed,
    );
    expect(patched.status).toBe(200);
    expect(await openHome("U_ANNA", listed)).toContain("(clinic)");
    await env.DB.prepare("UPDATE drafts SET status = 'publishing' WHERE id = ?").bind(draft.id).run();
    await env.DB.prepare("UPDATE publications SET status = 'pending', account_ref = NULL").run();
    await runPublish(publishJob(draft), { env: listed });
    expect(await env.DB.prepare("SELECT status, account_ref FROM publications").first()).toEqual({
      status: "published",
      account_ref: "clinic",
    });
  });

  it("Disconnect asks first, counting the scheduled posts that would lose their account", async () => {
    silenceLogs();
    const anna = await seedPhysician("U_ANNA");
    await fakes().addXUser({ id: "2001", username: "dr_anna" });
    await connectOAuth("U_ANNA", "x", "dr_anna");
    const scheduled = [];
    for (const text of ["One.", "Two."])
      scheduled.push(await draftIn("scheduled", { physician: anna, platform: "x", text }));
    const view = await openHome("U_ANNA", ACCOUNTS_ENV);
    expect(view).toContain("*X* → @dr_anna · <https://x.com/dr_anna|open>");
    expect(view).toContain("2 scheduled posts go to @dr_anna");
    expect(view).toContain('"action_id":"account_disconnect"');

    await slackPost("/slack/interactions", blockAction("account_disconnect", "x", "U_ANNA"), {
      envOverrides: ACCOUNTS_ENV,
    });
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM accounts").first()).toEqual({ n: 0 });
    // The grant is revoked at X too, and nobody else's account was touched.
    const revoke = await fakes().requests("x", "/2/oauth2/revoke");
    expect(revoke).toHaveLength(1);
    expect(revoke[0]?.body).toMatchObject({ token_type_hint: "refresh_token" });
    expect(await openHome("U_ANNA", ACCOUNTS_ENV)).toContain("*X* · not connected");
    // The scheduled posts came back to Anna, unscheduled, saying why; none will go out elsewhere.
    for (const draft of scheduled) {
      const after = await env.DB.prepare(
        "SELECT status, scheduled_at, status_reason FROM drafts WHERE id = ?",
      )
        .bind(draft.id)
        .first();
      expect(after).toEqual({
        status: "ready",
        scheduled_at: null,
        status_reason: "reason:scheduled_account_gone|@dr_anna",
      });
    }
  });

  it("Test asks the platform and says whether the account works", async () => {
    silenceLogs();
    await seedPhysician("U_ANNA");
    await fakes().addXUser({ id: "2001", username: "dr_anna" });
    await connectOAuth("U_ANNA", "x", "dr_anna");
    await slackPost("/slack/interactions", blockAction("account_test", "x", "U_ANNA"), {
      envOverrides: ACCOUNTS_ENV,
    });
    const ok = JSON.stringify(bodyOf((await slackCalls("views.open")).at(-1)).view);
    expect(ok).toContain("@dr_anna works");
  });

  it("a Connect for X without the X app set up says so", async () => {
    silenceLogs();
    await seedPhysician("U_ANNA");
    const noApp = { ...ACCOUNTS_ENV, X_CLIENT_ID: "", X_CLIENT_SECRET: "" };
    await slackPost("/slack/interactions", blockAction("account_connect", "x", "U_ANNA"), {
      envOverrides: noApp,
    });
    const view = JSON.stringify(bodyOf((await slackCalls("views.open")).at(-1)).view);
    expect(view).toContain("not set up yet");
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM oauth_states").first()).toEqual({ n: 0 });
  });
});
