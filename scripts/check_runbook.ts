/**
 * npm run check:runbook
 *
 * Every command the runbook (and the README) names must work on the pinned wrangler:
 * - `npx wrangler …`: the subcommand exists and knows every flag used (its own --help),
 *   and a `--remote` command names `--env production` (the top level is the local config);
 * - `npm run X`: the script exists;
 * - SQL (`d1 execute … --command`, and inline SELECTs): runs against a local D1 built from
 *   the migrations, so a renamed column cannot hide in a playbook;
 * - `$W/admin/…` paths: documented in docs/api.md (itself checked against the routes).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyLocalMigrations, ROOT, runWrangler } from "./lib/wrangler";

export interface RunbookCommand {
  file: string;
  line: number;
  text: string;
}

/** Commands in ```sh blocks (continuations joined, comments dropped) and inline code spans. */
export function extractCommands(file: string, text: string): RunbookCommand[] {
  const out: RunbookCommand[] = [];
  const lines = text.split("\n");
  let inShell = false;
  let pending = "";
  let start = 0;
  lines.forEach((raw, i) => {
    if (/^```(sh|bash)?\s*$/.test(raw.trim()) && raw.trim() !== "```" && !inShell) {
      inShell = /^```(sh|bash)$/.test(raw.trim());
      return;
    }
    if (raw.trim() === "```") {
      inShell = false;
      return;
    }
    if (inShell) {
      if (!pending) start = i + 1;
      const code = raw.replace(/\s+#\s.*$/, "");
      if (code.trimEnd().endsWith("\\")) {
        pending += `${code.trimEnd().slice(0, -1)} `;
        return;
      }
      const full = (pending + code).trim();
      pending = "";
      if (full && !full.startsWith("#")) out.push({ file, line: start, text: full });
      return;
    }
    for (const m of raw.matchAll(/`((?:npx wrangler|npm run|curl|SELECT) [^`]+)`/g)) {
      out.push({ file, line: i + 1, text: (m[1] ?? "").trim() });
    }
  });
  return out;
}

/** The SQL a command runs (d1 execute --command "…", or an inline SELECT). */
export function sqlOf(command: string): string | undefined {
  if (command.startsWith("SELECT ")) return command;
  return /--command\s+"([^"]+)"/.exec(command)?.[1];
}

function wranglerArgs(command: string): string[] | undefined {
  const m = /^npx wrangler\s+(.*)$/.exec(command);
  if (!m?.[1]) return undefined;
  return [...m[1].replace(/"[^"]*"/g, "ARG").matchAll(/[^\s|>]+/g)].map((x) => x[0]).filter((t) => t !== "…");
}

/** The subcommand path: leading words before the first flag, positional or placeholder. */
function subcommandOf(args: string[], known: Set<string>): string[] {
  const path: string[] = [];
  for (const arg of args) {
    if (arg.startsWith("-") || arg.startsWith("<") || arg.startsWith("$")) break;
    if (path.length > 0 && !known.has(`${path.join(" ")} ${arg}`)) break;
    path.push(arg);
  }
  return path;
}

const WRANGLER_GROUPS = new Set([
  "d1 list",
  "d1 create",
  "d1 execute",
  "d1 export",
  "d1 migrations",
  "d1 migrations list",
  "d1 migrations apply",
  "d1 time-travel",
  "d1 time-travel info",
  "d1 time-travel restore",
  "queues list",
  "queues create",
  "queues info",
  "vectorize create",
  "vectorize get",
  "vectorize delete",
  "vectorize list",
  "secret put",
  "secret bulk",
  "secret list",
  "deployments list",
  "versions list",
  "rollback",
  "tail",
  "deploy",
  "login",
  "whoami",
  "types",
]);

export interface Finding {
  where: string;
  command: string;
  problem: string;
}

export async function checkCommands(
  commands: RunbookCommand[],
  scripts: Record<string, string>,
  apiDoc: string,
) {
  const findings: Finding[] = [];
  const helpCache = new Map<string, string>();
  const sqls: { where: string; command: string; sql: string }[] = [];
  let checked = 0;
  for (const c of commands) {
    const where = `${c.file}:${c.line}`;
    const fail = (problem: string) => findings.push({ where, command: c.text, problem });
    const sql = sqlOf(c.text);
    if (sql && !sql.includes("<")) sqls.push({ where, command: c.text, sql });
    else if (sql) sqls.push({ where, command: c.text, sql: sql.replace(/'<[^>]+>'/g, "'x'") });
    const args = wranglerArgs(c.text);
    // "npx wrangler …" in prose names the tool, not a command.
    if (args && args.length > 0) {
      checked += 1;
      const sub = subcommandOf(args, WRANGLER_GROUPS);
      if (sub.length === 0) fail("no wrangler subcommand");
      const key = sub.join(" ");
      if (!helpCache.has(key)) {
        helpCache.set(
          key,
          await runWrangler([...sub, "--help"]).catch((err: unknown) => `FAILED ${String(err)}`),
        );
      }
      const help = helpCache.get(key) ?? "";
      if (help.startsWith("FAILED") || /Unknown argument|Unknown command/i.test(help))
        fail(`wrangler ${key} does not exist`);
      // A group (`wrangler queues`) lists its subcommands: the next word must be one of them.
      const next = args[sub.length];
      const listed = [...help.matchAll(new RegExp(`wrangler ${key} ([a-z-]+)`, "g"))].map((m) => m[1]);
      if (next && !next.startsWith("-") && listed.length > 0 && !listed.includes(next)) {
        fail(`wrangler ${key} has no subcommand ${next}`);
      }
      for (const flag of args.filter((a) => a.startsWith("--")).map((a) => a.split("=")[0] ?? a)) {
        if (!help.includes(`${flag} `) && !help.includes(`${flag}\n`)) fail(`wrangler ${key} has no ${flag}`);
      }
      if (args.includes("--remote") && !/--env production/.test(c.text))
        fail("--remote without --env production");
    }
    const npm = /^npm run ([a-z:*-]+)/.exec(c.text);
    if (npm?.[1] && !npm[1].endsWith(":*")) {
      checked += 1;
      if (!(npm[1] in scripts)) fail(`package.json has no script ${npm[1]}`);
    }
    for (const m of c.text.matchAll(/\$W\/admin(\/[a-z/-]+)/g)) {
      checked += 1;
      const route = (m[1] ?? "").replace(/\/$/, "");
      // Documented paths, ids as "*": `/dead-letters/<id>` in a command is cut at the "<".
      const documented = [...apiDoc.matchAll(/`[A-Z]+ (\/[^`?[ ]*)/g)].map((d) =>
        (d[1] ?? "").replace(/:[a-z]+/g, "*"),
      );
      const known = documented.some(
        (d) => d === route || d.startsWith(`${route}/`) || d.startsWith(`${route}*`),
      );
      if (!known) fail(`docs/api.md documents no ${route}`);
    }
  }
  // SQL against a local D1 built from the migrations.
  if (sqls.length) {
    const dir = mkdtempSync(path.join(tmpdir(), "runbook-d1-"));
    try {
      await applyLocalMigrations(dir);
      for (const s of sqls) {
        checked += 1;
        await runWrangler([
          "d1",
          "execute",
          "DB",
          "--local",
          "--persist-to",
          dir,
          "--json",
          "--command",
          s.sql,
        ]).catch((err: unknown) =>
          findings.push({
            where: s.where,
            command: s.command,
            problem: `SQL fails: ${String(err).split("\n").slice(-6).join(" ")}`,
          }),
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { findings, checked, sql: sqls.length };
}

export async function checkRunbook() {
  const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
  const commands = [
    ...extractCommands("docs/runbook.md", read("docs/runbook.md")),
    ...extractCommands("README.md", read("README.md")),
  ];
  const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
  return { commands, ...(await checkCommands(commands, scripts, read("docs/api.md"))) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  checkRunbook().then(({ findings, checked, sql }) => {
    for (const f of findings) console.error(`${f.where}: ${f.problem}\n  ${f.command}`);
    console.log(`${checked} checks (${sql} SQL statements run on a local D1), ${findings.length} problems`);
    process.exit(findings.length ? 1 : 0);
  });
}
