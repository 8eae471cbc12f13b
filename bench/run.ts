/**
 * npm run bench [-- --smoke] [--duration-ms N]
 *
 * Offline benchmarks on this machine, against `wrangler dev --local` and loopback fakes:
 *   1. the ack path: the product's /slack/commands beside two reference Workers (bare
 *      signature check; signature + one D1 insert + one queue send), at 1 and 10
 *      connections, plus the product's de-dup and rate-limited paths;
 *   2. the critical path: /draft to the final card with slow fakes (LLM 1.5 s, PubMed
 *      300 ms, Slack 50 ms), against the ideal from the same latencies, with a timeline;
 *   3. the burst: 100 /draft from 20 physicians at once — cards delivered, lost and
 *      duplicated, refusals against the configured limit, time to the last card;
 *   4. retrieval: local hybrid retrieval p50/p99 at 1k and 10k generated posts;
 *   5. size and start-up: the production bundle (gzip) and start-up CPU.
 * Writes bench/results/latest.json and a dated copy (--smoke: bench/results/smoke.json,
 * tiny durations, never judged on its numbers), and prints one table.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem, type } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../scripts/lib/wrangler";
import { startFakeServer } from "../test/fakes";
import { type AckPathResult, measureAckPath } from "./ack-path";
import { type BurstResult, measureBurst } from "./burst";
import { type CriticalPathResult, measureCriticalPath, timeline } from "./critical-path";
import { measureRetrieval, type RetrievalResult } from "./retrieval";
import { measureSize, type SizeResult } from "./size";

export const GOALS = {
  ackP99VsDurable: 1.3,
  ackThroughputVsDurable: 0.75,
  criticalPathVsIdeal: 1.15,
  retrievalP99MsAt10k: 20,
  gzipKiB: 500,
  startupCpuMs: 50,
};

export interface BenchResult {
  when: string;
  smoke: boolean;
  machine: { cpus: number; cpu: string; memoryGiB: number; os: string; node: string };
  durationMs: number;
  ackPath: AckPathResult;
  criticalPath: CriticalPathResult;
  burst: BurstResult;
  retrieval: RetrievalResult;
  size: SizeResult;
  goals: typeof GOALS;
}

const f = (n: number | null | undefined) => (n === null || n === undefined ? "—" : String(n));

export function table(r: BenchResult): string {
  const rows: string[][] = [["measurement", "req/s", "p50 ms", "p99 ms", "errors", "goal / ratio"]];
  for (const t of r.ackPath.targets) {
    rows.push([`${t.name}, 1 connection`, f(t.one.rps), f(t.one.p50Ms), f(t.one.p99Ms), f(t.one.errors), ""]);
    rows.push([
      `${t.name}, 10 connections`,
      f(t.ten.rps),
      f(t.ten.p50Ms),
      f(t.ten.p99Ms),
      f(t.ten.errors),
      "",
    ]);
  }
  const { ratios, known, dedup, rateLimited } = r.ackPath;
  rows.push([
    `product, ${known.physicians} known physicians, 10 conn.`,
    f(known.rps),
    f(known.p50Ms),
    f(known.p99Ms),
    f(known.errors),
    `${known.refused} refused by the limit; p99 ÷ minimal durable ${f(ratios.knownP99VsDurable)}, req/s ÷ ${f(ratios.knownThroughputVsDurable)}`,
  ]);
  rows.push([
    "product de-dup (Slack retry), 10 conn.",
    f(dedup.rps),
    f(dedup.p50Ms),
    f(dedup.p99Ms),
    f(dedup.errors),
    "",
  ]);
  rows.push([
    "product rate-limited physician, 10 conn.",
    f(rateLimited.rps),
    f(rateLimited.p50Ms),
    f(rateLimited.p99Ms),
    f(rateLimited.errors),
    `${rateLimited.allowed} drafts let through (limit ${rateLimited.limitPerMinute}/min)`,
  ]);
  rows.push([
    "product p99 ÷ minimal durable p99 (10 conn.)",
    "",
    "",
    f(ratios.p99VsDurable),
    "",
    `goal ≤ ${GOALS.ackP99VsDurable}`,
  ]);
  rows.push([
    "product req/s ÷ minimal durable req/s",
    f(ratios.throughputVsDurable),
    "",
    "",
    "",
    `goal ≥ ${GOALS.ackThroughputVsDurable}`,
  ]);
  const cp = r.criticalPath;
  rows.push([
    `/draft → card, median of ${cp.runs.length} (LLM ${cp.latencyMs.llm} ms, PubMed ${cp.latencyMs.pubmed} ms, Slack ${cp.latencyMs.slack} ms)`,
    "",
    f(cp.medianCardMs),
    "",
    "",
    `ideal ${cp.idealMs} ms; ratio ${cp.ratio}, goal ≤ ${GOALS.criticalPathVsIdeal}`,
  ]);
  const b = r.burst;
  rows.push([
    `burst: ${b.orders} /draft from ${b.physicians} physicians at once, limit ${b.limitPerMinute}/min`,
    "",
    "",
    "",
    f(b.orders - b.answered),
    `${b.accepted} accepted, ${b.refused} refused (${b.limitMismatches} physicians off the limit); ${b.cards} cards, ${b.lost} lost, ${b.duplicated} duplicated, ${b.unfinished} unfinished; last card at ${(b.lastCardMs / 1000).toFixed(1)} s`,
  ]);
  for (const size of r.retrieval.sizes)
    rows.push([
      `local hybrid retrieval, ${size.chunks} chunks (${size.queries} queries)`,
      "",
      f(size.p50Ms),
      f(size.p99Ms),
      "",
      size.chunks >= 10_000 ? `goal p99 ≤ ${GOALS.retrievalP99MsAt10k} ms` : "",
    ]);
  rows.push([
    "bundle, gzip KiB (raw)",
    `${r.size.gzipKiB} (${r.size.bundleKiB})`,
    "",
    "",
    "",
    `goal ≤ ${GOALS.gzipKiB}`,
  ]);
  rows.push([
    "start-up CPU ms: product (empty Worker, same flags)",
    `${f(r.size.startupCpuMs)} (${f(r.size.startupBaselineMs)})`,
    "",
    "",
    "",
    `our code ${f(r.size.startupOwnMs)} ms; goal ≤ ${GOALS.startupCpuMs}`,
  ]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length))) ?? [];
  return rows.map((row) => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { smoke: { type: "boolean" }, "duration-ms": { type: "string" } },
  });
  const smoke = Boolean(values.smoke);
  const durationMs = Number(values["duration-ms"] ?? (smoke ? 400 : 10_000));
  const fakes = await startFakeServer();
  try {
    const ackPath = await measureAckPath({
      durationMs,
      fakesUrl: fakes.url,
      knownPhysicians: smoke ? 20 : 400,
    });
    const criticalPath = await measureCriticalPath({ fakesUrl: fakes.url, runs: smoke ? 1 : 3 });
    const burst = await measureBurst(
      smoke
        ? { fakesUrl: fakes.url, physicians: 2, ordersPerPhysician: 5, limitPerMinute: 3 }
        : { fakesUrl: fakes.url, physicians: 20, ordersPerPhysician: 5, limitPerMinute: 3 },
    );
    const retrieval = await measureRetrieval(
      smoke ? { sizes: [200], queries: 20 } : { sizes: [1000, 10_000], queries: 200 },
    );
    const size = await measureSize({ startup: !smoke });
    const result: BenchResult = {
      when: new Date().toISOString(),
      smoke,
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? "unknown",
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        os: type(),
        node: process.version,
      },
      durationMs,
      ackPath,
      criticalPath,
      burst,
      retrieval,
      size,
      goals: GOALS,
    };
    const dir = path.join(ROOT, "bench", "results");
    mkdirSync(dir, { recursive: true });
    const json = `${JSON.stringify(result, null, 2)}\n`;
    if (smoke) writeFileSync(path.join(dir, "smoke.json"), json);
    else {
      writeFileSync(path.join(dir, "latest.json"), json);
      writeFileSync(path.join(dir, `${result.when.slice(0, 16).replace(/:/g, "-")}.json`), json);
    }
    console.log(table(result));
    for (const run of criticalPath.runs) console.log(`\n${timeline(run)}`);
    console.log(`\n${ackPath.consumers}.`);
  } finally {
    await fakes.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  });
}
