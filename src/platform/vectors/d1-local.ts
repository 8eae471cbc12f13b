/**
 * Offline vector store on D1: Float32 blobs, exact cosine computed in the Worker. Fine for
 * the sample corpus and tests (thousands of vectors); production uses Vectorize.
 */
import { inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { localVectors } from "../../db/schema";
import {
  MAX_TOP_K,
  type VectorMatch,
  type VectorQuery,
  type VectorRecord,
  type VectorStore,
  type VectorStoreInfo,
} from "./types";

// D1 allows 100 bound parameters per statement; a vector row binds 5.
const ROWS_PER_INSERT = 20;

export class D1VectorStore implements VectorStore {
  readonly name = "local";

  constructor(private readonly db: Db) {}

  async upsert(records: VectorRecord[]): Promise<void> {
    const statements = [];
    for (let i = 0; i < records.length; i += ROWS_PER_INSERT) {
      const rows = records.slice(i, i + ROWS_PER_INSERT).map((r) => ({
        id: r.id,
        namespace: r.namespace,
        dimensions: r.values.length,
        values: encodeVector(r.values),
        metadata: r.metadata,
      }));
      statements.push(
        this.db
          .insert(localVectors)
          .values(rows)
          .onConflictDoUpdate({
            target: localVectors.id,
            set: {
              namespace: sqlExcluded("namespace"),
              dimensions: sqlExcluded("dimensions"),
              values: sqlExcluded("values"),
              metadata: sqlExcluded("metadata"),
            },
          }),
      );
    }
    await runBatches(this.db, statements);
  }

  async query(values: number[], options: VectorQuery): Promise<VectorMatch[]> {
    const rows = await this.db.query.localVectors.findMany({
      where: (t, { eq }) => eq(t.namespace, options.namespace),
    });
    const q = normalise(Float32Array.from(values));
    const scored = rows.map((row) => {
      const v = decodeVector(row.values);
      return { id: row.id, score: dot(q, normalise(v)), metadata: row.metadata ?? {} };
    });
    scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return scored.slice(0, Math.min(options.topK, MAX_TOP_K));
  }

  async deleteByIds(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 90) {
      await this.db.delete(localVectors).where(inArray(localVectors.id, ids.slice(i, i + 90)));
    }
  }

  /** Count plus the dimensions of one stored vector (none stored: no dimensions to compare). */
  async probe(): Promise<VectorStoreInfo> {
    const [row] = await this.db
      .select({
        vectors: sql<number>`count(*)`,
        dimensions: sql<number | null>`(SELECT ${localVectors.dimensions} FROM ${localVectors} LIMIT 1)`,
      })
      .from(localVectors);
    return { vectors: row?.vectors ?? 0, dimensions: row?.dimensions ?? undefined };
  }
}

function sqlExcluded(column: string) {
  return sql.raw(`excluded."${column}"`);
}

type Statement = Parameters<Db["batch"]>[0][number];

async function runBatches(db: Db, statements: Statement[]): Promise<void> {
  // D1 batches are transactions; keep each one modest.
  for (let i = 0; i < statements.length; i += 50) {
    const chunk = statements.slice(i, i + 50);
    const [first, ...rest] = chunk;
    if (first) await db.batch([first, ...rest]);
  }
}

function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return v.map((x) => x / norm);
}

function dot(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** Float32 → base64. */
export function encodeVector(values: number[]): string {
  const bytes = new Uint8Array(Float32Array.from(values).buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** base64 → Float32. */
export function decodeVector(encoded: string): Float32Array {
  const binary = atob(encoded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}
