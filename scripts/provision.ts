/**
 * npm run provision -- [--env production] [--domain HOST] [--secrets-file FILE] [--dry-run]
 *
 * Creates (or finds) everything the production Worker binds, from the names in
 * wrangler.toml: the D1 database (its id written into the config), the queues and the
 * dead-letter queue, the Vectorize index with the embedding model's dimensions and cosine
 * metric; writes the custom domain; applies the D1 migrations; uploads the secrets from
 * a file with `wrangler secret bulk` after checking them with the Worker's own config
 * rules, naming anything missing. Safe to run again: what exists is kept.
 * The Analytics Engine dataset needs no step: it is created by the first data point.
 * --dry-run prints every step and checks the secrets file without calling Cloudflare.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { CONFIG_KEYS, ConfigError, parseConfig } from "../src/config";
import { WORKERS_AI_DIMENSIONS } from "../src/platform/embeddings/workers-ai";
import { runIfMain } from "./lib/cli";
import { runWrangler, runWranglerStdout } from "./lib/wrangler";
import { CONFIG_PATH, readProductionConfig, writeDatabaseId, writeDomain } from "./lib/wrangler-config";

export type WranglerRunner = (args: string[]) => Promise<string>;

export interface ProvisionOptions {
  domain?: string;
  secretsFile?: string;
  dryRun: boolean;
  configPath?: string;
}

export interface ProvisionReport {
  steps: string[];
  /** Settings production cannot run without (empty when the secrets file is complete). */
  problems: string[];
  warnings: string[];
}

const ENV = ["--env", "production"];

/** KEY=value lines (# comments, optional quotes) or a JSON object. */
export function parseSecretsFile(text: string): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    const json = JSON.parse(trimmed) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, v == null ? "" : String(v)]));
  }
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match?.[1] || line.trimStart().startsWith("#")) continue;
    out[match[1]] = (match[2] ?? "").replace(/^(["'])(.*)\1$/, "$2");
  }
  return out;
}

/** The Worker's own production rules over vars + secrets: every problem named, no value echoed. */
export function checkSecrets(
  secrets: Record<string, string>,
  vars: Record<string, unknown>,
): { problems: string[]; warnings: string[] } {
  const warnings: string[] = [];
  const unknown = Object.keys(secrets).filter((k) => !CONFIG_KEYS.includes(k));
  if (unknown.length) warnings.push(`not settings the Worker reads (a typo?): ${unknown.join(", ")}`);
  if (!secrets.NCBI_EMAIL)
    warnings.push("NCBI_EMAIL is empty: NCBI asks every E-utilities client for a contact address");
  if (!secrets.ANTHROPIC_API_KEY && !secrets.OPENAI_API_KEY) {
    warnings.push("no LLM key (ANTHROPIC_API_KEY / OPENAI_API_KEY): drafts will be written offline");
  }
  try {
    parseConfig({ ...vars, ...secrets, ENVIRONMENT: "production" });
    return { problems: [], warnings };
  } catch (err) {
    return { problems: err instanceof ConfigError ? err.problems : [String(err)], warnings };
  }
}

function failedBecauseExists(err: unknown): boolean {
  return /already exists|already taken|code: 11009|\[code: 10026\]|duplicate/i.test(String(err));
}

export async function provision(
  options: ProvisionOptions,
  run: WranglerRunner,
  say: (line: string) => void = console.log,
): Promise<ProvisionReport> {
  const configPath = options.configPath ?? CONFIG_PATH;
  const config = readProductionConfig(configPath);
  const steps: string[] = [];
  const step = (line: string) => {
    steps.push(line);
    say(`${options.dryRun ? "[dry run] " : ""}${line}`);
  };
  const report: ProvisionReport = { steps, problems: [], warnings: [] };

  // Secrets first: nothing is created for a deployment that could not start.
  let secrets: Record<string, string> | undefined;
  if (options.secretsFile) {
    secrets = Object.fromEntries(
      Object.entries(parseSecretsFile(readFileSync(options.secretsFile, "utf8"))).filter(([, v]) => v !== ""),
    );
    const checked = checkSecrets(secrets, config.vars);
    report.problems.push(...checked.problems);
    report.warnings.push(...checked.warnings);
    if (report.problems.length && !options.dryRun) return report;
  } else {
    report.warnings.push("no --secrets-file: secrets are left as they are on Cloudflare");
  }

  // D1: find by name, create if missing, then write its id into the config.
  const db = config.d1_databases[0];
  if (!db?.database_name) throw new Error("wrangler.toml declares no production D1 database");
  if (options.dryRun) step(`D1 ${db.database_name}: find (d1 list --json) or create, write its id`);
  else {
    const find = async () => {
      const list = JSON.parse(await run(["d1", "list", "--json"])) as { name: string; uuid: string }[];
      return list.find((d) => d.name === db.database_name)?.uuid;
    };
    let id = await find();
    if (id) step(`D1 ${db.database_name}: exists (${id})`);
    else {
      await run(["d1", "create", db.database_name]);
      id = await find();
      if (!id) throw new Error(`D1 ${db.database_name} was created but is not listed`);
      step(`D1 ${db.database_name}: created (${id})`);
    }
    if (writeDatabaseId(id, configPath)) step(`wrangler.toml: database_id = ${id}`);
  }

  // Queues, the dead-letter queue included.
  const queues = new Set<string>();
  for (const p of config.queues.producers ?? []) queues.add(p.queue);
  for (const c of config.queues.consumers ?? []) {
    queues.add(c.queue);
    if (c.dead_letter_queue) queues.add(c.dead_letter_queue);
  }
  for (const queue of queues) {
    if (options.dryRun) {
      step(`queue ${queue}: create unless it exists`);
      continue;
    }
    try {
      await run(["queues", "create", queue]);
      step(`queue ${queue}: created`);
    } catch (err) {
      if (!failedBecauseExists(err)) throw err;
      step(`queue ${queue}: exists`);
    }
  }

  // Vectorize: the dimensions of the configured embedding model, cosine.
  const model = String(config.vars.EMBEDDINGS_MODEL ?? "@cf/baai/bge-m3");
  const dimensions = WORKERS_AI_DIMENSIONS[model];
  if (!dimensions) throw new Error(`no known dimensions for EMBEDDINGS_MODEL ${model}`);
  for (const index of config.vectorize) {
    const name = index.index_name;
    if (!name) continue;
    if (options.dryRun) {
      step(`Vectorize ${name}: create with ${dimensions} dimensions, cosine, unless it exists`);
      continue;
    }
    let existing: { config?: { dimensions?: number; metric?: string } } | undefined;
    try {
      existing = JSON.parse(await run(["vectorize", "get", name, "--json"]));
    } catch (err) {
      // Only "no such index" means create it; an auth or network error must stop here.
      if (!/not.?found|does not exist|no such/i.test(String(err))) throw err;
      existing = undefined;
    }
    if (!existing) {
      await run(["vectorize", "create", name, `--dimensions=${dimensions}`, "--metric=cosine"]);
      step(`Vectorize ${name}: created (${dimensions} dimensions, cosine)`);
    } else if (existing.config?.dimensions !== dimensions || existing.config?.metric !== "cosine") {
      throw new Error(
        `Vectorize ${name} exists with ${existing.config?.dimensions} dimensions, ${existing.config?.metric}; ` +
          `${model} needs ${dimensions}, cosine. Delete it (npx wrangler vectorize delete ${name}) and provision again.`,
      );
    } else step(`Vectorize ${name}: exists (${dimensions} dimensions, cosine)`);
  }

  if (options.domain) {
    if (options.dryRun) step(`route: custom domain ${options.domain}`);
    else if (writeDomain(options.domain, configPath)) step(`wrangler.toml: custom domain ${options.domain}`);
  }

  if (options.dryRun) step(`D1 ${db.database_name}: apply migrations (d1 migrations apply DB --remote)`);
  else {
    await run(["d1", "migrations", "apply", "DB", "--remote", ...ENV]);
    step(`D1 ${db.database_name}: migrations applied`);
  }

  if (secrets) {
    const names = Object.keys(secrets).sort();
    if (options.dryRun) step(`secrets: would upload ${names.join(", ")}`);
    else {
      // A private temporary JSON file, removed at once: wrangler reads it, nothing echoes it.
      const dir = mkdtempSync(path.join(tmpdir(), "serotonin-secrets-"));
      const file = path.join(dir, "secrets.json");
      try {
        writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
        await run(["secret", "bulk", file, ...ENV]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      step(`secrets: uploaded ${names.join(", ")}`);
    }
  }
  return report;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      env: { type: "string" },
      domain: { type: "string" },
      "secrets-file": { type: "string" },
      "dry-run": { type: "boolean" },
    },
  });
  // Production is the only environment with real resources; it is also the default.
  if (values.env !== undefined && values.env !== "production") {
    console.error(`provision sets up production only (got --env ${values.env})`);
    return 1;
  }
  const report = await provision(
    { domain: values.domain, secretsFile: values["secrets-file"], dryRun: Boolean(values["dry-run"]) },
    // `--json` answers are read from stdout alone: a warning on stderr must not break them.
    (args) => (args.includes("--json") ? runWranglerStdout(args) : runWrangler(args)),
  );
  for (const warning of report.warnings) console.warn(`warning: ${warning}`);
  if (report.problems.length) {
    console.error(`The secrets file is missing what production needs:\n  ${report.problems.join("\n  ")}`);
    return 1;
  }
  console.log(
    values["dry-run"] ? "Dry run complete: nothing was changed." : "Provisioned. Next: npm run deploy",
  );
  return 0;
}

runIfMain(import.meta.url, main);
