/**
 * Tokens at rest across a key rotation, through the Worker: sealed under the first key,
 * still usable while the old key is listed after the new one, re-sealed by the admin
 * route, usable under the new key alone afterwards — and never shown by the admin API.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Physician } from "../../src/db/schema";
import { generateKeyEntry } from "../../src/lib/token-crypto";
import { ACCOUNTS_ENV, connectOAuth, workerRequest } from "../account-helpers";
import { ADMIN_HEADERS, draftIn, seedPhysician, silenceLogs } from "../helpers";
import { publishJob, runPublish } from "../publish-helpers";
import { fakes } from "../slack-helpers";

const OLD = generateKeyEntry("k1");
const NEW = generateKeyEntry("k2");

async function publishWith(physician: Physician, key: string, text: string) {
  const draft = await draftIn("publishing", { physician, platform: "x", text });
  await env.DB.prepare("INSERT INTO publications (draft_id, platform, status) VALUES (?, 'x', 'pending')")
    .bind(draft.id)
    .run();
  await runPublish(publishJob(draft), { env: { ...ACCOUNTS_ENV, TOKEN_ENCRYPTION_KEY: key } });
  return env.DB.prepare("SELECT status, last_error FROM publications WHERE draft_id = ?")
    .bind(draft.id)
    .first();
}

const keyIds = async () =>
  (await env.DB.prepare("SELECT access_token, refresh_token FROM accounts").all()).results.flatMap((r) =>
    [r.access_token, r.refresh_token].map((v) => String(v).split(".")[1]),
  );

describe("rotating the token key", () => {
  it("old key listed second still opens; reseal moves every token; then the new key alone works", async () => {
    silenceLogs();
    const anna = await seedPhysician("U_ANNA");
    await fakes().addXUser({ id: "2001", username: "dr_anna" });
    const withOld = { ...ACCOUNTS_ENV, TOKEN_ENCRYPTION_KEY: OLD };
    expect((await connectOAuth("U_ANNA", "x", "dr_anna", withOld)).status).toBe(200);
    expect(await keyIds()).toEqual(["k1", "k1"]);

    // The new key deployed first, the old one after it: old tokens still open.
    expect(await publishWith(anna, `${NEW},${OLD}`, "Rotation, step one.")).toMatchObject({
      status: "published",
    });
    // The new key alone cannot open what the old one sealed (and says so, without the token).
    const early = await publishWith(anna, NEW, "Too early.");
    expect(early).toMatchObject({ status: "failed" });
    expect(String(early?.last_error)).toContain('key id "k1" is not in TOKEN_ENCRYPTION_KEY');

    const rotated = { ...ACCOUNTS_ENV, TOKEN_ENCRYPTION_KEY: `${NEW},${OLD}` };
    const reseal = await workerRequest(
      "/admin/accounts/reseal",
      { method: "POST", headers: ADMIN_HEADERS },
      rotated,
    );
    expect(await reseal.json()).toEqual({ keyId: "k2", resealed: 1, unreadable: 0, remaining: 0 });
    expect(await keyIds()).toEqual(["k2", "k2"]);
    const again = await workerRequest(
      "/admin/accounts/reseal",
      { method: "POST", headers: ADMIN_HEADERS },
      rotated,
    );
    expect(await again.json()).toEqual({ keyId: "k2", resealed: 0, unreadable: 0, remaining: 0 });

    expect(await publishWith(anna, NEW, "Rotation, done.")).toMatchObject({ status: "published" });
    expect((await fakes().xTweets()).map((t) => t.text)).toEqual(["Rotation, step one.", "Rotation, done."]);
  });

  it("the admin API lists accounts without any token, sealed or not", async () => {
    silenceLogs();
    await seedPhysician("U_ANNA");
    await fakes().addXUser({ id: "2001", username: "dr_anna" });
    await connectOAuth("U_ANNA", "x", "dr_anna");
    const res = await workerRequest("/admin/accounts", { headers: ADMIN_HEADERS });
    const text = await res.text();
    expect(JSON.parse(text).accounts).toEqual([
      expect.objectContaining({ platform: "x", handle: "@dr_anna", status: "active", externalId: "2001" }),
    ]);
    expect(text).not.toMatch(/accessToken|refreshToken|v1\.dev\.|xfake-/);
    expect((await workerRequest("/admin/accounts", {})).status).toBe(401);
  });
});
