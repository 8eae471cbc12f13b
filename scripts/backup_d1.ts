/**
 * npm run backup -- [--remote] [--output FILE] [--persist-to DIR]
 *
 * Exports the D1 database's data to a SQL file with `wrangler d1 export`: the local
 * database by default, production with --remote. D1 cannot export a database that has
 * virtual tables (our FTS5 index), so the regular tables are exported by name, data only;
 * `npm run restore` creates the schema from the migrations and loads the data. (D1 Time
 * Travel covers point-in-time recovery for 30 days; these files are off-site copies.)
 */
import { mkdirSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { isBackedUpTable } from "./lib/d1-schema";
import { ROOT, runWrangler } from "./lib/wrangler";

export interface BackupOptions {
  remote: boolean;
  output: string;
  persistTo?: string;
}

/** Regular tables of the database (no FTS shadow tables, no internal ones). */
export async function listTables(options: { remote: boolean; persistTo?: string }): Promise<string[]> {
  const args = [
    "d1",
    "execute",
    "DB",
    "--json",
    "--command",
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  ];
  if (options.remote) args.push("--remote", "--env", "production");
  else args.push("--local");
  if (options.persistTo) args.push("--persist-to", options.persistTo);
  const out = await runWrangler(args);
  const names = [...out.matchAll(/"name":\s*"([^"]+)"/g)].map((m) => m[1] ?? "");
  return names.filter(isBackedUpTable);
}
export async function backupD1(options: BackupOptions): Promise<string> {
  mkdirSync(path.dirname(options.output), { recursive: true });
  const tables = await listTables(options);
  if (tables.length === 0) throw new Error("the database has no tables to export");
  const args = [
    "d1",
    "export",
    "DB",
    "--no-schema",
    "--output",
    options.output,
    ...tables.flatMap((t) => ["--table", t]),
  ];
  if (options.remote) args.push("--remote", "--env", "production");
  else args.push("--local");
  if (!options.persistTo) {
    await runWrangler(args);
    return options.output;
  }
  // `d1 export` has no --persist-to; local state lives in <config dir>/.wrangler/state,
  // so point a copy of the config at the other state directory.
  const dir = await mkdtemp(path.join(tmpdir(), "d1-export-"));
  try {
    await copyFile(path.join(ROOT, "wrangler.toml"), path.join(dir, "wrangler.toml"));
    await mkdir(path.join(dir, ".wrangler"));
    await symlink(path.resolve(options.persistTo), path.join(dir, ".wrangler", "state"));
    await runWrangler([...args, "--config", path.join(dir, "wrangler.toml")]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return options.output;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      remote: { type: "boolean", default: false },
      output: { type: "string" },
      "persist-to": { type: "string" },
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const output = path.resolve(
    values.output ?? path.join(ROOT, "backups", `d1-${values.remote ? "production" : "local"}-${stamp}.sql`),
  );
  await backupD1({ remote: values.remote ?? false, output, persistTo: values["persist-to"] });
  console.log(`D1 exported to ${output}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
