/**
 * One bad setting never consumes messages: a queue batch that arrives while the
 * configuration is invalid is put back whole (with a delay, for an operator to fix it),
 * the dead-letter consumer included, and the cron logs why it did nothing.
 */
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { CONFIG_RETRY_DELAY_S } from "../../src/queues/consumer";
import { captureLogs } from "../helpers";

/** One of X's four keys without the others: the configuration is refused as a whole. */
const BROKEN = { X_API_KEY: "xk-secret-123" };

describe("a misconfigured Worker", () => {
  for (const queue of ["serotonin-publish", "serotonin-dlq"]) {
    it(`puts a ${queue} batch back, consuming nothing`, async () => {
      const logs = captureLogs();
      const batch = createMessageBatch(queue, [
        {
          id: "m1",
          timestamp: new Date(),
          attempts: 1,
          body: { type: "publish", draftId: "d1", requestId: "r1", platform: "telegram" },
        },
      ]);
      let delay: number | undefined;
      const retryAll = batch.retryAll.bind(batch);
      batch.retryAll = (options) => {
        delay = options?.delaySeconds;
        retryAll(options);
      };
      const ctx = createExecutionContext();
      await worker.queue(batch, { ...env, ...BROKEN });
      const result = await getQueueResult(batch, ctx);
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryBatch).toMatchObject({ retry: true });
      expect(delay).toBe(CONFIG_RETRY_DELAY_S);
      expect(logs()).toContain('"event":"queue_config_invalid"');
      expect(logs()).toContain("X_API_KEY");
      expect(logs()).not.toContain("xk-secret-123");
    });
  }

  it("the cron logs the bad setting instead of throwing", async () => {
    const logs = captureLogs();
    const controller = createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" });
    await expect(worker.scheduled(controller, { ...env, ...BROKEN })).resolves.toBeUndefined();
    expect(logs()).toContain('"event":"cron_config_invalid"');
  });
});
