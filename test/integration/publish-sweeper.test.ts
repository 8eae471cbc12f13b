/**
 * The publish sweep, run through the cron trigger: a draft left in "publishing" past the
 * publish lease gets its job re-sent (once, even with overlapping runs) and is then
 * published by the consumer; a draft whose post went out is finished; one whose
 * publication failed is handed back; live ones are left alone.
 */

import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDraft } from "../../src/db/drafts";
import type { Draft } from "../../src/db/schema";
import worker from "../../src/index";
import { PUBLISH_LEASE_MS } from "../../src/queues/publish-consumer";
import { PUBLISH_SWEEP_MARGIN_MS } from "../../src/queues/publish-sweeper";
import { reasonText } from "../../src/slack/card-model";
import { db } from "../helpers";
import {
  draftIn,
  lastCard,
  publication,
  recordingQueue,
  runPublish,
  setPublication,
  TELEGRAM,
} from "../publish-helpers";
import { fakes } from "../slack-helpers";

const STUCK_AGE_MS = PUBLISH_LEASE_MS + PUBLISH_SWEEP_MARGIN_MS + 60_000;

afterEach(() => vi.restoreAllMocks());

/** Runs the cron once; returns the publish jobs it sent and the log lines it wrote. */
async function cron(): Promise<{ jobs: unknown[]; logs: Record<string, unknown>[] }> {
  const lines: string[] = [];
  const capture = (line: unknown) => {
    lines.push(String(line));
  };
  vi.spyOn(console, "log").mockImplementation(capture);
  vi.spyOn(console, "warn").mockImplementation(capture);
  vi.spyOn(console, "error").mockImplementation(capture);
  const jobs: unknown[] = [];
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), {
    ...env,
    PUBLISH_QUEUE: recordingQueue(jobs),
  });
  vi.restoreAllMocks();
  return { jobs, logs: lines.flatMap(parseLine) };
}

function parseLine(line: string): Record<string, unknown>[] {
  try {
    return [JSON.parse(line) as Record<string, unknown>];
  } catch {
    return [];
  }
}

/** A draft stuck in publishing since `ageMs` ago, its publication row as given. */
async function stuck(publicationStatus: string | null, ageMs = STUCK_AGE_MS): Promise<Draft> {
  const draft = await draftIn("publishing");
  const at = Date.now() - ageMs;
  await env.DB.prepare("UPDATE drafts SET updated_at = ? WHERE id = ?").bind(at, draft.id).run();
  if (publicationStatus) await setPublication(draft.id, { status: publicationStatus, updatedAt: at });
  return (await getDraft(db(), draft.id)) as Draft;
}

describe("publish sweep (cron)", () => {
  it("re-sends the job of a draft stuck in publishing, once, and the consumer publishes it", async () => {
    const draft = await stuck("pending");
    const first = await cron();
    expect(first.jobs).toEqual([
      {
        type: "publish",
        draftId: draft.id,
        requestId: expect.stringMatching(/^sweep:/),
        platform: "telegram",
        version: draft.currentVersion,
      },
    ]);
    expect(first.logs).toContainEqual(
      expect.objectContaining({ event: "publish_swept", stale: 1, resent: 1, finished: 0 }),
    );
    expect(first.logs).toContainEqual(
      expect.objectContaining({ event: "cron_task", task: "sweep_stuck_publishing", resent: 1 }),
    );
    // The next minute does not send it again: the sweep restarted the draft's clock.
    expect((await cron()).jobs).toEqual([]);

    vi.spyOn(console, "log").mockImplementation(() => {});
    await runPublish(first.jobs[0], { env: TELEGRAM });
    expect(await fakes().requests("telegram", "sendMessage")).toHaveLength(1);
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
  });

  it("re-sends a job whose row is missing or whose claim expired", async () => {
    const missing = await stuck(null);
    const expired = await stuck("publishing");
    const { jobs } = await cron();
    expect(jobs.map((j) => (j as { draftId: string }).draftId).sort()).toEqual(
      [missing.id, expired.id].sort(),
    );
  });

  it("finishes a draft whose post went out but which was never marked published", async () => {
    const draft = await stuck("published");
    const { jobs, logs } = await cron();
    expect(jobs).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ event: "publish_swept", stale: 1, finished: 1 }));
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
    expect(await lastCard()).toMatch(/published/i);
  });

  it("hands back a draft whose publication failed, with the reason", async () => {
    const draft = await stuck("failed");
    await env.DB.prepare("UPDATE publications SET last_error = 'X refused the post.' WHERE draft_id = ?")
      .bind(draft.id)
      .run();
    const { jobs } = await cron();
    expect(jobs).toEqual([]);
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("ready");
    expect(reasonText(after?.statusReason ?? null, "en")).toBe(
      "Not published to Telegram: Telegram refused the post. Nothing went out. Try again in a few minutes; if it keeps happening, tell your admin.",
    );
  });

  it("hands back a refused draft with the cause its attempt stored", async () => {
    const draft = await stuck("failed");
    await env.DB.prepare(
      "UPDATE publications SET last_error = '[credentials] Telegram refused the post (HTTP 401).' WHERE draft_id = ?",
    )
      .bind(draft.id)
      .run();
    await cron();
    const after = await getDraft(db(), draft.id);
    expect(reasonText(after?.statusReason ?? null, "en")).toMatch(
      /^Not published to Telegram: Telegram did not accept the account's sign-in\. .*reconnect the account/,
    );
  });

  it("leaves drafts within the lease, and rows a job touched recently", async () => {
    const fresh = await stuck("pending", PUBLISH_LEASE_MS - 60_000);
    const waiting = await stuck("pending");
    await setPublication(waiting.id, { status: "pending", updatedAt: Date.now() - 60_000 });
    const { jobs } = await cron();
    expect(jobs).toEqual([]);
    expect((await getDraft(db(), fresh.id))?.status).toBe("publishing");
    expect((await getDraft(db(), waiting.id))?.status).toBe("publishing");
    expect(await publication(waiting.id)).toMatchObject({ status: "pending" });
  });
});
