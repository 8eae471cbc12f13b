/**
 * The stuck-job sweep when the world misbehaves: two cron runs overlap (each stuck draft is
 * re-sent once, never twice), and a queue that refuses the message (the run reports the
 * failure instead of logging a re-queue that did not happen).
 */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDraft } from "../../src/db/drafts";
import worker from "../../src/index";
import { physicianWithKnowledge, queuedDraft } from "../generation-helpers";
import { captureLogs, db, silenceLogs } from "../helpers";
import { fakes } from "../slack-helpers";

afterEach(() => vi.restoreAllMocks());

const cron = (queue: Queue) =>
  worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), {
    ...env,
    GENERATE_QUEUE: queue,
  });

async function stuckDraft(status: "queued" | "generating"): Promise<string> {
  const draft = await queuedDraft(await physicianWithKnowledge());
  await env.DB.prepare("UPDATE drafts SET status = ?, attempts = 1, updated_at = ? WHERE id = ?")
    .bind(status, Date.now() - 10 * 60_000, draft.id)
    .run();
  return draft.id;
}

describe("overlapping sweeps", () => {
  for (const status of ["generating", "queued"] as const) {
    it(`re-send a stuck ${status} draft once`, async () => {
      silenceLogs();
      const id = await stuckDraft(status);
      const sent: unknown[] = [];
      const queue = { send: async (body: unknown) => void sent.push(body) } as unknown as Queue;

      await Promise.all([cron(queue), cron(queue)]);

      expect(sent).toEqual([expect.objectContaining({ type: "generate", draftId: id, reason: "sweep" })]);
      expect((await getDraft(db(), id))?.status).toBe("queued");
    });
  }
});

describe("a queue that refuses the re-sent job", () => {
  it("reports the sweep as failed and never logs the draft as re-queued", async () => {
    const logs = captureLogs();
    await stuckDraft("generating");
    const queue = {
      send: async () => {
        throw new Error("Queue send failed: internal error");
      },
    } as unknown as Queue;

    await cron(queue);

    const lines = logs();
    expect(lines).toContain("cron_task_failed");
    expect(lines).toContain("sweep_stuck_drafts");
    expect(lines).not.toContain("draft_swept_requeued");
  });
});

describe("a stuck draft out of attempts", () => {
  it("is failed and its card sent within the cron run, even when Slack is slow to refuse it", async () => {
    const logs = captureLogs();
    const id = await stuckDraft("generating");
    await env.DB.prepare("UPDATE drafts SET attempts = 4 WHERE id = ?").bind(id).run();
    await fakes().fail({ service: "slack", status: 500, delayMs: 1500, times: -1 });

    await cron({ send: async () => undefined } as unknown as Queue);

    // The card attempt ended inside the run (a run that returned first could be cut off).
    const lines = logs();
    expect(lines).toContain("slack_card_failed");
    expect((await getDraft(db(), id))?.status).toBe("failed");
  });
});
