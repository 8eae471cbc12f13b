/**
 * Key rotation: every sealed token re-sealed under the current key (the first in
 * TOKEN_ENCRYPTION_KEY), a page at a time. Values already under the current key are left
 * alone, so running it again is harmless; `remaining` says how many still need it.
 */
import { and, asc, eq, isNotNull, notLike } from "drizzle-orm";
import type { Config } from "../config";
import type { Db } from "../db/client";
import { accounts, oauthStates } from "../db/schema";
import { reseal, sealedKeyId } from "../lib/token-crypto";
import { accountKeyring } from "./keyring";

export const RESEAL_PAGE = 100;

export interface ResealReport {
  keyId: string;
  resealed: number;
  /** Rows that did not open under any configured key (their key was dropped too early). */
  unreadable: number;
  /** Rows still under an old key after this page (call again while it is above 0). */
  remaining: number;
}

export async function resealTokens(db: Db, config: Config): Promise<ResealReport> {
  const keyring = await accountKeyring(config);
  const rows = await db.query.accounts.findMany({ orderBy: asc(accounts.id) });
  const stale = rows.filter((row) =>
    [row.accessToken, row.refreshToken].some((v) => v !== null && sealedKeyId(v) !== keyring.currentId),
  );
  let resealed = 0;
  let unreadable = 0;
  for (const row of stale.slice(0, RESEAL_PAGE)) {
    try {
      const access = row.accessToken
        ? await reseal(keyring, row.accessToken, `account:${row.id}:access`)
        : null;
      const refresh = row.refreshToken
        ? await reseal(keyring, row.refreshToken, `account:${row.id}:refresh`)
        : null;
      // Only over the version read: a refresh landing meanwhile wrote under the new key anyway.
      const done = await db
        .update(accounts)
        .set({ accessToken: access, refreshToken: refresh })
        .where(and(eq(accounts.id, row.id), eq(accounts.tokenVersion, row.tokenVersion)))
        .returning({ id: accounts.id });
      resealed += done.length;
    } catch {
      unreadable += 1;
    }
  }
  // Pending PKCE verifiers live 10 minutes: ones under an old key are dropped (that
  // physician presses Connect again), so no row is left for the old key to open.
  await db
    .delete(oauthStates)
    .where(and(isNotNull(oauthStates.verifier), notLike(oauthStates.verifier, `v1.${keyring.currentId}.%`)));
  return {
    keyId: keyring.currentId,
    resealed,
    unreadable,
    remaining: Math.max(0, stale.length - resealed - unreadable),
  };
}
