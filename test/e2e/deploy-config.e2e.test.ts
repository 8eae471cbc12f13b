/**
 * The production configuration as wrangler itself reads it (its own config reader, not a
 * TOML parse of ours, validated by our schema): reachable, observable, binding what the
 * code expects.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readWorkerConfig } from "../../scripts/lib/wrangler-config";
import { METRICS_DATASET } from "../../src/observability/metrics";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (env?: string) => readWorkerConfig(path.join(ROOT, "wrangler.toml"), env);

describe("the production Worker configuration", () => {
  const prod = read("production");

  it("has a host Slack can reach: a route or custom domain, or workers.dev by choice", () => {
    const routes = (prod.routes ?? []).map((r) => (typeof r === "string" ? r : r.pattern));
    expect(routes.length > 0 || prod.workers_dev === true).toBe(true);
    expect(prod.routes?.[0]).toMatchObject({ custom_domain: true });
  });

  it("stores logs in Workers Logs and uploads source maps", () => {
    expect(prod.observability).toMatchObject({
      enabled: true,
      logs: { enabled: true, invocation_logs: true },
    });
    expect(prod.observability?.head_sampling_rate).toBeGreaterThan(0);
    expect(prod.upload_source_maps).toBe(true);
    // Minified (smaller upload, faster start-up), stack traces mapped back by the source maps.
    expect(prod.minify).toBe(true);
    expect(readWorkerConfig().minify ?? false).toBe(false);
    // PDF text from Workers AI: the constant that drops unpdf from the production bundle.
    expect(prod.define?.__PDF_READER__).toBe('"workers-ai"');
    expect(readWorkerConfig().define?.__PDF_READER__).toBeUndefined();
  });

  it("binds the real Vectorize, Workers AI and the metrics dataset the queries read", () => {
    expect(prod.vars).toMatchObject({
      ENVIRONMENT: "production",
      VECTOR_BACKEND: "vectorize",
      EMBEDDINGS_BACKEND: "workers-ai",
    });
    expect(prod.ai?.binding).toBe("AI");
    expect(prod.vectorize.map((v) => v.binding)).toEqual(["VECTORIZE"]);
    expect(prod.analytics_engine_datasets).toEqual([{ binding: "ANALYTICS", dataset: METRICS_DATASET }]);
  });

  it("repeats every local binding in production (bindings are not inherited), the playground aside", () => {
    const local = read();
    const names = (c: ReturnType<typeof read>) => ({
      d1: c.d1_databases.map((d) => d.binding).sort(),
      producers: (c.queues.producers ?? []).map((q) => `${q.binding}:${q.queue}`).sort(),
      consumers: (c.queues.consumers ?? [])
        .map((q) => `${q.queue}:${q.dead_letter_queue ?? ""}:${q.max_retries}`)
        .sort(),
      durable: c.durable_objects.bindings
        .map((b) => b.name)
        .filter((n) => n !== "PLAYGROUND")
        .sort(),
      crons: c.triggers.crons,
    });
    expect(names(prod)).toEqual(names(local));
  });

  it("says Node 22 in engines, as the toolchain needs", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe(">=22");
  });
});
