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
import { batchFailingAt } from "../d1-faults";
import { physicianWithKnowledge, queuedDraft } from "../generation-helpers";
import { db, silenceLogs } from "../helpers";

const PERSIST = /UPDATE drafts SET status = \?2/;

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
    await generate(whole.id, batchFailingAt(env.DB, PERSIST, -1, seen));
    const complete = await rowsFor(whole.id);
    // The batch writes a version, claims or citations and evidence: several statements.
    expect(seen.statements).toBeGreaterThan(3);
    expect(complete.draft_versions).toBe(1);
    expect(complete.draft_evidence).toBeGreaterThan(0);

    for (let k = 0; k < seen.statements; k++) {
      const draft = await queuedDraft(physician);
      await expect(
        generate(draft.id, batchFailingAt(env.DB, PERSIST, k, { statements: 0 })),
      ).rejects.toThrow();
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
