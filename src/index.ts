/**
 * Worker entrypoint: wires HTTP (Hono), queue consumers and the cron trigger. No logic here.
 */
import { app } from "./app";
import { handleQueueBatch } from "./queues/consumer";
import { handleScheduled } from "./scheduled";

export { AccountLimiter } from "./durable/account-limiter";
export { NcbiRateLimiter } from "./durable/ncbi-rate-limiter";
export { PhysicianRateLimiter } from "./durable/physician-rate-limiter";
export { Playground } from "./durable/playground";

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    await handleQueueBatch(batch, env);
  },
  async scheduled(controller, env) {
    await handleScheduled(controller, env);
  },
} satisfies ExportedHandler<Env>;
