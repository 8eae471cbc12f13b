/**
 * Nothing fails silently after a generation job has claimed its draft: a failure while
 * setting up (the job audit, the physician lookup, the first progress message) goes
 * through the same error path as a pipeline failure — the draft is back in the queue (or
 * failed, with a card) and never left "generating". A bad LLM_PRICES is refused at
 * startup as a configuration problem, before any job runs.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config";
import { getDraft } from "../../src/db/drafts";
import { handleGenerateJob } from "../../src/queues/generate-consumer";
import { createServices } from "../../src/services";
import { queuedDraft } from "../generation-helpers";
import { db, failingD1, seedPhysician, silenceLogs } from "../helpers";
import { fakes } from "../slack-helpers";

describe("setup failures after the claim", () => {
  it("a failing job-audit write puts the draft back in the queue instead of leaving it generating", async () => {
    silenceLogs();
    const physician = await seedPhysician();
    const draft = await queuedDraft(physician);
    const services = createServices({ ...env, DB: failingD1(env.DB, /insert into "job_runs"/i) } as Env);
    await expect(
      handleGenerateJob(services, { type: "generate", draftId: draft.id, requestId: "r", reason: "new" }, 1),
    ).rejects.toThrow(/job_runs/);
    expect((await getDraft(db(), draft.id))?.status).toBe("queued");
  });

  it("a first progress message Slack refuses does not leave the draft generating", async () => {
    silenceLogs();
    const physician = await seedPhysician();
    const draft = await queuedDraft(physician);
    await fakes().fail({ service: "slack", status: 500, times: -1 });
    const services = createServices(env);
    await handleGenerateJob(
      services,
      { type: "generate", draftId: draft.id, requestId: "r", reason: "new" },
      1,
    ).catch(() => undefined);
    expect((await getDraft(db(), draft.id))?.status).not.toBe("generating");
  });

  it("refuses an invalid LLM_PRICES at startup, naming the setting", () => {
    expect(() => parseConfig({ ...env, LLM_PRICES: "{not json" })).toThrow(ConfigError);
    expect(() => parseConfig({ ...env, LLM_PRICES: "{not json" })).toThrow(/LLM_PRICES/);
  });
});
