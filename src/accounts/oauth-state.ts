/**
 * OAuth `state`: `<id>.<signature>`, where the id names a D1 row bound to the physician and
 * the platform, and the signature (HMAC-SHA256 over id, physician, platform and expiry, keyed
 * from TOKEN_ENCRYPTION_KEY) proves we issued it. A state is accepted once, within 10
 * minutes, for the platform it was issued for; anything else is refused before any token
 * endpoint is called.
 */
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { Config } from "../config";
import type { Db } from "../db/client";
import { oauthStates, type Platform } from "../db/schema";
import { timingSafeEqual } from "../lib/timing-safe";
import { open, seal, toBase64Url } from "../lib/token-crypto";
import { accountKeyring, keyEntries } from "./keyring";

export const STATE_TTL_MS = 10 * 60_000;

export type StateRefusal = "malformed" | "forged" | "unknown" | "replayed" | "expired" | "wrong_platform";

export interface IssuedState {
  state: string;
  /** PKCE code verifier (X only). */
  verifier?: string | undefined;
}

export interface ClaimedState {
  physicianId: string;
  verifier?: string | undefined;
}

function random(bytes: number): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * HMAC-SHA256 under a MAC key derived from one key entry (never the AES key itself): the
 * newest entry signs; any entry verifies, so a state survives a key rotation.
 */
async function signature(entry: string, fields: string[]): Promise<string> {
  const material = new TextEncoder().encode(`oauth-state|${entry}`);
  const key = await crypto.subtle.importKey(
    "raw",
    await crypto.subtle.digest("SHA-256", material),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(fields.join("|")));
  return toBase64Url(new Uint8Array(mac));
}

export async function issueState(
  db: Db,
  config: Config,
  physicianId: string,
  platform: Platform,
  opts: { pkce: boolean; now?: number },
): Promise<IssuedState> {
  const now = opts.now ?? Date.now();
  const id = random(24);
  const expiresAt = now + STATE_TTL_MS;
  const verifier = opts.pkce ? random(48) : undefined;
  const keyring = await accountKeyring(config);
  await db.insert(oauthStates).values({
    id,
    physicianId,
    platform,
    verifier: verifier ? await seal(keyring, verifier, `oauth:${id}:verifier`) : null,
    expiresAt,
    createdAt: now,
  });
  // Old states are never needed again: drop them as new ones are made.
  await db.delete(oauthStates).where(lt(oauthStates.expiresAt, now - STATE_TTL_MS));
  const sig = await signature(keyEntries(config)[0] ?? "", [id, physicianId, platform, String(expiresAt)]);
  return { state: `${id}.${sig}`, verifier };
}

/** Checks and uses up a state. Refusals say why (for the page and the logs), never more. */
export async function claimState(
  db: Db,
  config: Config,
  state: string,
  platform: Platform,
  now = Date.now(),
): Promise<{ ok: true; claimed: ClaimedState } | { ok: false; why: StateRefusal }> {
  const [id, sig, ...rest] = state.split(".");
  if (!id || !sig || rest.length > 0 || !/^[A-Za-z0-9_-]{16,64}$/.test(id))
    return { ok: false, why: "malformed" };
  const row = await db.query.oauthStates.findFirst({ where: eq(oauthStates.id, id) });
  if (!row) return { ok: false, why: "unknown" };
  const fields = [row.id, row.physicianId, row.platform, String(row.expiresAt)];
  let genuine = false;
  for (const entry of keyEntries(config)) genuine ||= timingSafeEqual(sig, await signature(entry, fields));
  if (!genuine) return { ok: false, why: "forged" };
  if (row.platform !== platform) return { ok: false, why: "wrong_platform" };
  if (row.usedAt !== null) return { ok: false, why: "replayed" };
  if (row.expiresAt <= now) return { ok: false, why: "expired" };
  // Single use even when two callbacks race: only one update finds it unused.
  const used = await db
    .update(oauthStates)
    .set({ usedAt: now })
    .where(and(eq(oauthStates.id, id), isNull(oauthStates.usedAt), gt(oauthStates.expiresAt, now)))
    .returning({ id: oauthStates.id });
  if (used.length !== 1) return { ok: false, why: "replayed" };
  const verifier = row.verifier
    ? await open(await accountKeyring(config), row.verifier, `oauth:${id}:verifier`)
    : undefined;
  return { ok: true, claimed: { physicianId: row.physicianId, verifier } };
}

/** S256 code challenge of a PKCE verifier. */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return toBase64Url(new Uint8Array(digest));
}
