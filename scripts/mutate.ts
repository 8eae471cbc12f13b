/**
 * npm run mutate [-- --file <substring>[,<substring>…]] [--survivors] [--sample N] [--check] [--timeout S] [--list]
 *
 * A mutation run over the modules that carry the product's promises
 * (`scripts/mutation/targets.ts`): each mutant is one planted bug (`scripts/mutation/
 * operators.ts`) applied to the source file alone; only the test files that cover that module
 * run, with bail on the first failure. A mutant is killed when a test fails or the run times
 * out; a survivor is a behaviour no test checks. The file is always restored.
 *
 * Modules covered only by pure unit tests run them in plain Node (vitest.mutate.config.ts,
 * ~2 s a mutant); the others run the Workers pool (vitest.config.ts, ~20 s a mutant).
 *
 * Full run or `--file`: writes eval/results/mutation.json, one record per module (a `--file`
 * run replaces only its modules' records, so a full run can be done module by module).
 * `--survivors`: re-run only the last record's survivors of modules whose source is unchanged
 * (after adding tests); a changed module runs in full.
 * `--sample N`: a fixed, evenly spread sample, written to eval/results/mutation-sample.json;
 * with `--check` it exits 1 when the score is below eval/mutation.targets.json (CI).
 * StrykerJS was not used: its vitest runner does not drive the Workers pool.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Mutant, mutantsOf } from "./mutation/operators";
import { EQUIVALENT, MUTATION_TARGETS } from "./mutation/targets";

const root = path.resolve(import.meta.dirname, "..");
const resultsDir = path.join(root, "eval/results");

type Planned = Mutant & { tests: string[] };
interface Survivor {
  file: string;
  line: number;
  change: string;
}
interface ModuleResult {
  file: string;
  /** Hash of the module's source when it was mutated: `--survivors` needs it unchanged. */
  source: string;
  mutants: number;
  killed: number;
  equivalent: number;
  survivors: Survivor[];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const pureUnit = (tests: string[]) => tests.every((t) => t.startsWith("test/unit/"));

/**
 * Runs the covering tests in their own process group. A mutant that hangs (an endless loop)
 * is killed by the timeout, ~10× a normal run, and the whole group goes with it: a test
 * worker stuck in a loop would otherwise outlive its runner and eat the CPU.
 */
function runTests(tests: string[], timeoutOverride?: number): Promise<"killed" | "survived"> {
  const node = pureUnit(tests);
  const config = node ? "vitest.mutate.config.ts" : "vitest.config.ts";
  const timeoutS = timeoutOverride ?? (node ? 30 : 240);
  const child = spawn(
    path.join(root, "node_modules", ".bin", "vitest"),
    ["run", "--config", config, "--bail=1", "--reporter=dot", ...tests],
    {
      cwd: root,
      env: {
        ...process.env,
        CI: "true",
        FORCE_COLOR: "0",
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
      },
      detached: true,
      stdio: "ignore",
    },
  );
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  return new Promise((resolve) => {
    const timer = setTimeout(killGroup, timeoutS * 1000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      killGroup(); // leftovers of a finished run (a worker that ignored the exit)
      resolve(code === 0 ? "survived" : "killed");
    });
  });
}

function isEquivalent(m: Mutant): boolean {
  return EQUIVALENT.some((e) => e.file === m.file && m.change === e.change);
}

/** Evenly spread, deterministic: the same mutants every run for the same sources. */
function spread<T>(items: T[], n: number): T[] {
  if (n <= 0 || items.length <= n) return items;
  const step = items.length / n;
  return Array.from({ length: n }, (_, k) => items[Math.floor(k * step)]).filter(
    (x): x is T => x !== undefined,
  );
}

const sourceHash = (file: string) =>
  createHash("sha256")
    .update(readFileSync(path.join(root, file)))
    .digest("hex")
    .slice(0, 16);

/**
 * The mutants to run. With `survivorsOf`, a module whose source is unchanged since its last
 * record re-runs only that record's survivors (tests are only ever added, so its killed
 * mutants stay killed); any other module runs in full.
 */
function plan(only: string | undefined, sample: number, survivorsOf?: Map<string, ModuleResult>): Planned[] {
  const all: Planned[] = [];
  const wanted = only?.split(",").filter(Boolean) ?? [];
  for (const target of MUTATION_TARGETS) {
    if (wanted.length > 0 && !wanted.some((w) => target.file.includes(w))) continue;
    const source = readFileSync(path.join(root, target.file), "utf8");
    let found = mutantsOf(target.file, source);
    const previous = survivorsOf?.get(target.file);
    if (previous && previous.source === sourceHash(target.file)) {
      found = found.filter((m) => previous.survivors.some((s) => s.change === m.change));
    } else if (survivorsOf) survivorsOf.delete(target.file);
    all.push(...found.map((m) => ({ ...m, tests: target.tests })));
  }
  return spread(all, sample);
}

/**
 * The covering tests must exist and pass unmutated, or every mutant would look "killed".
 * `workersProven`: CI has just run the Workers suite green, so only the Node runs need proof.
 */
async function checkBaseline(
  mutants: Planned[],
  timeoutS: number | undefined,
  workersProven: boolean,
): Promise<void> {
  for (const tests of new Set(mutants.map((m) => m.tests.join(" ")))) {
    const files = tests.split(" ");
    const missing = files.filter((f) => !existsSync(path.join(root, f)));
    if (missing.length > 0) throw new Error(`mutation targets name missing tests: ${missing.join(", ")}`);
    if (workersProven && !pureUnit(files)) continue;
    if ((await runTests(files, timeoutS)) !== "survived")
      throw new Error(`tests fail before any mutation: ${tests}`);
  }
}

async function execute(mutants: Planned[], timeoutS?: number): Promise<Map<string, ModuleResult>> {
  const modules = new Map<string, ModuleResult>();
  for (const [n, mutant] of mutants.entries()) {
    const record = modules.get(mutant.file) ?? {
      file: mutant.file,
      source: sourceHash(mutant.file),
      mutants: 0,
      killed: 0,
      equivalent: 0,
      survivors: [],
    };
    modules.set(mutant.file, record);
    if (isEquivalent(mutant)) {
      record.equivalent += 1;
      console.log(`[${n + 1}/${mutants.length}] equivalent ${mutant.file}:${mutant.line} ${mutant.change}`);
      continue;
    }
    const full = path.join(root, mutant.file);
    const original = readFileSync(full, "utf8");
    const restore = () => writeFileSync(full, original);
    // Interrupted mid-mutant: put the source back, then stop.
    const abort = () => {
      restore();
      process.exit(130);
    };
    process.once("SIGINT", abort);
    process.once("SIGTERM", abort);
    try {
      writeFileSync(full, mutant.apply(original));
      const outcome = await runTests(mutant.tests, timeoutS);
      record.mutants += 1;
      if (outcome === "killed") record.killed += 1;
      else record.survivors.push({ file: mutant.file, line: mutant.line, change: mutant.change });
      console.log(
        `[${n + 1}/${mutants.length}] ${outcome.padEnd(8)} ${mutant.file}:${mutant.line} ${mutant.change}`,
      );
    } finally {
      restore();
      process.removeListener("SIGINT", abort);
      process.removeListener("SIGTERM", abort);
    }
  }
  return modules;
}

const score = (killed: number, mutants: number) =>
  mutants ? Math.round((killed / mutants) * 1000) / 1000 : 1;

function summarize(modules: ModuleResult[]) {
  const mutants = modules.reduce((s, m) => s + m.mutants, 0);
  const killed = modules.reduce((s, m) => s + m.killed, 0);
  return {
    mutants,
    killed,
    score: score(killed, mutants),
    equivalent: modules.reduce((s, m) => s + m.equivalent, 0),
    modules: modules.map((m) => ({
      file: m.file,
      source: m.source,
      mutants: m.mutants,
      killed: m.killed,
      equivalent: m.equivalent,
      score: score(m.killed, m.mutants),
    })),
    survivors: modules.flatMap((m) => m.survivors),
  };
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
}

function previousModules(file: string): Map<string, ModuleResult> {
  const last = readJson<{ modules?: Omit<ModuleResult, "survivors">[]; survivors?: Survivor[] }>(file);
  return new Map(
    (last?.modules ?? []).map((m) => [
      m.file,
      { ...m, source: m.source ?? "", survivors: (last?.survivors ?? []).filter((s) => s.file === m.file) },
    ]),
  );
}

async function main(): Promise<void> {
  const only = arg("file");
  const sample = Number(arg("sample") ?? 0);
  const timeoutS = arg("timeout") ? Number(arg("timeout")) : undefined;
  const file = path.join(resultsDir, "mutation.json");
  const previous = previousModules(file);
  const resumed = process.argv.includes("--survivors") ? new Map(previous) : undefined;
  const mutants = plan(only, sample, resumed);

  if (process.argv.includes("--list")) {
    const perFile = new Map<string, number>();
    for (const m of mutants) perFile.set(m.file, (perFile.get(m.file) ?? 0) + 1);
    for (const [file, n] of perFile) console.log(`${String(n).padStart(4)} ${file}`);
    console.log(`${mutants.length} mutants`);
    return;
  }
  await checkBaseline(mutants, timeoutS, process.argv.includes("--check"));
  const ran = await execute(mutants, timeoutS);
  for (const [name, before] of resumed ?? []) {
    const now = ran.get(name);
    if (!now) continue;
    // Killed before + this run's outcomes for the old survivors.
    now.mutants += before.killed;
    now.killed += before.killed;
    now.equivalent += before.equivalent;
  }
  mkdirSync(resultsDir, { recursive: true });

  if (sample > 0) {
    const result = { sample, ...summarize([...ran.values()]) };
    writeFileSync(path.join(resultsDir, "mutation-sample.json"), `${JSON.stringify(result, null, 2)}\n`);
    report(result);
    if (process.argv.includes("--check")) {
      const targets = readJson<{ sample: number; sampleScore: number }>(
        path.join(root, "eval/mutation.targets.json"),
      );
      if (!targets || targets.sample !== sample)
        throw new Error("eval/mutation.targets.json has no score for this sample");
      if (result.score < targets.sampleScore) {
        console.error(`mutation score ${result.score} is below the recorded ${targets.sampleScore}`);
        process.exit(1);
      }
    }
    return;
  }
  // Keep the other modules' records from the last run, so module-by-module runs add up.
  const kept = [...previous.values()].filter(
    (m) => !ran.has(m.file) && MUTATION_TARGETS.some((t) => t.file === m.file),
  );
  const order = (f: string) => MUTATION_TARGETS.findIndex((t) => t.file === f);
  const all = [...kept, ...ran.values()].sort((a, b) => order(a.file) - order(b.file));
  const result = { ...summarize(all), complete: all.length === MUTATION_TARGETS.length };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  report(result);
}

function report(result: ReturnType<typeof summarize>): void {
  for (const m of result.modules) console.log(`${m.score.toFixed(3)} ${m.killed}/${m.mutants} ${m.file}`);
  console.log(
    `mutation score ${result.score} (${result.killed}/${result.mutants} killed, ${result.equivalent} equivalent)`,
  );
  for (const s of result.survivors) console.log(`  survived ${s.file}:${s.line} ${s.change}`);
}

await main();
