/** Vectorize adapter: one index, one namespace per physician (style) plus "guidelines". */
import { z } from "zod";
import {
  MAX_TOP_K,
  UPSERT_BATCH_SIZE,
  type VectorMatch,
  type VectorQuery,
  type VectorRecord,
  type VectorStore,
  type VectorStoreInfo,
} from "./types";

/**
 * `describe()` answers. The binding is typed with the beta shape (`config.dimensions`,
 * `vectorsCount`); current indexes answer `dimensions` and `vectorCount`. Either is read.
 */
const describeSchema = z.object({
  dimensions: z.number().optional(),
  vectorCount: z.number().optional(),
  vectorsCount: z.number().optional(),
  config: z.object({ dimensions: z.number().optional() }).optional(),
});

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

  async probe(): Promise<VectorStoreInfo> {
    const parsed = describeSchema.safeParse(await this.index.describe());
    if (!parsed.success) throw new Error("Vectorize describe() returned an unexpected shape");
    const info = parsed.data;
    return {
      dimensions: info.dimensions ?? info.config?.dimensions,
      vectors: info.vectorCount ?? info.vectorsCount,
    };
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
