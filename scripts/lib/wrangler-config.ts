/**
 * Reads the production configuration through wrangler's own reader, and edits the two
 * values provisioning owns in `wrangler.toml` (the D1 database id and the custom domain)
 * in place, keeping every comment.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { unstable_readConfig } from "wrangler";
import { z } from "zod";
import { ROOT } from "./wrangler";

export const CONFIG_PATH = path.join(ROOT, "wrangler.toml");

/** The part of wrangler's resolved configuration our tools read (wrangler types it loosely). */
const workerConfigSchema = z.object({
  name: z.string().optional(),
  workers_dev: z.boolean().optional(),
  upload_source_maps: z.boolean().optional(),
  minify: z.boolean().optional(),
  define: z.record(z.string(), z.string()).optional(),
  routes: z
    .array(z.union([z.string(), z.object({ pattern: z.string(), custom_domain: z.boolean().optional() })]))
    .optional(),
  observability: z
    .object({
      enabled: z.boolean().optional(),
      head_sampling_rate: z.number().optional(),
      logs: z.object({ enabled: z.boolean().optional(), invocation_logs: z.boolean().optional() }).optional(),
    })
    .optional(),
  vars: z.record(z.string(), z.unknown()),
  ai: z.object({ binding: z.string() }).optional(),
  d1_databases: z.array(
    z.object({
      binding: z.string(),
      database_name: z.string(),
      database_id: z.string().optional(),
      migrations_dir: z.string().optional(),
    }),
  ),
  vectorize: z.array(z.object({ binding: z.string(), index_name: z.string() })),
  analytics_engine_datasets: z.array(z.object({ binding: z.string(), dataset: z.string().optional() })),
  queues: z.object({
    producers: z.array(z.object({ binding: z.string(), queue: z.string() })).optional(),
    consumers: z
      .array(
        z.object({
          queue: z.string(),
          dead_letter_queue: z.string().optional(),
          max_retries: z.number().optional(),
        }),
      )
      .optional(),
  }),
  durable_objects: z.object({ bindings: z.array(z.object({ name: z.string(), class_name: z.string() })) }),
  triggers: z.object({ crons: z.array(z.string()).optional() }),
});

export type WorkerConfig = z.infer<typeof workerConfigSchema>;

/** One environment of wrangler.toml as wrangler resolves it (undefined env = the local top level). */
export function readWorkerConfig(configPath = CONFIG_PATH, env?: string): WorkerConfig {
  return workerConfigSchema.parse(unstable_readConfig({ config: configPath, env }, { hideWarnings: true }));
}

export function readProductionConfig(configPath = CONFIG_PATH): WorkerConfig {
  return readWorkerConfig(configPath, "production");
}

/** Values still carrying the template's placeholders: a deploy would fail or go nowhere. */
export function placeholders(configPath = CONFIG_PATH): string[] {
  const config = readProductionConfig(configPath);
  const found: string[] = [];
  for (const db of config.d1_databases) {
    if (!/^[0-9a-f-]{36}$/.test(db.database_id ?? "") || /^0{8}-/.test(db.database_id ?? "")) {
      found.push(`D1 ${db.database_name}: database_id is "${db.database_id}" (npm run provision writes it)`);
    }
  }
  for (const route of config.routes ?? []) {
    const pattern = typeof route === "string" ? route : route.pattern;
    if (/example\.(org|com)/.test(pattern)) {
      found.push(`route ${pattern} is the template's (npm run provision -- --domain <your host>)`);
    }
  }
  return found;
}

function editProductionBlock(text: string, header: string, key: string, value: string): string {
  // The header on its own line (the file's comments mention headers too).
  const start = text.search(new RegExp(`^${header.replace(/[[\].]/g, "\\$&")}$`, "m"));
  if (start < 0) throw new Error(`${header} not found in wrangler.toml`);
  const next = text.indexOf("\n[", start + header.length);
  const end = next < 0 ? text.length : next;
  const block = text.slice(start, end);
  const line = new RegExp(`^${key} = .*$`, "m");
  if (!line.test(block)) throw new Error(`${key} not found under ${header}`);
  return text.slice(0, start) + block.replace(line, `${key} = ${value}`) + text.slice(end);
}

export function writeDatabaseId(id: string, configPath = CONFIG_PATH): boolean {
  const before = readFileSync(configPath, "utf8");
  const after = editProductionBlock(
    before,
    "[[env.production.d1_databases]]",
    "database_id",
    JSON.stringify(id),
  );
  if (after !== before) writeFileSync(configPath, after);
  return after !== before;
}

export function writeDomain(host: string, configPath = CONFIG_PATH): boolean {
  if (!/^(?=.{1,253}$)([a-z0-9](-*[a-z0-9])*\.)+[a-z]{2,}$/i.test(host)) {
    throw new Error(`--domain ${host} is not a host name (no scheme, no path)`);
  }
  const before = readFileSync(configPath, "utf8");
  const route = `[{ pattern = ${JSON.stringify(host)}, custom_domain = true }]`;
  const after = editProductionBlock(before, "[env.production]", "routes", route);
  if (after !== before) writeFileSync(configPath, after);
  return after !== before;
}
