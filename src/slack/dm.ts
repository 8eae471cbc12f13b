/** A direct message to a physician (upload outcomes and other notices with no channel). */
import type { Services } from "../services";
import { openDm } from "./card-sender";
import { createSlackClient, slackCall } from "./client";
import { escapeMrkdwn } from "./mrkdwn";

/** `text` is mrkdwn that the lexicon already escaped; pass `raw` for plain text. */
export async function sendDm(
  services: Services,
  slackUserId: string,
  text: string,
  raw = false,
): Promise<void> {
  const channel = await openDm(services, slackUserId);
  const slack = createSlackClient(services.config, { maxRateLimitWaitS: 5 });
  const body = raw ? escapeMrkdwn(text) : text;
  await slackCall("chat.postMessage", () => slack.chat.postMessage({ channel, text: body }));
}
