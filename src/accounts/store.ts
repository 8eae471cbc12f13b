/**
 * Physicians' accounts in D1. Tokens go in sealed and come out opened only here, for the
 * one call that needs them; every other reader sees `AccountView` (no token fields).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Config } from "../config";
import type { Db } from "../db/client";
import { type Account, accounts, type Platform } from "../db/schema";
import { open, seal } from "../lib/token-crypto";
import { accountKeyring } from "./keyring";

export type AccountView = Omit<Account, "accessToken" | "refreshToken">;

export interface AccountTokens {
  accessToken: string;
  refreshToken?: string | undefined;
  /** Epoch ms; undefined when the token does not expire (or the platform does not say). */
  accessExpiresAt?: number | undefined;
}

export interface NewAccount {
  physicianId: string;
  platform: Platform;
  externalId: string;
  handle: string;
  url: string | null;
  tokens?: AccountTokens;
}

/** The associated data a token is sealed with: its row and field. */
function context(id: string, field: "access" | "refresh"): string {
  return `account:${id}:${field}`;
}

export function view(account: Account): AccountView {
  const { accessToken: _a, refreshToken: _r, ...rest } = account;
  return rest;
}

/**
 * Connects (or reconnects) the physician's account for a platform: one per platform. The
 * row is claimed first (a concurrent callback for the same physician and platform gets the
 * same row), then the tokens are sealed under that row's id and written with a new version.
 */
export async function saveAccount(db: Db, config: Config, input: NewAccount): Promise<AccountView> {
  await db
    .insert(accounts)
    .values({
      id: `acc_${crypto.randomUUID()}`,
      physicianId: input.physicianId,
      platform: input.platform,
      externalId: input.externalId,
      handle: input.handle,
      url: input.url,
    })
    .onConflictDoNothing();
  const row = await findAccount(db, input.physicianId, input.platform);
  if (!row) throw new Error("account row missing after insert");
  const sealed = await sealTokens(config, row.id, input.tokens);
  const [saved] = await db
    .update(accounts)
    .set({
      externalId: input.externalId,
      handle: input.handle,
      url: input.url,
      status: "active",
      lastError: null,
      expiryWarnedAt: null,
      ...sealed,
      tokenVersion: sql`${accounts.tokenVersion} + 1`,
      updatedAt: Date.now(),
    })
    .where(eq(accounts.id, row.id))
    .returning();
  if (!saved) throw new Error("account update returned nothing");
  return view(saved);
}

async function sealTokens(config: Config, id: string, tokens: AccountTokens | undefined) {
  if (!tokens) return { accessToken: null, refreshToken: null, accessExpiresAt: null };
  const keyring = await accountKeyring(config);
  return {
    accessToken: await seal(keyring, tokens.accessToken, context(id, "access")),
    refreshToken: tokens.refreshToken
      ? await seal(keyring, tokens.refreshToken, context(id, "refresh"))
      : null,
    accessExpiresAt: tokens.accessExpiresAt ?? null,
  };
}

export async function findAccount(
  db: Db,
  physicianId: string,
  platform: Platform,
): Promise<Account | undefined> {
  return db.query.accounts.findFirst({
    where: and(eq(accounts.physicianId, physicianId), eq(accounts.platform, platform)),
  });
}

export async function getAccount(db: Db, id: string): Promise<Account | undefined> {
  return db.query.accounts.findFirst({ where: eq(accounts.id, id) });
}

export async function listAccounts(db: Db, physicianId: string): Promise<AccountView[]> {
  const rows = await db.query.accounts.findMany({ where: eq(accounts.physicianId, physicianId) });
  return rows.map(view);
}

/** The account's tokens, opened. Throws (without the token) when a row does not open. */
export async function openTokens(config: Config, account: Account): Promise<AccountTokens | undefined> {
  if (!account.accessToken) return undefined;
  const keyring = await accountKeyring(config);
  return {
    accessToken: await open(keyring, account.accessToken, context(account.id, "access")),
    refreshToken: account.refreshToken
      ? await open(keyring, account.refreshToken, context(account.id, "refresh"))
      : undefined,
    accessExpiresAt: account.accessExpiresAt ?? undefined,
  };
}

/**
 * Stores refreshed tokens, only if nobody else changed them since `account` was read (X's
 * refresh tokens are single use: of two racing refreshes, one wins). False: re-read.
 */
export async function replaceTokens(
  db: Db,
  config: Config,
  account: Account,
  tokens: AccountTokens,
): Promise<boolean> {
  const sealed = await sealTokens(config, account.id, tokens);
  const updated = await db
    .update(accounts)
    .set({
      ...sealed,
      status: "active",
      lastError: null,
      expiryWarnedAt: null,
      tokenVersion: account.tokenVersion + 1,
      updatedAt: Date.now(),
    })
    .where(and(eq(accounts.id, account.id), eq(accounts.tokenVersion, account.tokenVersion)))
    .returning({ id: accounts.id });
  return updated.length === 1;
}

/**
 * The platform refused the account for good: the physician must reconnect it. Only the
 * token version the caller used is marked: one renewed or reconnected meanwhile stays active.
 */
export async function markReconnect(
  db: Db,
  account: Pick<Account, "id" | "tokenVersion">,
  why: string,
): Promise<void> {
  await db
    .update(accounts)
    .set({ status: "reconnect", lastError: why, updatedAt: Date.now() })
    .where(and(eq(accounts.id, account.id), eq(accounts.tokenVersion, account.tokenVersion)));
}

export async function deleteAccount(db: Db, physicianId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(accounts)
    .where(and(eq(accounts.id, id), eq(accounts.physicianId, physicianId)))
    .returning({ id: accounts.id });
  return deleted.length === 1;
}
