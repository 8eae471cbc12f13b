/**
 * Workers AI embeddings. bge-m3 is multilingual (the physician may write Ukrainian) and
 * returns 1024-dim vectors; texts go in batches of at most 100 per call.
 */
import { z } from "zod";
import { EMBED_BATCH_SIZE, type Embedder } from "./types";

const responseSchema = z.object({ data: z.array(z.array(z.number())) });

/** The part of the `Ai` binding this adapter uses; keeps tests free of the full type. */
export interface AiRunner {
  run(model: string, inputs: { text: string[] }): Promise<unknown>;
}

/** Output dimensions per model (the Vectorize index must be created with the same). */
export const WORKERS_AI_DIMENSIONS: Record<string, number> = {
  "@cf/baai/bge-m3": 1024,
  "@cf/baai/bge-base-en-v1.5": 768,
  "@cf/baai/bge-small-en-v1.5": 384,
  "@cf/baai/bge-large-en-v1.5": 1024,
};

export class WorkersAiEmbedder implements Embedder {
  readonly name = "workers-ai";
  readonly dimensions: number;
  readonly relevanceFloor = 0.5;

  constructor(
    private readonly ai: AiRunner,
    readonly model: string,
  ) {
    const dims = WORKERS_AI_DIMENSIONS[model];
    if (!dims) throw new Error(`unknown embeddings model ${model}`);
    this.dimensions = dims;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += EMBED_BATCH_SIZE) {
      const batch = texts.slice(i, i + EMBED_BATCH_SIZE);
      const parsed = responseSchema.safeParse(await this.ai.run(this.model, { text: batch }));
      if (!parsed.success || parsed.data.data.length !== batch.length) {
        throw new Error(`Workers AI returned an unexpected embeddings shape for ${this.model}`);
      }
      out.push(...parsed.data.data);
    }
    return out;
  }
}
