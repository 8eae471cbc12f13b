/**
 * Reference Worker 2 — the minimal *durable* acknowledgement: verify the signature, record
 * the order in D1 (one insert) and queue it (one send), then answer. What any correct
 * `/draft` ack must at least do; the product's ack is measured against it.
 */
import { verifySlackSignature } from "../../src/slack/verify";

interface DurableEnv {
  SLACK_SIGNING_SECRET: string;
  DB: D1Database;
  GENERATE_QUEUE: Queue;
}

export default {
  async fetch(request: Request, env: DurableEnv): Promise<Response> {
    if (request.method === "GET") return new Response("ok"); // the runner's readiness check
    const rawBody = await request.text();
    const ok = await verifySlackSignature(env.SLACK_SIGNING_SECRET, {
      timestamp: request.headers.get("x-slack-request-timestamp") ?? undefined,
      signature: request.headers.get("x-slack-signature") ?? undefined,
      rawBody,
    });
    if (!ok) return new Response("bad signature", { status: 401 });
    const form = new URLSearchParams(rawBody);
    const id = crypto.randomUUID();
    await env.DB.prepare("INSERT INTO orders (id, user_id, topic, created_at) VALUES (?, ?, ?, ?)")
      .bind(id, form.get("user_id") ?? "", form.get("text") ?? "", Date.now())
      .run();
    await env.GENERATE_QUEUE.send({ type: "generate", draftId: id });
    return Response.json({ response_type: "ephemeral", text: "Queued." });
  },
};
