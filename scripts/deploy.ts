/**
 * npm run deploy -- [--dry-run]
 *
 * Production release in the order that cannot half-fail: refuse a config that still has
 * the template's placeholders, apply pending D1 migrations (new code may need new
 * columns; migrations only ever add), then `wrangler deploy --env production`.
 * --dry-run runs offline: names the placeholders, lists the migrations a deploy would
 * apply if pending, and bundles the Worker exactly as a deploy would (no upload).
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { runIfMain } from "./lib/cli";
import { ROOT, runWrangler } from "./lib/wrangler";
import { CONFIG_PATH, placeholders, readProductionConfig } from "./lib/wrangler-config";

export type WranglerRunner = (args: string[]) => Promise<string>;

const ENV = ["--env", "production"];
export const DRY_RUN_OUTDIR = path.join(ROOT, ".wrangler", "deploy-dry-run");

export interface DeployReport {
  placeholders: string[];
  migrations: string[];
  commands: string[][];
  bundleBytes?: number;
}

export async function deploy(
  options: { dryRun: boolean; configPath?: string },
  run: WranglerRunner,
  say: (line: string) => void = console.log,
): Promise<DeployReport> {
  const configPath = options.configPath ?? CONFIG_PATH;
  const found = placeholders(configPath);
  if (found.length && !options.dryRun) {
    throw new Error(`wrangler.toml is not ready for production:\n  ${found.join("\n  ")}`);
  }
  const migrationsDir = path.join(
    path.dirname(configPath),
    readProductionConfig(configPath).d1_databases[0]?.migrations_dir ?? "migrations",
  );
  const migrations = readdirSync(migrationsDir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const report: DeployReport = { placeholders: found, migrations, commands: [] };
  const exec = async (args: string[]) => {
    report.commands.push(args);
    return run(args);
  };
  for (const problem of found) say(`warning: ${problem}`);
  if (options.dryRun) {
    say(
      `[dry run] would apply pending D1 migrations among ${migrations.length}: ${migrations.at(0)} … ${migrations.at(-1)}`,
    );
    await exec(["deploy", ...ENV, "--dry-run", "--outdir", DRY_RUN_OUTDIR]);
    report.bundleBytes = readdirSync(DRY_RUN_OUTDIR)
      .filter((f) => f.endsWith(".js"))
      .reduce((sum, f) => sum + statSync(path.join(DRY_RUN_OUTDIR, f)).size, 0);
    say(
      `[dry run] bundled the production Worker (${Math.round(report.bundleBytes / 1024)} KiB of JavaScript); nothing uploaded`,
    );
    return report;
  }
  say(await exec(["d1", "migrations", "apply", "DB", "--remote", ...ENV]));
  say(await exec(["deploy", ...ENV]));
  return report;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { "dry-run": { type: "boolean" } } });
  await deploy({ dryRun: Boolean(values["dry-run"]) }, (args) => runWrangler(args));
  return 0;
}

runIfMain(import.meta.url, main);
