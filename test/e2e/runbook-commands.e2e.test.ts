/**
 * Every command the runbook and README name works on the pinned wrangler (runbook issue
 * 14, point 9): run through `scripts/check_runbook.ts`, and the checker itself shown to
 * catch each kind of broken command.
 */
import { describe, expect, it } from "vitest";
import { checkCommands, checkRunbook, extractCommands } from "../../scripts/check_runbook";

describe("the runbook's commands", () => {
  it("all work: wrangler subcommands and flags, npm scripts, admin paths, and every SQL on a real local D1", async () => {
    const { findings, checked, sql, commands } = await checkRunbook();
    expect(findings).toEqual([]);
    expect(commands.length).toBeGreaterThan(40);
    expect(sql).toBeGreaterThanOrEqual(10);
    expect(checked).toBeGreaterThan(60);
  }, 180_000);

  it("catches a wrong flag, a missing subcommand, a remote command without its env, a missing script, a bad column, an undocumented path", async () => {
    const doc = [
      "```sh",
      "npx wrangler queues info serotonin-dlq --show-counts",
      "npx wrangler queues backlog serotonin-dlq",
      "npx wrangler d1 execute DB --remote --command \\",
      '  "SELECT 1"',
      "npm run ops:nothing",
      "curl -H x $W/admin/jobs | jq",
      "```",
      "Inline: `SELECT colour FROM drafts`.",
    ].join("\n");
    const commands = extractCommands("doc.md", doc);
    expect(commands.map((c) => c.line)).toEqual([2, 3, 4, 6, 7, 9]);
    const { findings } = await checkCommands(commands, { start: "x" }, "`GET /drafts`");
    const problems = findings.map((f) => f.problem).join("\n");
    expect(problems).toContain("wrangler queues info has no --show-counts");
    expect(problems).toContain("wrangler queues has no subcommand backlog");
    expect(problems).toContain("--remote without --env production");
    expect(problems).toContain("package.json has no script ops:nothing");
    expect(problems).toContain("docs/api.md documents no /jobs");
    expect(problems).toMatch(/SQL fails: .*colour/);
  }, 120_000);
});
