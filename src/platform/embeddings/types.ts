/** Text embeddings port: Workers AI in production, a deterministic hasher offline. */
export interface Embedder {
  /** Backend name, shown on /health and stored with vectors. */
  readonly name: string;
  readonly model: string;
  readonly dimensions: number;
  /**
   * Cosine similarity from which a chunk counts as relevant to a query. Model-specific:
   * bge-m3 scores unrelated text around 0.3–0.4, the lexical local embedder near 0.
   */
  readonly relevanceFloor: number;
  /** Embeds texts in order; callers may pass any number (batched inside). */
  embed(texts: string[]): Promise<number[][]>;
}

/** Workers AI accepts at most 100 texts per call. */
export const EMBED_BATCH_SIZE = 100;
