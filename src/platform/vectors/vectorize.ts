/** Vectorize adapter: one index, one namespace per physician (style) plus "guidelines". */
import {
  MAX_TOP_K,
  UPSERT_BATCH_SIZE,
  type VectorMatch,
  type VectorQuery,
  type VectorRecord,
  type VectorStore,
} from "./types";

export class VectorizeStore implements VectorStore {
  readonly name = "vectorize";

  constructor(private readonly index: VectorizeIndex) {}

  async upsert(records: VectorRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += UPSERT_BATCH_SIZE) {
      await this.index.upsert(
        records.slice(i, i + UPSERT_BATCH_SIZE).map((r) => ({
          id: r.id,
          namespace: r.namespace,
          values: r.values,
          metadata: r.metadata,
        })),
      );
    }
  }

  async query(values: number[], options: VectorQuery): Promise<VectorMatch[]> {
    const result = await this.index.query(values, {
      topK: Math.min(options.topK, MAX_TOP_K),
      namespace: options.namespace,
      returnMetadata: "all",
    });
    return result.matches.map((m) => ({
      id: m.id,
      score: m.score,
      metadata: toMetadata(m.metadata),
    }));
  }

  async deleteByIds(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += UPSERT_BATCH_SIZE) {
      await this.index.deleteByIds(ids.slice(i, i + UPSERT_BATCH_SIZE));
    }
  }
}

function toMetadata(raw: Record<string, unknown> | undefined): VectorMatch["metadata"] {
  const out: VectorMatch["metadata"] = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      out[key] = value;
  }
  return out;
}
