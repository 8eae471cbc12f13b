/**
 * Adapter selection. Configuration picks the real adapter (production) or the local one
 * (dev, tests); a real backend selected without its binding is a clear startup error.
 */
import type { Config } from "../config";
import type { Db } from "../db/client";
import { LocalEmbedder } from "./embeddings/local";
import type { Embedder } from "./embeddings/types";
import { WorkersAiEmbedder } from "./embeddings/workers-ai";
import { D1VectorStore } from "./vectors/d1-local";
import type { VectorStore } from "./vectors/types";
import { VectorizeStore } from "./vectors/vectorize";

export function createEmbedder(env: Env, config: Config): Embedder {
  if (config.EMBEDDINGS_BACKEND === "local") return new LocalEmbedder();
  if (!env.AI) throw new Error("EMBEDDINGS_BACKEND=workers-ai needs the AI binding ([ai] in wrangler.toml)");
  return new WorkersAiEmbedder(env.AI, config.EMBEDDINGS_MODEL);
}

export function createVectorStore(env: Env, config: Config, db: Db): VectorStore {
  if (config.VECTOR_BACKEND === "local") return new D1VectorStore(db);
  if (!env.VECTORIZE) throw new Error("VECTOR_BACKEND=vectorize needs the VECTORIZE binding");
  return new VectorizeStore(env.VECTORIZE);
}
