/**
 * Vector search port: Vectorize in production, exact cosine on D1 offline. Both take the
 * same records and return the same match shape, scores being cosine similarity.
 */
export type VectorMetadata = Record<string, string | number | boolean>;

export interface VectorRecord {
  id: string;
  namespace: string;
  values: number[];
  metadata: VectorMetadata;
}

export interface VectorMatch {
  id: string;
  score: number;
  metadata: VectorMetadata;
}

export interface VectorQuery {
  namespace: string;
  topK: number;
}

/** What a cheap health probe learned about the store (fields it could not learn are absent). */
export interface VectorStoreInfo {
  /** Dimensions the index is configured for (Vectorize) or of a stored vector (local). */
  dimensions?: number;
  /** Vectors stored across all namespaces. */
  vectors?: number;
}

export interface VectorStore {
  readonly name: string;
  upsert(records: VectorRecord[]): Promise<void>;
  query(values: number[], options: VectorQuery): Promise<VectorMatch[]>;
  deleteByIds(ids: string[]): Promise<void>;
  /** One cheap real round trip to the backend, for /health. Throws when it is unreachable. */
  probe(): Promise<VectorStoreInfo>;
}

/** Vectorize caps topK at 20 when metadata is returned. */
export const MAX_TOP_K = 20;
/** Vectorize accepts up to 1,000 vectors per upsert. */
export const UPSERT_BATCH_SIZE = 1000;
