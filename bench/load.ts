/**
 * A small closed-loop load generator: `connections` workers each send the next request as
 * soon as the previous one answered, for `durationMs`, over keep-alive HTTP/1.1 (as Slack
 * does). Latency is measured per request; p50/p99 by nearest rank.
 */
import http from "node:http";

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  connections: number;
  requests: number;
  errors: number;
  /** Status codes seen, e.g. { "200": 980, "429": 20 }. */
  statuses: Record<string, number>;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

function send(agent: http.Agent, base: URL, req: LoadRequest): Promise<number> {
  return new Promise((resolve) => {
    const r = http.request(
      { agent, host: base.hostname, port: base.port, path: req.path, method: "POST", headers: req.headers },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    r.on("error", () => resolve(0));
    r.end(req.body);
  });
}

export async function runLoad(options: {
  url: string;
  connections: number;
  durationMs: number;
  /** The i-th request (every request may differ: a new physician each time). */
  next: (i: number) => Promise<LoadRequest> | LoadRequest;
  /** Which statuses count as success (default 2xx). */
  ok?: (status: number) => boolean;
  /** Stop after this many requests, even before `durationMs`. */
  stopAfter?: number;
}): Promise<LoadResult> {
  const base = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const ok = options.ok ?? ((s: number) => s >= 200 && s < 300);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let counter = 0;
  const started = performance.now();
  const until = started + options.durationMs;
  const worker = async () => {
    const limit = options.stopAfter ?? Number.POSITIVE_INFINITY;
    while (performance.now() < until && counter < limit) {
      const req = await options.next(counter++);
      const t0 = performance.now();
      const status = await send(agent, base, req);
      latencies.push(performance.now() - t0);
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      if (!ok(status)) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    connections: options.connections,
    requests: latencies.length,
    errors,
    statuses,
    rps: Number((latencies.length / elapsedS).toFixed(1)),
    p50Ms: Number(percentile(latencies, 0.5).toFixed(1)),
    p99Ms: Number(percentile(latencies, 0.99).toFixed(1)),
  };
}
