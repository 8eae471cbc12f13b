/**
 * Reference Worker 1 — the least a Slack endpoint can do: verify the signature (the same
 * code as the product) and answer 200. The ceiling for the product's ack path.
 */
import { signedBody } from "./signed";

interface BareEnv {
  SLACK_SIGNING_SECRET: string;
}

export default {
  async fetch(request: Request, env: BareEnv): Promise<Response> {
    if (request.method === "GET") return new Response("ok"); // the runner's readiness check
    const ok = (await signedBody(request, env.SLACK_SIGNING_SECRET)) !== undefined;
    return ok ? new Response(null, { status: 200 }) : new Response("bad signature", { status: 401 });
  },
};
