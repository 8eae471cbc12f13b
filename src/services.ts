/**
 * Builds the per-invocation services from `env`: validated config, drizzle, the selected
 * adapters and a logger. Cheap (no I/O), so each fetch/queue/cron invocation makes its own.
 */
import { type Config, parseConfig } from "./config";
import { createDb, type Db } from "./db/client";
import { type LogFields, Logger } from "./lib/log";
import { createMetrics, type Metrics } from "./observability/metrics";
import { createEmbedder, createVectorStore } from "./platform";
import type { Embedder } from "./platform/embeddings/types";
import { createPdfReader, type PdfReader } from "./platform/pdf";
import type { VectorStore } from "./platform/vectors/types";

export interface Services {
  env: Env;
  config: Config;
  db: Db;
  embedder: Embedder;
  vectors: VectorStore;
  /** PDF text for uploads and the index script (Workers AI in production, unpdf locally). */
  pdf: PdfReader;
  log: Logger;
  /** Analytics Engine data points (schema in observability/metrics). */
  metrics: Metrics;
}

export function createServices(env: Env, logFields: LogFields = {}): Services {
  const config = parseConfig(env);
  const db = createDb(env.DB);
  return {
    env,
    config,
    db,
    embedder: createEmbedder(env, config),
    vectors: createVectorStore(env, config, db),
    pdf: createPdfReader(env),
    log: new Logger(logFields, config.LOG_LEVEL),
    metrics: createMetrics(env.ANALYTICS),
  };
}
