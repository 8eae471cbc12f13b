/**
 * Atomic results: a generation's result (status, version, claims, citations, evidence) is
 * one D1 batch. Failing the batch at each of its statements in turn shows that no half of
 * it is ever visible: the draft has no new version, claim, citation or evidence row, and
 * it is back in the queue for the retry, not `ready` without its text.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import { handleGenerateJob } from "../../src/queues/generate-consumer";
import { createServices } from "../../src/services";
import { physicianWithKnowledge, queuedDraft } from "../generation-helpers";
import { db, silenceLogs } from "../helpers";

const PERSIST = /UPDATE drafts SET status = \?2/;

/** A D1 binding whose result batch fails at statement `failAt` (or only counts, with -1). */
function batchFailingAt(d1: D1Database, failAt: number, seen: { statements: number }): D1Database {
  const sql = new WeakMap<D1PreparedStatement, string>();
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          const stmt = target.prepare(query);
          const track = (s: D1PreparedStatement): D1PreparedStatement =>
            new Proxy(s, {
              get(inner, key) {
                const value: unknown = Reflect.get(inner, key);
                if (key === "bind") {
                  return (...values: unknown[]) => {
                    const bound = inner.bind(...values);
                    sql.set(bound, query);
                    return bound;
                  };
                }
                return typeof value === "function" ? value.bind(inner) : value;
              },
            });
          sql.set(stmt, query);
          return track(stmt);
        };
      }
      if (prop === "batch") {
        return (statements: D1PreparedStatement[]) => {
          if (!PERSIST.test(sql.get(statements[0] as D1PreparedStatement) ?? ""))
            return target.batch(statements);
          seen.statements = statements.length;
          if (failAt < 0) return target.batch(statements);
          const broken = [...statements];
          broken[failAt] = target.prepare("INSERT INTO no_such_table VALUES (1)");
          return target.batch(broken);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function rowsFor(draftId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ["draft_versions", "claims", "citations", "draft_evidence"]) {
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE draft_id = ?`)
      .bind(draftId)
      .first<{ n: number }>();
    counts[table] = row?.n ?? 0;
  }
  return counts;
}

async function generate(draftId: string, d1: D1Database) {
  const services = createServices({ ...env, DB: d1 } as Env);
  return handleGenerateJob(services, { type: "generate", draftId, requestId: "r", reason: "new" }, 1);
}

describe("a generation result is all or nothing", () => {
  it("fails the result batch at every statement in turn: never a half-written draft", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const seen = { statements: 0 };
    const whole = await queuedDraft(physician);
    await generate(whole.id, batchFailingAt(env.DB, -1, seen));
    const complete = await rowsFor(whole.id);
    // The batch writes a version, claims or citations and evidence: several statements.
    expect(seen.statements).toBeGreaterThan(3);
    expect(complete.draft_versions).toBe(1);
    expect(complete.draft_evidence).toBeGreaterThan(0);

    for (let k = 0; k < seen.statements; k++) {
      const draft = await queuedDraft(physician);
      await expect(generate(draft.id, batchFailingAt(env.DB, k, { statements: 0 }))).rejects.toThrow();
      expect(await rowsFor(draft.id), `failed at statement ${k}`).toEqual({
        draft_versions: 0,
        claims: 0,
        citations: 0,
        draft_evidence: 0,
      });
      const after = await getDraft(db(), draft.id);
      expect(after?.status, `failed at statement ${k}`).toBe("queued");
      expect(after?.currentVersion).toBe(0);
    }
  });
});
