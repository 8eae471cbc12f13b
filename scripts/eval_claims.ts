/**
 * npm run eval:claims [-- --check]
 *
 * Runs the claim check (the same `checkClaims` the pipeline uses: rules + LLM merge) over
 * the labelled cases in eval/cases/claims.json, offline: each case's recorded LLM answer
 * is replayed by a stub router (null = no LLM). Prints case-level precision and recall of
 * the "unsupported" verdict, overall and by kind, and writes eval/results/claims.json.
 * With --check, exits 1 when a figure falls below eval/claims.targets.json (CI does this).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { claimCaseFileSchema, runClaimCase } from "./lib/claim-case";

const root = path.resolve(import.meta.dirname, "..");

const targetsSchema = z.object({
  precision: z.number(),
  recall: z.number(),
  recall_by_kind: z.record(z.string(), z.number()),
});

interface Tally {
  cases: number;
  expected_unsupported: number;
  caught: number;
  flagged: number;
  false_positives: number;
}

const newTally = (): Tally => ({
  cases: 0,
  expected_unsupported: 0,
  caught: 0,
  flagged: 0,
  false_positives: 0,
});

const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);

async function main(): Promise<void> {
  // Every labelled set: claims.json (the development set) and claims-holdout.json (written
  // independently of the checker and never tuned against).
  const dir = path.join(root, "eval/cases");
  const only = process.argv.find((a) => a.startsWith("--set="))?.slice("--set=".length);
  const sets = readdirSync(dir)
    .filter((f) => /^claims.*\.json$/.test(f) && (!only || f === only))
    .sort()
    .map((f) => ({
      name: f,
      ...claimCaseFileSchema.parse(JSON.parse(readFileSync(path.join(dir, f), "utf8"))),
    }));
  const file = { version: Math.max(...sets.map((s) => s.version)), cases: sets.flatMap((s) => s.cases) };
  const setOf = new Map(sets.flatMap((s) => s.cases.map((c) => [c.id, s.name] as const)));
  const bySet = new Map<string, Tally>();
  const total: Tally = newTally();
  const byKind = new Map<string, Tally>();
  const misses: string[] = [];
  for (const c of file.cases) {
    const outcome = await runClaimCase(c);
    const kind = byKind.get(c.kind) ?? newTally();
    byKind.set(c.kind, kind);
    const setName = setOf.get(c.id) ?? "?";
    const set = bySet.get(setName) ?? newTally();
    bySet.set(setName, set);
    for (const t of [total, kind, set]) {
      t.cases += 1;
      if (outcome.flagged) t.flagged += 1;
      if (c.expect === "unsupported") {
        t.expected_unsupported += 1;
        if (outcome.caught) t.caught += 1;
      } else if (outcome.flagged) t.false_positives += 1;
    }
    if (c.expect === "unsupported" && !outcome.caught) misses.push(`missed ${c.id}: ${c.flag ?? ""}`);
    if (c.expect === "supported" && outcome.flagged) misses.push(`false positive ${c.id}`);
  }
  const precisionOf = (t: Tally) => ratio(t.flagged - t.false_positives, t.flagged);
  const result = {
    version: file.version,
    cases: total.cases,
    precision: precisionOf(total),
    recall: ratio(total.caught, total.expected_unsupported),
    by_set: Object.fromEntries(
      [...bySet.entries()].map(([name, t]) => [
        name,
        { cases: t.cases, precision: precisionOf(t), recall: ratio(t.caught, t.expected_unsupported) },
      ]),
    ),
    by_kind: Object.fromEntries(
      [...byKind.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, t]) => [
          kind,
          {
            cases: t.cases,
            expected_unsupported: t.expected_unsupported,
            caught: t.caught,
            false_positives: t.false_positives,
            recall: ratio(t.caught, t.expected_unsupported),
            precision: precisionOf(t),
          },
        ]),
    ),
  };
  mkdirSync(path.join(root, "eval/results"), { recursive: true });
  if (!only)
    writeFileSync(path.join(root, "eval/results/claims.json"), `${JSON.stringify(result, null, 2)}\n`);

  console.log(`claims eval v${file.version}: ${result.cases} cases`);
  console.log(`precision ${result.precision}  recall ${result.recall}`);
  for (const [name, t] of Object.entries(result.by_set))
    console.log(`  set ${name}: ${t.cases} cases, precision ${t.precision}, recall ${t.recall}`);
  for (const [kind, t] of Object.entries(result.by_kind)) {
    console.log(
      `  ${kind.padEnd(22)} recall ${t.recall}  (${t.caught}/${t.expected_unsupported})  false positives ${t.false_positives}/${t.cases}`,
    );
  }
  for (const miss of misses) console.log(`  · ${miss}`);

  if (process.argv.includes("--check")) {
    const targets = targetsSchema.parse(
      JSON.parse(readFileSync(path.join(root, "eval/claims.targets.json"), "utf8")),
    );
    const failures: string[] = [];
    if (result.precision < targets.precision)
      failures.push(`precision ${result.precision} < ${targets.precision}`);
    if (result.recall < targets.recall) failures.push(`recall ${result.recall} < ${targets.recall}`);
    for (const [kind, floor] of Object.entries(targets.recall_by_kind)) {
      const got = result.by_kind[kind]?.recall ?? 0;
      if (got < floor) failures.push(`${kind} recall ${got} < ${floor}`);
    }
    if (failures.length > 0) {
      console.error(`claims eval below target: ${failures.join("; ")}`);
      process.exit(1);
    }
    console.log("claims eval meets its targets");
  }
}

await main();
