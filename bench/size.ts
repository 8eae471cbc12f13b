/**
 * Measurement 5 — size and start-up: the production bundle as `wrangler deploy --dry-run`
 * builds it (raw and gzip, and what each package puts in the output, from its metafile), and
 * the Worker's start-up CPU time from `wrangler check startup` (a CPU profile of the
 * top-level code), median of three, beside an empty Worker with the same compatibility
 * settings: the runtime's own share, which no change of ours can remove.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, runWrangler } from "../scripts/lib/wrangler";

export interface SizeResult {
  bundleKiB: number;
  gzipKiB: number;
  largestInputs: { input: string; kib: number }[];
  startupCpuMs: number | null;
  /** The empty reference Worker's start-up CPU under the same profiler. */
  startupBaselineMs?: number | null;
  /** startupCpuMs minus the baseline: what our code costs at start-up. */
  startupOwnMs?: number | null;
  startupNote?: string;
}

const OUT = path.join(ROOT, ".wrangler", "bench", "bundle");

export async function measureSize(options: { startup: boolean } = { startup: true }): Promise<SizeResult> {
  rmSync(OUT, { recursive: true, force: true });
  await runWrangler([
    "deploy",
    "--env",
    "production",
    "--dry-run",
    "--outdir",
    OUT,
    "--metafile",
    path.join(OUT, "meta.json"),
  ]);
  const js = readdirSync(OUT).filter((f) => f.endsWith(".js"));
  const raw = js.map((f) => readFileSync(path.join(OUT, f)));
  const bytes = raw.reduce((s, b) => s + b.length, 0);
  const gz = raw.reduce((s, b) => s + gzipSync(b, { level: 9 }).length, 0);
  let largestInputs: SizeResult["largestInputs"] = [];
  try {
    const meta = JSON.parse(readFileSync(path.join(OUT, "meta.json"), "utf8")) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    // What each package puts in the output (after tree shaking), not what the bundler read.
    const byPackage = new Map<string, number>();
    for (const output of Object.values(meta.outputs))
      for (const [input, { bytesInOutput: b }] of Object.entries(output.inputs)) {
        const pkg =
          /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ??
          (input.startsWith("src/") ? "src (ours)" : "other");
        byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + b);
      }
    largestInputs = [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([input, b]) => ({ input, kib: Math.round(b / 1024) }));
  } catch {
    largestInputs = [];
  }
  const startup = options.startup
    ? await startupCpu()
    : { startupCpuMs: null, startupNote: "not measured in the smoke run" };
  return {
    bundleKiB: Math.round(bytes / 1024),
    gzipKiB: Math.round(gz / 1024),
    largestInputs,
    ...startup,
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** CPU the start-up used: every sampled interval except the isolate's idle time (µs → ms). */
export function startupCpuMsOf(profile: CpuProfile): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  const busyUs = profile.samples.reduce(
    (sum, node, i) => sum + (idle.has(node) ? 0 : (profile.timeDeltas[i] ?? 0)),
    0,
  );
  return Number((busyUs / 1000).toFixed(1));
}

/** One start-up profile's CPU time (ms) of the Worker `args` select. */
async function profiledStartup(args: string[], name: string): Promise<number> {
  const profile = path.join(ROOT, ".wrangler", "bench", `${name}-startup.cpuprofile`);
  // `check startup` builds with its own `deploy --dry-run`, which only sees --args.
  await runWrangler(["check", "startup", ...args, "--outfile", profile]);
  return startupCpuMsOf(JSON.parse(readFileSync(profile, "utf8")) as CpuProfile);
}

async function medianOf3(measure: () => Promise<number>): Promise<number> {
  const runs = [await measure(), await measure(), await measure()].sort((a, b) => a - b);
  return runs[1] ?? 0;
}

/** The product's start-up CPU (median of 3), the empty Worker's, and the difference. */
async function startupCpu(): Promise<
  Pick<SizeResult, "startupCpuMs" | "startupBaselineMs" | "startupOwnMs" | "startupNote">
> {
  try {
    const product = await medianOf3(() => profiledStartup(["--args=--env=production"], "product"));
    const empty = path.join(ROOT, "bench", "reference", "wrangler.empty.toml");
    const baseline = await medianOf3(() => profiledStartup(["--config", empty], "empty"));
    return {
      startupCpuMs: product,
      startupBaselineMs: baseline,
      startupOwnMs: Number(Math.max(0, product - baseline).toFixed(1)),
    };
  } catch (err) {
    return { startupCpuMs: null, startupNote: String(err).split("\n").slice(-3).join(" ").slice(0, 300) };
  }
}
