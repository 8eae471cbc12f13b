/**
 * npm run index -- [--target URL] [--prune] [--link-slack TEAM_ID:USER_ID]
 *
 * Sends every document under knowledge_base/ to the Worker's admin indexing endpoint
 * (Bearer ADMIN_TOKEN from the environment or .dev.vars). Local by default; production
 * with --target https://<worker>. Re-running with no change writes nothing; --prune
 * removes indexed documents whose files are gone. --link-slack (or KB_LINK_SLACK) makes
 * that Slack user's drafts use the sample physician's posts as their style examples.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { readDevVars } from "./lib/dev-vars";
import { type DocumentRequest, readKnowledgeBase } from "./lib/knowledge-files";
import { ROOT } from "./lib/wrangler";

export interface IndexOptions {
  target: string;
  token: string;
  prune: boolean;
  /** "TEAM_ID:USER_ID" of a Slack user to link to the sample physician's style posts. */
  linkSlack?: string;
  root?: string;
  log?: (line: string) => void;
}

export interface IndexSummary {
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  failed: number;
  skipped: number;
}

export async function indexKnowledgeBase(options: IndexOptions): Promise<IndexSummary> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const files = await readKnowledgeBase(options.root ?? path.join(ROOT, "knowledge_base"));
  const summary: IndexSummary = {
    added: 0,
    changed: 0,
    unchanged: 0,
    removed: 0,
    failed: 0,
    skipped: files.skipped.length,
  };
  const headers = { authorization: `Bearer ${options.token}`, "content-type": "application/json" };
  const progress = new Progress(files.documents.length);

  for (const doc of files.documents) {
    try {
      const res = await fetch(`${options.target}/admin/documents`, {
        method: "POST",
        headers,
        body: JSON.stringify(doc),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
      const result = (await res.json()) as { status: "added" | "changed" | "unchanged" };
      summary[result.status] += 1;
    } catch (err) {
      summary.failed += 1;
      progress.clear();
      log(`✗ ${doc.source}: ${err instanceof Error ? err.message : String(err)}`);
    }
    progress.tick(doc.source);
  }
  progress.done();
  for (const skip of files.skipped) log(`- skipped ${skip.source}: ${skip.reason}`);

  if (options.prune) summary.removed = await prune(options.target, headers, files.documents, log);
  if (options.linkSlack && files.physician)
    await linkSlackUser(options.target, headers, options.linkSlack, files.physician, log);

  log(
    `Indexed knowledge_base/: ${summary.added} added, ${summary.changed} changed, ${summary.unchanged} unchanged, ` +
      `${summary.removed} removed, ${summary.failed} failed, ${summary.skipped} skipped`,
  );
  return summary;
}

async function prune(
  target: string,
  headers: Record<string, string>,
  docs: DocumentRequest[],
  log: (line: string) => void,
): Promise<number> {
  const groups = new Map<string, Set<string>>();
  for (const d of docs) {
    const key = `${d.collection}\u0000${d.namespace}`;
    groups.set(key, (groups.get(key) ?? new Set()).add(d.source));
  }
  let removed = 0;
  for (const [key, sources] of groups) {
    const [collection, namespace] = key.split("\u0000");
    const res = await fetch(
      `${target}/admin/documents?collection=${encodeURIComponent(collection ?? "")}&namespace=${encodeURIComponent(namespace ?? "")}`,
      { headers },
    );
    if (!res.ok) throw new Error(`listing documents failed: HTTP ${res.status}`);
    const { documents } = (await res.json()) as { documents: { id: string; source: string }[] };
    // Only files of knowledge_base/ are ours to prune: Slack uploads ("slack:…") and
    // published posts ("published:…") live in the same collections and must survive.
    const fromFiles = documents.filter((d) => /^(doctor_style|medical_guidelines)\//.test(d.source));
    for (const doc of fromFiles.filter((d) => !sources.has(d.source))) {
      const del = await fetch(`${target}/admin/documents/${doc.id}`, { method: "DELETE", headers });
      if (del.ok) {
        removed += 1;
        log(`- removed ${doc.source}`);
      }
    }
  }
  return removed;
}

async function linkSlackUser(
  target: string,
  headers: Record<string, string>,
  link: string,
  physician: NonNullable<Awaited<ReturnType<typeof readKnowledgeBase>>["physician"]>,
  log: (line: string) => void,
): Promise<void> {
  const [slackTeamId, slackUserId] = link.split(":");
  if (!slackTeamId || !slackUserId) throw new Error("--link-slack wants TEAM_ID:USER_ID");
  const res = await fetch(`${target}/admin/physicians/link`, {
    method: "PUT",
    headers,
    body: JSON.stringify({
      slackTeamId,
      slackUserId,
      styleNamespace: physician.id,
      displayName: physician.display_name,
      specialty: physician.specialty,
      language: physician.language,
      timezone: physician.timezone,
    }),
  });
  if (!res.ok) throw new Error(`linking ${link} failed: HTTP ${res.status}`);
  log(`Linked Slack user ${slackUserId} to the style posts of ${physician.display_name}`);
}

/** A one-line progress bar on a TTY; silent elsewhere (CI logs stay clean). */
class Progress {
  private count = 0;
  private readonly tty = Boolean(process.stdout.isTTY);
  constructor(private readonly total: number) {}
  tick(label: string): void {
    this.count += 1;
    if (!this.tty) return;
    const width = 24;
    const filled = Math.round((this.count / Math.max(1, this.total)) * width);
    process.stdout.write(
      `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${this.count}/${this.total} ${label.slice(0, 40).padEnd(40)}`,
    );
  }
  clear(): void {
    if (this.tty) process.stdout.write("\r\x1b[2K");
  }
  done(): void {
    if (this.tty && this.total > 0) process.stdout.write("\n");
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      target: { type: "string" },
      prune: { type: "boolean", default: false },
      "link-slack": { type: "string" },
    },
  });
  const devVars = readDevVars();
  const token = process.env.ADMIN_TOKEN ?? devVars.ADMIN_TOKEN;
  if (!token) {
    console.error("ADMIN_TOKEN is not set: export it or put it in .dev.vars (see .dev.vars.example).");
    process.exit(2);
  }
  const target = (values.target ?? `http://127.0.0.1:${process.env.PORT ?? "8787"}`).replace(/\/+$/, "");
  const linkSlack = values["link-slack"] ?? process.env.KB_LINK_SLACK ?? devVars.KB_LINK_SLACK;
  const summary = await indexKnowledgeBase({ target, token, prune: values.prune ?? false, linkSlack });
  if (summary.failed > 0) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
