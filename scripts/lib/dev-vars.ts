/** Reads `.dev.vars` (KEY=value lines, # comments, optional quotes) without printing it. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./wrangler";

export function readDevVars(file = path.join(ROOT, ".dev.vars")): Record<string, string> {
  if (!existsSync(file)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (!match?.[1] || line.trimStart().startsWith("#")) continue;
    vars[match[1]] = (match[2] ?? "").replace(/^(["'])(.*)\1$/, "$2");
  }
  return vars;
}
