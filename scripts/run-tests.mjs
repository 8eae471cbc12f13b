#!/usr/bin/env node
/**
 * npm test — every check CI runs, in order, and one closing line `N passed, N failed`.
 *
 * Static checks (generated types in sync, typecheck, lint, deployable bundle) each count
 * as one item; test counts come from vitest's JSON reports. Every step runs even if an
 * earlier one failed, so one run shows everything that is wrong. Exit 1 on any failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const reports = path.join(root, ".reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const bin = (name) => path.join(root, "node_modules", ".bin", name);
const env = {
  ...process.env,
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  FORCE_COLOR: process.env.FORCE_COLOR ?? "0",
};

const checks = [
  [
    "generated types are current",
    bin("wrangler"),
    [
      "types",
      "src/worker-configuration.d.ts",
      "--include-runtime=false",
      "--strict-vars=false",
      "--env-file",
      ".dev.vars.example",
      "--check",
    ],
  ],
  ["typecheck (worker + tests)", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]],
  ["typecheck (scripts + node tests)", bin("tsc"), ["--noEmit", "-p", "tsconfig.node.json"]],
  ["lint + format", bin("biome"), ["check", "."]],
  [
    "claims eval meets its targets (eval/claims.targets.json)",
    bin("tsx"),
    ["scripts/eval_claims.ts", "--check"],
  ],
  [
    "voice eval meets its targets (eval/voice.targets.json)",
    bin("tsx"),
    ["scripts/eval_voice.ts", "--check"],
  ],
  [
    "bundle deploys (dry run)",
    bin("wrangler"),
    ["deploy", "--dry-run", "--outdir", ".wrangler/dry-run", "--env", "production"],
  ],
];

// The fixed mutation sample CI runs (same size as in eval/mutation.targets.json).
const MUTATION_SAMPLE = 30;

const suites = [
  ["workers-runtime tests", "vitest.config.ts", "workers.json"],
  ["node tests (fakes + end-to-end)", "vitest.e2e.config.ts", "node.json"],
];

let passed = 0;
let failed = 0;
const failures = [];

function run(label, command, args) {
  process.stdout.write(`\n▶ ${label}\n`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  return result.status === 0;
}

for (const [label, command, args] of checks) {
  if (run(label, command, args)) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

for (const [label, config, report] of suites) {
  const out = path.join(reports, report);
  const ok = run(label, bin("vitest"), [
    "run",
    "--config",
    config,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
  ]);
  if (!existsSync(out)) {
    failed += 1;
    failures.push(`${label}: no report (the runner crashed before finishing)`);
    continue;
  }
  const json = JSON.parse(readFileSync(out, "utf8"));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  if (json.numTotalTests === 0) {
    failed += 1;
    failures.push(`${label}: ran no tests`);
  } else if (!ok && json.numFailedTests === 0) {
    // Suite-level failure (an error outside any test, e.g. in a hook or an import).
    failed += 1;
    failures.push(`${label}: suite error outside tests`);
  } else if (json.numFailedTests > 0) {
    failures.push(`${label}: ${json.numFailedTests} failed`);
  }
}

// Last, alone: it plants bugs in the sources one at a time and runs their covering tests.
const mutation = [
  "mutation sample holds its score (eval/mutation.targets.json)",
  bin("tsx"),
  ["scripts/mutate.ts", "--sample", String(MUTATION_SAMPLE), "--check"],
];
if (run(...mutation)) passed += 1;
else {
  failed += 1;
  failures.push(mutation[0]);
}

process.stdout.write("\n");
for (const f of failures) process.stdout.write(`✗ ${f}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
