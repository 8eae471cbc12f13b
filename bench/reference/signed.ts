/** The body of a request signed with `secret` as Slack signs (the product's own check), or undefined. */
import { verifySlackSignature } from "../../src/slack/verify";

export async function signedBody(request: Request, secret: string): Promise<string | undefined> {
  const rawBody = await request.text();
  const ok = await verifySlackSignature(secret, {
    timestamp: request.headers.get("x-slack-request-timestamp") ?? undefined,
    signature: request.headers.get("x-slack-signature") ?? undefined,
    rawBody,
  });
  return ok ? rawBody : undefined;
}
