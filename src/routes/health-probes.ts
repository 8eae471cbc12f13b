/**
 * The real probes behind GET /health: every dependency gets one cheap round trip under a
 * short timeout, so a hanging dependency reads as an error rather than a hanging check.
 * The probes that cost money or write (a Workers AI embedding, a ping on every queue) are
 * cached per isolate, so polling /health never turns into a stream of paid calls.
 */
import type { Config } from "../config";
import { createDb } from "../db/client";
import { errorMessage } from "../lib/log";
import { createEmbedder, createVectorStore } from "../platform";
import type { Embedder } from "../platform/embeddings/types";
import type { VectorStore } from "../platform/vectors/types";
import type { PingMessage } from "../queues/messages";

export interface Check {
  status: "ok" | "error";
  [detail: string]: unknown;
}

export const PROBE_TIMEOUT_MS = 3_000;
/** How long a cached probe result is reused: a success for longer than a failure. */
export const CACHE_OK_MS = 5 * 60_000;
export const CACHE_ERROR_MS = 60_000;

/** The rate limiter instance /health reads; `usage()` only reads, so it never counts a hit. */
const LIMITER_PROBE_NAME = "__health__";

const QUEUE_BINDINGS = {
  generate: "GENERATE_QUEUE",
  publish: "PUBLISH_QUEUE",
  index: "INDEX_QUEUE",
} as const;

const cache = new Map<string, { check: Check; at: number }>();

/** Forgets every cached probe result (tests: module state outlives a test). */
export function resetHealthProbeCache(): void {
  cache.clear();
}

/** Probes everything but the config; embeddings and vectors need a readable config. */
export async function probeDependencies(
  env: Env,
  config: Config | undefined,
  requestId: string,
): Promise<Record<string, Check>> {
  const [d1, queues, rate_limiter, backends] = await Promise.all([
    probe(async () => {
      await env.DB.prepare("SELECT 1 AS ok").first();
      return {};
    }),
    probeQueues(env, requestId),
    probeRateLimiter(env),
    config ? probeBackends(env, config) : undefined,
  ]);
  return { d1, queues, rate_limiter, ...backends };
}

async function probeBackends(env: Env, config: Config): Promise<{ embeddings: Check; vectors: Check }> {
  // Creating an adapter throws when its binding is missing: that is the check's error.
  const embedder = attempt(() => createEmbedder(env, config));
  const store = attempt(() => createVectorStore(env, config, createDb(env.DB)));
  const [embeddings, vectors] = await Promise.all([
    "error" in embedder ? embedder.error : probeEmbeddings(embedder.value),
    "error" in store
      ? store.error
      : probeVectors(store.value, "value" in embedder ? embedder.value : undefined),
  ]);
  return { embeddings, vectors };
}

function attempt<T>(create: () => T): { value: T } | { error: Check } {
  try {
    return { value: create() };
  } catch (err) {
    return { error: { status: "error", error: errorMessage(err) } };
  }
}

/** One tiny embedding, cached per backend and model; its length must match `dimensions`. */
async function probeEmbeddings(embedder: Embedder): Promise<Check> {
  const check = await cached(`embeddings:${embedder.name}:${embedder.model}`, () =>
    probe(async () => {
      const [vector] = await embedder.embed(["health"]);
      if (vector?.length !== embedder.dimensions) {
        throw new Error(`returned ${vector?.length ?? 0} dimensions, expected ${embedder.dimensions}`);
      }
      return {};
    }),
  );
  return { ...check, backend: embedder.name, model: embedder.model, dimensions: embedder.dimensions };
}

/** Not cached: `describe()` / a count is cheap. A dimension mismatch breaks every query. */
async function probeVectors(store: VectorStore, embedder: Embedder | undefined): Promise<Check> {
  const check: Check = { ...(await probe(() => store.probe())), backend: store.name };
  const dims = check.dimensions;
  if (check.status === "ok" && embedder && typeof dims === "number" && dims !== embedder.dimensions) {
    return {
      ...check,
      status: "error",
      error: `the index has ${dims} dimensions but ${embedder.model} makes ${embedder.dimensions}-dimension vectors`,
    };
  }
  return check;
}

/** A ping on each queue (the consumer acks it), cached: a probe writes a message per queue. */
function probeQueues(env: Env, requestId: string): Promise<Check> {
  return cached("queues", async () => {
    const ping: PingMessage = { type: "ping", requestId };
    const errors: Record<string, string> = {};
    await Promise.all(
      Object.entries(QUEUE_BINDINGS).map(async ([name, binding]) => {
        const queue: Queue | undefined = env[binding];
        const result =
          typeof queue?.send === "function"
            ? await probe(async () => {
                await queue.send(ping);
                return {};
              })
            : { status: "error", error: `binding ${binding} is missing` };
        if (result.status === "error") errors[name] = String(result.error);
      }),
    );
    return Object.keys(errors).length
      ? { status: "error", errors }
      : { status: "ok", pinged: Object.keys(QUEUE_BINDINGS) };
  });
}

function probeRateLimiter(env: Env): Promise<Check> {
  const limiter = env.PHYSICIAN_LIMITER;
  if (!limiter) return Promise.resolve({ status: "error", missing: ["PHYSICIAN_LIMITER"] });
  return probe(async () => {
    await limiter.get(limiter.idFromName(LIMITER_PROBE_NAME)).usage("health", 60_000);
    return {};
  });
}

/** Runs `work` under the timeout: ok with its details, or error with the message. */
async function probe(work: () => Promise<object>): Promise<Check> {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    const details = await Promise.race([work(), timeout]);
    return { status: "ok", ...details, duration_ms: Date.now() - started };
  } catch (err) {
    return { status: "error", error: errorMessage(err), duration_ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reuses a result for CACHE_OK_MS (ok) or CACHE_ERROR_MS (error) in this isolate, and says
 * how old it is. Only settled results are shared: awaiting another request's promise is
 * not allowed in Workers, so two concurrent cold checks may both probe.
 */
async function cached(key: string, run: () => Promise<Check>): Promise<Check> {
  const hit = cache.get(key);
  const now = Date.now();
  if (hit && now - hit.at < (hit.check.status === "ok" ? CACHE_OK_MS : CACHE_ERROR_MS)) {
    return { ...hit.check, checked_ms_ago: now - hit.at };
  }
  const check = await run();
  cache.set(key, { check, at: Date.now() });
  return { ...check, checked_ms_ago: 0 };
}
