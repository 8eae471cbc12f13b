/**
 * Leases with heartbeats: a generation attempt holds its draft through a lease it renews
 * while it works. A Worker killed mid-draft stops renewing; the next cron run (within a
 * minute) re-queues the draft and the new attempt produces the card; the stale attempt,
 * if it wakes up, can no longer write its result.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import type { Draft } from "../../src/db/schema";
import { persistResult } from "../../src/pipeline/persist";
import { claimForGeneration, GENERATION_LEASE_MS, renewLease } from "../../src/queues/generation-lease";
import {
  LLM_KEYS,
  offlineResult,
  physicianWithKnowledge,
  queuedDraft,
  runGenerate,
} from "../generation-helpers";
import { db, silenceLogs } from "../helpers";
import { recordingQueue, runCron } from "../publish-helpers";
import { fakes } from "../slack-helpers";

async function cron(jobs: unknown[]) {
  await runCron({ GENERATE_QUEUE: recordingQueue(jobs) });
}

async function claimedDraft(): Promise<{ draft: Draft; owner: string }> {
  const draft = await queuedDraft(await physicianWithKnowledge());
  const owner = await claimForGeneration(db(), draft);
  if (!owner) throw new Error("claim failed");
  return { draft: (await getDraft(db(), draft.id)) as Draft, owner };
}

describe("generation leases", () => {
  it("claiming sets the owner and a lease; only the owner renews it", async () => {
    const { draft, owner } = await claimedDraft();
    expect(draft.status).toBe("generating");
    expect(draft.leaseOwner).toBe(owner);
    expect(draft.leaseUntil).toBeGreaterThan(Date.now() + GENERATION_LEASE_MS - 5000);
    expect(await renewLease(db(), draft.id, "someone-else")).toBe(false);
    expect(await renewLease(db(), draft.id, owner, Date.now() + 60_000)).toBe(true);
    expect((await getDraft(db(), draft.id))?.leaseUntil).toBeGreaterThan(Date.now() + 60_000);
  });

  it("leaves a draft with a live lease alone, even when it was updated long ago", async () => {
    silenceLogs();
    const { draft } = await claimedDraft();
    await env.DB.prepare("UPDATE drafts SET updated_at = 0 WHERE id = ?").bind(draft.id).run();
    const jobs: unknown[] = [];
    await cron(jobs);
    expect(jobs).toEqual([]);
    expect((await getDraft(db(), draft.id))?.status).toBe("generating");
  });

  it("a killed attempt: its lease runs out, the next cron re-queues the draft, the new attempt makes the card", async () => {
    silenceLogs();
    const { draft, owner } = await claimedDraft();
    // The Worker died: no heartbeat since. Its lease ran out a second ago; updated_at is recent.
    await env.DB.prepare("UPDATE drafts SET lease_until = ? WHERE id = ?")
      .bind(Date.now() - 1000, draft.id)
      .run();
    const jobs: { draftId: string }[] = [];
    await cron(jobs as unknown[]);
    expect(jobs.map((j) => j.draftId)).toEqual([draft.id]);
    expect(await getDraft(db(), draft.id)).toMatchObject({ status: "queued", leaseOwner: null });

    await runGenerate(draft.id, { attempts: 1 });
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(["ready", "needs_review"]).toContain(after.status);
    expect(after.leaseOwner).toBeNull();

    // The killed attempt wakes up with its result: it no longer holds the draft.
    const stale = await persistResult(db(), draft.id, offlineResult("Stale text."), "generated", owner);
    expect(stale.stored).toBe(false);
  });
});

describe("a generation waiting out a long Retry-After", () => {
  it("is not re-sent by the sweeper before its retry is due, and is once it is overdue", async () => {
    silenceLogs();
    const draft = await queuedDraft(await physicianWithKnowledge());
    await fakes().fail({ service: "anthropic", status: 429, retryAfter: 600, times: -1 });
    await fakes().fail({ service: "openai", status: 429, retryAfter: 600, times: -1 });
    await runGenerate(draft.id, { env: LLM_KEYS });
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after.status).toBe("queued");
    expect(after.retryAt).toBeGreaterThan(Date.now() + 590_000);

    // Five minutes later (well past budget + margin), the retry is still pending.
    await env.DB.prepare("UPDATE drafts SET updated_at = ? WHERE id = ?")
      .bind(Date.now() - 300_000, draft.id)
      .run();
    const jobs: unknown[] = [];
    await cron(jobs);
    expect(jobs).toEqual([]);

    // Its retry never came (a lost message): once overdue, the sweeper re-sends it.
    await env.DB.prepare("UPDATE drafts SET retry_at = ? WHERE id = ?")
      .bind(Date.now() - 600_000, draft.id)
      .run();
    await cron(jobs);
    expect(jobs).toHaveLength(1);
  });
});
