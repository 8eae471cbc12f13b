/**
 * PubMed response cache in D1 (`pubmed_cache`): JSON values with an absolute expiry, shared by
 * every isolate. Expired rows are ignored on read and overwritten on write. The cache is an
 * optimisation: a D1 failure is logged and treated as a miss, never as a PubMed failure.
 */
import { and, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pubmedCache } from "../../db/schema";
import { errorMessage, type Logger } from "../../lib/log";

export const SEARCH_TTL_MS = 24 * 60 * 60 * 1000;
export const RECORD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

// D1 binds at most 100 parameters per statement; a row binds 3, a key lookup 1 (+1 for now).
const KEYS_PER_SELECT = 90;
const ROWS_PER_INSERT = 30;

export interface PubmedCache {
  /** Unexpired values by key; a key that is missing, expired or unreadable is absent. */
  getMany(keys: string[]): Promise<Map<string, unknown>>;
  putMany(entries: Array<{ key: string; value: unknown }>, ttlMs: number): Promise<void>;
}

export function createPubmedCache(db: Db, log: Logger, clock: () => number = Date.now): PubmedCache {
  return {
    async getMany(keys) {
      const found = new Map<string, unknown>();
      const unique = [...new Set(keys)];
      try {
        for (let i = 0; i < unique.length; i += KEYS_PER_SELECT) {
          const rows = await db
            .select({ key: pubmedCache.key, value: pubmedCache.value })
            .from(pubmedCache)
            .where(
              and(
                inArray(pubmedCache.key, unique.slice(i, i + KEYS_PER_SELECT)),
                gt(pubmedCache.expiresAt, clock()),
              ),
            );
          for (const row of rows) {
            try {
              found.set(row.key, JSON.parse(row.value));
            } catch {
              // A corrupt row is a miss; the next write replaces it.
            }
          }
        }
      } catch (err) {
        log.warn("pubmed_cache_error", { op: "read", error: errorMessage(err) });
      }
      return found;
    },

    async putMany(entries, ttlMs) {
      if (entries.length === 0) return;
      const expiresAt = clock() + ttlMs;
      // One row per key: an upsert may not touch the same row twice in one statement.
      const byKey = new Map(entries.map(({ key, value }) => [key, JSON.stringify(value)]));
      const rows = [...byKey].map(([key, value]) => ({ key, value, expiresAt }));
      try {
        for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
          await db
            .insert(pubmedCache)
            .values(rows.slice(i, i + ROWS_PER_INSERT))
            .onConflictDoUpdate({
              target: pubmedCache.key,
              set: { value: sql.raw(`excluded."value"`), expiresAt: sql.raw(`excluded."expires_at"`) },
            });
        }
      } catch (err) {
        log.warn("pubmed_cache_error", { op: "write", error: errorMessage(err) });
      }
    },
  };
}
