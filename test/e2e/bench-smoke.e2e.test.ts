/**
 * The benchmark runs (CI's smoke of `npm run bench`): every measurement is produced with
 * its reference ratios — never judged on a number here; `npm run bench` gives the figures.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { productConfigWithoutConsumers } from "../../bench/ack-path";
import { cardMessages } from "../../bench/burst";
import { idealMs, stageSpans } from "../../bench/critical-path";
import { percentile } from "../../bench/load";
import { generatedPosts, generatedQueries } from "../../bench/reference/corpus";
import type { BenchResult } from "../../bench/run";
import { startupCpuMsOf } from "../../bench/size";
import { readWorkerConfig } from "../../scripts/lib/wrangler-config";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("npm run bench -- --smoke", () => {
  it("measures the ack path beside both reference Workers, de-dup, rate limits, the critical path, a burst, retrieval and size", async () => {
    const { stdout } = await promisify(execFile)("npx", ["tsx", "bench/run.ts", "--smoke"], { cwd: ROOT });
    const result = JSON.parse(
      readFileSync(path.join(ROOT, "bench/results/smoke.json"), "utf8"),
    ) as BenchResult;
    expect(result.smoke).toBe(true);
    expect(result.ackPath.targets.map((t) => t.name)).toEqual(["bare", "minimal_durable", "product"]);
    for (const t of result.ackPath.targets) {
      for (const load of [t.one, t.ten]) {
        expect(load.requests, `${t.name} answered`).toBeGreaterThan(0);
        expect(load.errors, `${t.name} errors`).toBe(0);
        expect(load.p99Ms).toBeGreaterThanOrEqual(load.p50Ms);
      }
    }
    // Known physicians: answered, and none of them pushed over the limit.
    expect(result.ackPath.known.requests).toBeGreaterThan(0);
    expect(result.ackPath.known.refused).toBe(0);
    expect(result.ackPath.dedup.requests).toBeGreaterThan(0);
    // The limiter lets exactly its limit through, however many orders arrive.
    expect(result.ackPath.rateLimited.allowed).toBe(result.ackPath.rateLimited.limitPerMinute);
    expect(result.ackPath.ratios.p99VsDurable).toBeGreaterThan(0);
    expect(result.size.gzipKiB).toBeGreaterThan(0);
    // The production bundle carries neither pdf.js (Workers AI reads PDFs there) nor an LLM SDK.
    const inputs = result.size.largestInputs.map((i) => i.input);
    expect(inputs).not.toContain("unpdf");
    expect(inputs).not.toContain("@anthropic-ai/sdk");
    expect(inputs).not.toContain("openai");
    expect(stdout).toContain("product p99 ÷ minimal durable p99");
    // The critical path: one run through the slow fakes, its calls and stages on one timeline.
    const [run] = result.criticalPath.runs;
    expect(result.criticalPath.idealMs).toBe(3600);
    expect(run?.cardMs).toBeGreaterThan(run?.ackMs ?? Number.POSITIVE_INFINITY);
    expect(run?.calls.map((c) => c.call)).toEqual(
      expect.arrayContaining([
        "pubmed esearch",
        "pubmed esummary",
        "pubmed efetch",
        "anthropic draft",
        "anthropic claim check",
        "slack chat.update (card)",
      ]),
    );
    expect(run?.stages.map((s) => s.stage)).toEqual(
      expect.arrayContaining(["style_match", "evidence", "llm_complete", "claim_check"]),
    );
    expect(stdout).toContain("/draft → card");
    // The burst (smoke: 10 orders from 2 physicians, 3 a minute each): every card, once.
    expect(result.burst).toMatchObject({
      orders: 10,
      answered: 10,
      accepted: 6,
      refused: 4,
      limitMismatches: 0,
      cards: 6,
      lost: 0,
      duplicated: 0,
      unfinished: 0,
    });
    // Retrieval over a generated corpus: every post indexed, every query answered.
    const [retrieval] = result.retrieval.sizes;
    expect(retrieval?.chunks).toBe(200);
    expect(retrieval?.queries).toBe(20);
    expect(retrieval?.p99Ms).toBeGreaterThanOrEqual(retrieval?.p50Ms ?? Number.POSITIVE_INFINITY);
  }, 240_000);

  it("runs the product without consumers, reads start-up CPU without idle time, ranks percentiles", () => {
    const config = readWorkerConfig(productConfigWithoutConsumers());
    expect(config.queues.consumers ?? []).toEqual([]);
    expect((config.queues.producers ?? []).length).toBe(3);
    expect(config.triggers.crons ?? []).toEqual([]);
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: "(idle)" } },
        { id: 2, callFrame: { functionName: "init" } },
      ],
      samples: [1, 2, 2, 1],
      timeDeltas: [5000, 1000, 1500, 9000],
    };
    expect(startupCpuMsOf(profile)).toBe(2.5);
    const output = [
      "noise",
      '[wrangler:info] {"level":"info","event":"stage","stage":"evidence","duration_ms":740,"started_ms":1}',
      '{"event":"stage","stage":"knowledge","duration_ms":20}',
    ].join("\n");
    expect(stageSpans(output, 0)).toEqual([{ stage: "evidence", startMs: 1, endMs: 741 }]);
    expect(idealMs({ llm: 1000, pubmed: 100 })).toBe(2200);
    // A draft whose card went to two messages is a duplicate; updating one message twice is not.
    const card = (path: string, ts: string, id: string) => ({
      service: "slack" as const,
      method: "POST",
      path,
      query: {},
      headers: {},
      body: { ts, blocks: JSON.stringify([{ block_id: "draft_actions", value: `publish:${id}` }]) },
      at: 0,
    });
    const a = "00000000-0000-4000-8000-00000000000a";
    const b = "00000000-0000-4000-8000-00000000000b";
    const messages = cardMessages([
      card("/api/chat.update", "1.1", a),
      card("/api/chat.update", "1.1", a),
      card("/api/chat.update", "2.2", b),
      card("/api/chat.postMessage", "", b),
    ]);
    expect(messages.get(a)?.size).toBe(1);
    expect(messages.get(b)?.size).toBe(2);
    // The generated corpus is the same every run, and different for another seed.
    expect(generatedPosts(3, 5)).toEqual(generatedPosts(3, 5));
    expect(generatedPosts(3, 5)).not.toEqual(generatedPosts(3, 6));
    expect(generatedQueries(2)).toEqual(generatedQueries(2));
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.99)).toBe(4);
  });
});
