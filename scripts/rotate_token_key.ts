/**
 * npm run rotate-token-key -- [--env production] [--target URL] [--drop-old]
 *
 * Rotates TOKEN_ENCRYPTION_KEY, the key physicians' account tokens are sealed under:
 *   1. a new key entry (`k<date>:<32 random bytes>`) goes first, the current entries after it
 *      (Cloudflare cannot show a secret: export the current value as TOKEN_ENCRYPTION_KEY
 *      before a production rotation; locally it is read from .dev.vars);
 *   2. the secret is written (`wrangler secret bulk` from a private temporary file, or
 *      .dev.vars locally);
 *   3. the Worker re-seals every token under the new key (`POST /admin/accounts/reseal`,
 *      page after page) until none is left under an old key;
 *   4. with `--drop-old` (run after 3 reported 0 left) only the newest key is kept.
 * The new value is written to a 0600 file under .wrangler/ for safekeeping; no key is
 * ever printed.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateKeyEntry, parseKeyring } from "../src/lib/token-crypto";
import { runIfMain } from "./lib/cli";
import { readDevVars } from "./lib/dev-vars";
import { ROOT, runWrangler } from "./lib/wrangler";

export interface RotateOptions {
  /** `local` (.dev.vars, the local Worker) or a wrangler environment name. */
  env: string;
  target: string;
  adminToken: string;
  /** The secret's current value (entries, newest first); empty for a first key. */
  current: string;
  dropOld: boolean;
  now?: Date;
}

export interface RotateDeps {
  /** Writes the secret's new value where the Worker reads it. */
  putSecret(value: string): Promise<void>;
  fetch(url: string, init: RequestInit): Promise<Response>;
  say(line: string): void;
  /** Keeps a copy of the new value for the operator (never printed). */
  keep(value: string, keyId: string): string;
  /** Key ids of the copies kept by earlier rotations of this environment. */
  keptKeyIds(): string[];
  sleep(ms: number): Promise<void>;
}

/** A new secret takes a little while to reach every Worker instance. */
const PROPAGATION_WAITS_MS = [5_000, 10_000, 20_000, 40_000];

interface ResealReport {
  keyId: string;
  resealed: number;
  unreadable: number;
  remaining: number;
}

async function reseal(opts: RotateOptions, deps: RotateDeps): Promise<ResealReport> {
  const res = await deps.fetch(`${opts.target}/admin/accounts/reseal`, {
    method: "POST",
    headers: { authorization: `Bearer ${opts.adminToken}` },
  });
  if (!res.ok) throw new Error(`the Worker refused to re-seal: HTTP ${res.status}`);
  return (await res.json()) as ResealReport;
}

/** Re-seals page after page until nothing is left under an old key; returns the last report. */
async function resealAll(opts: RotateOptions, deps: RotateDeps, expectKey: string): Promise<ResealReport> {
  const waits = [...PROPAGATION_WAITS_MS];
  for (let page = 1; page <= 1000; page += 1) {
    const report = await reseal(opts, deps);
    if (report.keyId !== expectKey) {
      const wait = waits.shift();
      if (wait === undefined) {
        throw new Error(
          `the Worker still seals under "${report.keyId}", not "${expectKey}": is the new secret deployed? Run again with the value kept in .wrangler/token-keys/ exported.`,
        );
      }
      deps.say(
        `  the Worker still seals under "${report.keyId}"; waiting ${wait / 1000} s for the new secret…`,
      );
      await deps.sleep(wait);
      page -= 1;
      continue;
    }
    deps.say(
      `  page ${page}: ${report.resealed} re-sealed, ${report.unreadable} unreadable, ${report.remaining} left`,
    );
    if (report.unreadable > 0) {
      throw new Error(
        `${report.unreadable} account(s) opened under no configured key: keep every old key and check the runbook`,
      );
    }
    if (report.remaining === 0) return report;
  }
  throw new Error("re-sealing did not finish");
}

export async function rotateTokenKey(opts: RotateOptions, deps: RotateDeps): Promise<void> {
  const entries = opts.current
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length > 0) await parseKeyring(entries.join(",")); // a typo fails here, not in the Worker
  if (opts.dropOld) {
    const newest = entries[0];
    if (!newest) throw new Error("TOKEN_ENCRYPTION_KEY is empty: nothing to drop");
    const keyId = newest.slice(0, newest.indexOf(":"));
    deps.say(`→ checking every token is sealed under "${keyId}"…`);
    await resealAll(opts, deps, keyId);
    await deps.putSecret(newest);
    deps.say(`✓ TOKEN_ENCRYPTION_KEY now holds only "${keyId}" (${entries.length - 1} old key(s) dropped).`);
    return;
  }
  // A rotation that stopped half-way left its new key in a kept copy: starting another from
  // the older exported value would drop that key, and any token sealed under it.
  const unfinished = deps.keptKeyIds().filter((id) => !entries.some((e) => e.startsWith(`${id}:`)));
  if (unfinished.length > 0) {
    throw new Error(
      `an earlier rotation's key ${unfinished.join(", ")} is not in the exported value: export the kept copy (.wrangler/token-keys/) as TOKEN_ENCRYPTION_KEY and run again`,
    );
  }
  const stamp = (opts.now ?? new Date()).toISOString().replace(/\D/g, "").slice(0, 12);
  const keyId = `k${stamp}`;
  if (entries.some((e) => e.startsWith(`${keyId}:`)))
    throw new Error(`key id ${keyId} exists: wait a minute`);
  const entry = generateKeyEntry(keyId);
  const value = [entry, ...entries].join(",");
  const kept = deps.keep(value, keyId);
  deps.say(`→ new key "${keyId}" first, ${entries.length} older key(s) kept after it (copy: ${kept})`);
  await deps.putSecret(value);
  deps.say(`→ re-sealing every account's tokens under "${keyId}" (${opts.target})…`);
  await resealAll(opts, deps, keyId);
  deps.say(`✓ every token is sealed under "${keyId}". Once this is confirmed, run with --drop-old.`);
}

function replaceDevVar(file: string, key: string, value: string): void {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    text = "";
  }
  const line = `${key}=${value}`;
  const pattern = new RegExp(`^${key}=.*$`, "m");
  writeFileSync(
    file,
    pattern.test(text) ? text.replace(pattern, line) : `${text.replace(/\n?$/, "\n")}${line}\n`,
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { env: { type: "string" }, target: { type: "string" }, "drop-old": { type: "boolean" } },
  });
  const env = values.env ?? "local";
  const devVars = readDevVars();
  const adminToken = process.env.ADMIN_TOKEN ?? devVars.ADMIN_TOKEN;
  if (!adminToken) throw new Error("ADMIN_TOKEN is not set: export it or put it in .dev.vars");
  const current =
    process.env.TOKEN_ENCRYPTION_KEY ?? (env === "local" ? (devVars.TOKEN_ENCRYPTION_KEY ?? "") : "");
  if (env !== "local" && !process.env.TOKEN_ENCRYPTION_KEY && !values["drop-old"]) {
    throw new Error(
      "export the current TOKEN_ENCRYPTION_KEY first (Cloudflare cannot show a secret's value)",
    );
  }
  const target = (values.target ?? `http://127.0.0.1:${process.env.PORT ?? "8787"}`).replace(/\/+$/, "");
  const devVarsFile = path.join(ROOT, ".dev.vars");
  await rotateTokenKey(
    { env, target, adminToken, current, dropOld: values["drop-old"] === true },
    {
      async putSecret(value) {
        if (env === "local") {
          replaceDevVar(devVarsFile, "TOKEN_ENCRYPTION_KEY", value);
          console.log("  .dev.vars updated: restart `npm start` so the Worker reads it");
          return;
        }
        // A private temporary JSON file, removed at once: wrangler reads it, nothing echoes it.
        const dir = mkdtempSync(path.join(tmpdir(), "serotonin-key-"));
        const file = path.join(dir, "secret.json");
        try {
          writeFileSync(file, JSON.stringify({ TOKEN_ENCRYPTION_KEY: value }), { mode: 0o600 });
          await runWrangler(["secret", "bulk", file, "--env", env]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      fetch: (url, init) => fetch(url, init),
      say: (line) => console.log(line),
      keptKeyIds() {
        const dir = path.join(ROOT, ".wrangler", "token-keys");
        if (!existsSync(dir)) return [];
        return readdirSync(dir)
          .filter((name) => name.startsWith(`${env}-`))
          .map((name) => name.slice(env.length + 1));
      },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      keep(value, keyId) {
        const dir = path.join(ROOT, ".wrangler", "token-keys");
        mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `${env}-${keyId}`);
        writeFileSync(file, `${value}\n`, { mode: 0o600 });
        chmodSync(file, 0o600);
        return path.relative(ROOT, file);
      },
    },
  );
  return 0;
}

runIfMain(import.meta.url, main);
