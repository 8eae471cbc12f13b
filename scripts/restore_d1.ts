/**
 * npm run restore -- --file FILE [--remote] [--persist-to DIR] --yes
 *
 * Loads a SQL export (from `npm run backup`) into an EMPTY D1 database: a freshly created
 * production database (`wrangler d1 create`, then point database_id at it) or a fresh
 * local state. It refuses a database that already has our tables, because an export
 * re-creates them; to roll back in place use D1 Time Travel (see docs/runbook.md).
 * The schema comes from this repository's migrations (applied first); the data follows,
 * and the FTS triggers re-fill the search index as the chunks go in.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { runWrangler } from "./lib/wrangler";

export interface RestoreOptions {
  file: string;
  remote: boolean;
  persistTo?: string;
}

function target(options: RestoreOptions): string[] {
  const args = options.remote ? ["--remote", "--env", "production"] : ["--local"];
  if (options.persistTo) args.push("--persist-to", options.persistTo);
  return args;
}

/** True when the database already holds the application's tables. */
export async function hasTables(options: RestoreOptions): Promise<boolean> {
  const out = await runWrangler([
    "d1",
    "execute",
    "DB",
    ...target(options),
    "--json",
    "--command",
    "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'drafts'",
  ]);
  const match = /"n":\s*(\d+)/.exec(out);
  return Number(match?.[1] ?? 0) > 0;
}

export async function restoreD1(options: RestoreOptions): Promise<void> {
  if (!existsSync(options.file)) throw new Error(`no such backup file: ${options.file}`);
  if (await hasTables(options)) {
    throw new Error("the target database is not empty: restore into a fresh database (see docs/runbook.md)");
  }
  await runWrangler(["d1", "migrations", "apply", "DB", ...target(options)]);
  await runWrangler(["d1", "execute", "DB", ...target(options), "--yes", "--file", options.file]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      file: { type: "string" },
      remote: { type: "boolean", default: false },
      "persist-to": { type: "string" },
      yes: { type: "boolean", default: false },
    },
  });
  if (!values.file) throw new Error("--file is required");
  if (!values.yes) throw new Error("restoring writes to the database: add --yes to confirm");
  const file = path.resolve(values.file);
  await restoreD1({ file, remote: values.remote ?? false, persistTo: values["persist-to"] });
  console.log(`Restored ${file} into the ${values.remote ? "production" : "local"} database`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
