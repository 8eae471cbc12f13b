/**
 * Offline vector store on D1: Float32 blobs, exact cosine computed in the Worker; production
 * uses Vectorize. An isolate keeps each namespace's normalised vectors in memory and reloads
 * them only when the namespace's version token changed (every write replaces it, in the same
 * batch), so a query costs one small read instead of reading every vector again.
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { localVectors, localVectorVersions } from "../../db/schema";
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
    const namespaces = [...new Set(records.map((r) => r.namespace))];
    const statements: Statement[] = [];
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
    await runBatches(this.db, statements, () => this.bump(namespaces));
  }

  async query(values: number[], options: VectorQuery): Promise<VectorMatch[]> {
    const matrix = await this.load(options.namespace);
    const k = Math.min(options.topK, MAX_TOP_K);
    const { data, width, ids } = matrix;
    const query = new Float32Array(width);
    query.set(normalise(Float32Array.from(values)).subarray(0, width));
    // The best k so far, best first (ties by id). A row scoring below the k-th is dropped
    // before anything is allocated for it: the scan is the whole cost of a query.
    const best: Ranked[] = [];
    const before = (a: Ranked, b: Ranked) =>
      a.score > b.score || (a.score === b.score && (ids[a.row] ?? "") < (ids[b.row] ?? ""));
    let floor = Number.NEGATIVE_INFINITY;
    for (let row = 0; row < ids.length && k > 0; row++) {
      const score = dot(data, row * width, query);
      if (score < floor) continue;
      const entry = { row, score };
      const last = best[k - 1];
      if (last && !before(entry, last)) continue;
      let at = best.length;
      while (at > 0 && before(entry, best[at - 1] as Ranked)) at--;
      best.splice(at, 0, entry);
      if (best.length > k) best.pop();
      if (best.length === k) floor = (best[k - 1] as Ranked).score;
    }
    return best.map(({ row, score }) => ({
      id: ids[row] ?? "",
      score,
      metadata: matrix.metadata[row] ?? {},
    }));
  }

  async deleteByIds(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 90) {
      const batch = ids.slice(i, i + 90);
      const touched = await this.db
        .selectDistinct({ namespace: localVectors.namespace })
        .from(localVectors)
        .where(inArray(localVectors.id, batch));
      const [first, ...rest] = this.bump(touched.map((t) => t.namespace));
      const remove = this.db.delete(localVectors).where(inArray(localVectors.id, batch));
      await this.db.batch([remove, ...(first ? [first, ...rest] : [])]);
    }
  }

  /** Statements giving each namespace a new version token. */
  private bump(namespaces: string[]): Statement[] {
    return namespaces.map((namespace) =>
      this.db
        .insert(localVectorVersions)
        .values({ namespace, version: crypto.randomUUID() })
        .onConflictDoUpdate({
          target: localVectorVersions.namespace,
          set: { version: sqlExcluded("version") },
        }),
    );
  }

  /** The namespace's vectors from this isolate's memory, or from D1 when its token moved. */
  private async load(namespace: string): Promise<Matrix> {
    const [current] = await this.db
      .select({ version: localVectorVersions.version })
      .from(localVectorVersions)
      .where(eq(localVectorVersions.namespace, namespace));
    const cached = MATRICES.get(namespace);
    if (current && cached?.version === current.version) {
      // Most recently used last, so eviction drops the oldest.
      MATRICES.delete(namespace);
      MATRICES.set(namespace, cached);
      return cached;
    }
    const rows = await this.db.query.localVectors.findMany({
      where: (t, { eq: equals }) => equals(t.namespace, namespace),
    });
    const matrix: Matrix = {
      version: current?.version,
      ids: rows.map((r) => r.id),
      ...packed(rows.map((r) => normalise(decodeVector(r.values)))),
      metadata: rows.map((r) => r.metadata ?? {}),
    };
    // Without a token (never written since the migration) nothing is cached.
    if (current) remember(namespace, matrix);
    return matrix;
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

interface Ranked {
  row: number;
  score: number;
}

interface Matrix {
  version: string | undefined;
  ids: string[];
  /** Row r's normalised vector at [r × width, (r + 1) × width), zero-padded to the widest. */
  data: Float32Array;
  width: number;
  metadata: Record<string, string | number | boolean>[];
}

/** Per isolate, least recently used first; at most MAX_CACHED_VECTORS vectors in all. */
const MATRICES = new Map<string, Matrix>();
const MAX_CACHED_VECTORS = 50_000;

function remember(namespace: string, matrix: Matrix): void {
  MATRICES.delete(namespace);
  MATRICES.set(namespace, matrix);
  let total = 0;
  for (const m of MATRICES.values()) total += m.ids.length;
  for (const [key, m] of MATRICES) {
    if (total <= MAX_CACHED_VECTORS || key === namespace) break;
    MATRICES.delete(key);
    total -= m.ids.length;
  }
}

async function runBatches(db: Db, statements: Statement[], bump: () => Statement[]): Promise<void> {
  // D1 batches are transactions; keep each one modest. Each one replaces the version tokens,
  // so a write cut short after some batches still invalidates every isolate's copy.
  for (let i = 0; i < statements.length; i += 50) {
    const chunk = [...statements.slice(i, i + 50), ...bump()];
    const [first, ...rest] = chunk;
    if (first) await db.batch([first, ...rest]);
  }
}

function packed(vectors: Float32Array[]): { data: Float32Array; width: number } {
  const width = vectors.reduce((widest, v) => Math.max(widest, v.length), 0);
  const data = new Float32Array(vectors.length * width);
  vectors.forEach((v, row) => {
    data.set(v, row * width);
  });
  return { data, width };
}

/**
 * `query` · the row at `offset` of the packed matrix (rows in one contiguous buffer, so the
 * scan stays in cache lines). Four running sums let the engine pipeline the multiply-adds.
 */
function dot(data: Float32Array, offset: number, query: Float32Array): number {
  const n = query.length;
  const end = n - (n % 4);
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  for (; i < end; i += 4) {
    a += (data[offset + i] as number) * (query[i] as number);
    b += (data[offset + i + 1] as number) * (query[i + 1] as number);
    c += (data[offset + i + 2] as number) * (query[i + 2] as number);
    d += (data[offset + i + 3] as number) * (query[i + 3] as number);
  }
  for (; i < n; i++) a += (data[offset + i] as number) * (query[i] as number);
  return a + b + c + d;
}

function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return v.map((x) => x / norm);
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
