/**
 * Reference Worker 1 — the least a Slack endpoint can do: verify the signature (the same
 * code as the product) and answer 200. The ceiling for the product's ack path.
 */
import { verifySlackSignature } from "../../src/slack/verify";

interface BareEnv {
  SLACK_SIGNING_SECRET: string;
}

export default {
  async fetch(request: Request, env: BareEnv): Promise<Response> {
    if (request.method === "GET") return new Response("ok"); // the runner's readiness check
    const rawBody = await request.text();
    const ok = await verifySlackSignature(env.SLACK_SIGNING_SECRET, {
      timestamp: request.headers.get("x-slack-request-timestamp") ?? undefined,
      signature: request.headers.get("x-slack-signature") ?? undefined,
      rawBody,
    });
    return ok ? new Response(null, { status: 200 }) : new Response("bad signature", { status: 401 });
  },
};
