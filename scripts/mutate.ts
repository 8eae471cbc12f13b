/**
 * npm run mutate [-- --file <substring>] [--sample N] [--max-per-file N] [--timeout S] [--list]
 *
 * A small mutation run over the modules that carry the product's promises
 * (`scripts/mutation-targets.ts`): each mutant is one planted bug — a flipped comparison,
 * a swapped logical operator, a flipped boolean, a dropped negation, a removed `await` —
 * applied to the source file alone; only the test files that cover that module run
 * (Workers runtime, bail on the first failure). A mutant is killed when a test fails or the
 * run times out; a survivor is a behaviour no test checks. The file is always restored.
 *
 * Writes eval/results/mutation.json: {"mutants", "killed", "score", "survivors": [{file,
 * line, change}], "sample"}. StrykerJS was not used: its vitest runner does not drive the
 * @cloudflare/vitest-plugin Workers pool.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MUTATION_TARGETS } from "./mutation-targets";

const root = path.resolve(import.meta.dirname, "..");

interface Mutant {
  file: string;
  line: number;
  change: string;
  apply(source: string): string;
}

/** Operators: pattern → replacement, applied to one occurrence on one line at a time. */
const OPERATORS: [RegExp, string, string][] = [
  [/ === /g, " !== ", "=== → !=="],
  [/ !== /g, " === ", "!== → ==="],
  [/ >= /g, " > ", ">= → >"],
  [/ <= /g, " < ", "<= → <"],
  [/ > /g, " >= ", "> → >="],
  [/ < /g, " <= ", "< → <="],
  [/ && /g, " || ", "&& → ||"],
  [/ \|\| /g, " && ", "|| → &&"],
  [/\breturn true;/g, "return false;", "return true → false"],
  [/\breturn false;/g, "return true;", "return false → true"],
  [/\bif \(!/g, "if (", "drop ! in if"],
  [/^(\s*)await /g, "$1void ", "drop await"],
];

function inStringOrComment(line: string, index: number): boolean {
  const before = line.slice(0, index);
  if (/^\s*(\/\/|\*|\/\*)/.test(line) || before.includes("//")) return true;
  const quotes = (before.match(/(?<!\\)["'`]/g) ?? []).length;
  return quotes % 2 === 1;
}

export function mutantsOf(file: string, source: string): Mutant[] {
  const lines = source.split("\n");
  const out: Mutant[] = [];
  lines.forEach((text, i) => {
    for (const [pattern, replacement, label] of OPERATORS) {
      for (const m of text.matchAll(pattern)) {
        const at = m.index ?? 0;
        if (inStringOrComment(text, at)) continue;
        // Type positions (generics, arrow types) are not runtime code.
        if ((label.startsWith(">") || label.startsWith("<")) && /[<>]\s*[A-Z{(]/.test(text.slice(at, at + 5)))
          continue;
        const mutated =
          text.slice(0, at) +
          m[0].replace(new RegExp(pattern.source), replacement) +
          text.slice(at + m[0].length);
        out.push({
          file,
          line: i + 1,
          change: `${label}: ${text.trim().slice(0, 120)}`,
          apply: () => [...lines.slice(0, i), mutated, ...lines.slice(i + 1)].join("\n"),
        });
      }
    }
  });
  return out;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function runTests(tests: string[], timeoutS: number): "killed" | "survived" {
  const result = spawnSync(
    path.join(root, "node_modules", ".bin", "vitest"),
    ["run", "--config", "vitest.config.ts", "--bail=1", "--reporter=dot", ...tests],
    {
      cwd: root,
      env: { ...process.env, CI: "true", FORCE_COLOR: "0" },
      timeout: timeoutS * 1000,
      stdio: "ignore",
    },
  );
  return result.status === 0 ? "survived" : "killed";
}

function main(): void {
  const only = arg("file");
  const sample = Number(arg("sample") ?? 0);
  const maxPerFile = Number(arg("max-per-file") ?? 0);
  const timeoutS = Number(arg("timeout") ?? 240);
  let mutants: (Mutant & { tests: string[] })[] = [];
  for (const target of MUTATION_TARGETS) {
    if (only && !target.file.includes(only)) continue;
    const source = readFileSync(path.join(root, target.file), "utf8");
    let found = mutantsOf(target.file, source).map((m) => ({ ...m, tests: target.tests }));
    if (maxPerFile > 0 && found.length > maxPerFile) {
      const step = found.length / maxPerFile;
      found = Array.from({ length: maxPerFile }, (_, k) => found[Math.floor(k * step)]).filter(
        (m): m is Mutant & { tests: string[] } => m !== undefined,
      );
    }
    mutants.push(...found);
  }
  // A fixed, evenly spread sample: the same mutants every run.
  if (sample > 0 && mutants.length > sample) {
    const step = mutants.length / sample;
    mutants = Array.from({ length: sample }, (_, k) => mutants[Math.floor(k * step)]).filter(
      (m): m is Mutant & { tests: string[] } => m !== undefined,
    );
  }

  if (process.argv.includes("--list")) {
    const perFile = new Map<string, number>();
    for (const m of mutants) perFile.set(m.file, (perFile.get(m.file) ?? 0) + 1);
    for (const [file, n] of perFile) console.log(`${String(n).padStart(4)} ${file}`);
    console.log(`${mutants.length} mutants`);
    return;
  }
  // The covering tests must exist and pass unmutated, or every mutant would look "killed".
  for (const tests of new Set(mutants.map((m) => m.tests.join(" ")))) {
    const files = tests.split(" ");
    const missing = files.filter((f) => !existsSync(path.join(root, f)));
    if (missing.length > 0) throw new Error(`mutation targets name missing tests: ${missing.join(", ")}`);
    if (runTests(files, timeoutS) !== "survived") throw new Error(`tests fail before any mutation: ${tests}`);
  }

  const survivors: { file: string; line: number; change: string }[] = [];
  let killed = 0;
  for (const [n, mutant] of mutants.entries()) {
    const full = path.join(root, mutant.file);
    const original = readFileSync(full, "utf8");
    const restore = () => writeFileSync(full, original);
    process.once("SIGINT", restore);
    try {
      writeFileSync(full, mutant.apply(original));
      const outcome = runTests(mutant.tests, timeoutS);
      if (outcome === "killed") killed += 1;
      else survivors.push({ file: mutant.file, line: mutant.line, change: mutant.change });
      console.log(
        `[${n + 1}/${mutants.length}] ${outcome.padEnd(8)} ${mutant.file}:${mutant.line} ${mutant.change}`,
      );
    } finally {
      restore();
      process.removeListener("SIGINT", restore);
    }
  }
  const result = {
    mutants: mutants.length,
    killed,
    score: mutants.length ? Math.round((killed / mutants.length) * 1000) / 1000 : 1,
    survivors,
    sample: sample > 0 || maxPerFile > 0 || Boolean(only),
  };
  mkdirSync(path.join(root, "eval/results"), { recursive: true });
  writeFileSync(path.join(root, "eval/results/mutation.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`mutation score ${result.score} (${killed}/${mutants.length} killed)`);
  for (const s of survivors) console.log(`  survived ${s.file}:${s.line} ${s.change}`);
}

main();
