/**
 * Measurement 4 — retrieval: the product's local hybrid retrieval (what `npm start` and the
 * tests run: local embedder, exact cosine over D1-stored vectors, D1 FTS5) at 1k and 10k
 * generated posts, on a Worker of its own under `wrangler dev --local`. Queries run one at
 * a time; each latency is the search's round trip minus the median round trip of a no-op
 * request to the same Worker (the wrangler dev proxy and HTTP).
 */
import path from "node:path";
import { ROOT } from "../scripts/lib/wrangler";
import { startDevServer } from "../test/e2e/dev-server";
import { percentile } from "./load";
import { generatedQueries } from "./reference/corpus";

export interface RetrievalSize {
  chunks: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  /** Median round trip of the no-op request, already subtracted. */
  overheadMs: number;
}

export interface RetrievalResult {
  sizes: RetrievalSize[];
  store: string;
}

async function timed(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  await res.arrayBuffer();
  return performance.now() - started;
}

const round = (n: number) => Math.round(n * 10) / 10;

export async function measureRetrieval(options: {
  sizes: number[];
  queries: number;
}): Promise<RetrievalResult> {
  const server = await startDevServer(
    {},
    { config: path.join(ROOT, "bench/reference/wrangler.retrieval.toml") },
  );
  const sizes: RetrievalSize[] = [];
  try {
    const queries = generatedQueries(options.queries);
    for (const count of options.sizes) {
      const namespace = `n${count}`;
      const seeded = await fetch(`${server.url}/seed?namespace=${namespace}&count=${count}`, {
        method: "POST",
      });
      if (!seeded.ok) throw new Error(`seeding ${count} posts answered ${seeded.status}`);
      const { chunks } = (await seeded.json()) as { chunks: number };
      // Warm-up, then the no-op round trip to subtract.
      for (const q of queries.slice(0, 5))
        await timed(`${server.url}/search?namespace=${namespace}&q=${encodeURIComponent(q)}`);
      const noop: number[] = [];
      for (let i = 0; i < 50; i++) noop.push(await timed(`${server.url}/noop`));
      const overheadMs = percentile(
        noop.sort((a, b) => a - b),
        0.5,
      );
      const samples: number[] = [];
      for (const q of queries)
        samples.push(
          Math.max(
            0,
            (await timed(`${server.url}/search?namespace=${namespace}&q=${encodeURIComponent(q)}`)) -
              overheadMs,
          ),
        );
      samples.sort((a, b) => a - b);
      sizes.push({
        chunks,
        queries: samples.length,
        p50Ms: round(percentile(samples, 0.5)),
        p99Ms: round(percentile(samples, 0.99)),
        overheadMs: round(overheadMs),
      });
    }
  } finally {
    await server.stop();
  }
  return {
    sizes,
    store:
      "local: exact cosine over every vector of the namespace read from D1, plus D1 FTS5 (production uses Vectorize)",
  };
}
