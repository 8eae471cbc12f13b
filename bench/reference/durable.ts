/**
 * Reference Worker 2 — the minimal *durable* acknowledgement: verify the signature, record
 * the order in D1 (one insert) and queue it (one send), then answer. What any correct
 * `/draft` ack must at least do; the product's ack is measured against it.
 */
import { signedBody } from "./signed";

interface DurableEnv {
  SLACK_SIGNING_SECRET: string;
  DB: D1Database;
  GENERATE_QUEUE: Queue;
}

export default {
  async fetch(request: Request, env: DurableEnv): Promise<Response> {
    if (request.method === "GET") return new Response("ok"); // the runner's readiness check
    const rawBody = await signedBody(request, env.SLACK_SIGNING_SECRET);
    if (rawBody === undefined) return new Response("bad signature", { status: 401 });
    const form = new URLSearchParams(rawBody);
    const id = crypto.randomUUID();
    await env.DB.prepare("INSERT INTO orders (id, user_id, topic, created_at) VALUES (?, ?, ?, ?)")
      .bind(id, form.get("user_id") ?? "", form.get("text") ?? "", Date.now())
      .run();
    await env.GENERATE_QUEUE.send({ type: "generate", draftId: id });
    return Response.json({ response_type: "ephemeral", text: "Queued." });
  },
};
