/**
 * Puts a draft's card in Slack: posts it (to the ordering channel, or the physician's DM
 * when there is none or the bot cannot post there) and refreshes it in place afterwards,
 * so one message always shows the draft's current state.
 */
import { eq } from "drizzle-orm";
import { drafts } from "../db/schema";
import type { Services } from "../services";
import { draftCard } from "./blocks/draft-card";
import { failureCard } from "./blocks/failure-card";
import type { DraftCardModel } from "./blocks/models";
import { loadDraftCard } from "./card-model";
import { createSlackClient, SlackPermanentError, slackCall } from "./client";

/** Channel errors after which we fall back to the physician's DM. */
const UNREACHABLE_CHANNEL = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "restricted_action",
]);

export function renderCard(model: DraftCardModel): {
  text: string;
  blocks: ReturnType<typeof draftCard>["blocks"];
} {
  if (model.status === "failed") {
    return failureCard({
      draftId: model.draftId,
      topic: model.topic,
      platform: model.platform,
      orderedBy: model.orderedBy,
      language: model.language,
      reason: model.statusReason ?? "",
    });
  }
  return draftCard(model);
}

/** Updates the card message in place; posts a new one if the draft has none yet. */
export async function refreshCard(services: Services, draftId: string): Promise<void> {
  const loaded = await loadDraftCard(services.db, draftId, services.config);
  if (!loaded) return;
  const { draft, model } = loaded;
  const message = renderCard(model);
  const slack = createSlackClient(services.config);
  if (draft.slackChannelId && draft.slackMessageTs) {
    const channel = draft.slackChannelId;
    const ts = draft.slackMessageTs;
    await slackCall("chat.update", () =>
      slack.chat.update({ channel, ts, text: message.text, blocks: message.blocks }),
    );
    return;
  }
  await postMessage(services, draftId, draft.slackChannelId, loaded.physician.slackUserId, message);
}

/**
 * Posts a message for a draft and remembers where it went (channel + ts) on the draft.
 * Falls back to a DM when the channel cannot be posted to.
 */
export async function postMessage(
  services: Services,
  draftId: string,
  channelId: string | null,
  slackUserId: string,
  message: { text: string; blocks: ReturnType<typeof draftCard>["blocks"] },
): Promise<{ channel: string; ts: string }> {
  const slack = createSlackClient(services.config);
  const post = async (channel: string) => {
    const res = await slackCall("chat.postMessage", () =>
      slack.chat.postMessage({ channel, text: message.text, blocks: message.blocks }),
    );
    return { channel: res.channel ?? channel, ts: res.ts ?? "" };
  };
  let posted: { channel: string; ts: string };
  try {
    posted = await post(channelId ?? (await openDm(services, slackUserId)));
  } catch (err) {
    if (!(err instanceof SlackPermanentError && UNREACHABLE_CHANNEL.has(err.slackError)) || !channelId)
      throw err;
    services.log.warn("slack_channel_unreachable", { draft_id: draftId, slack_error: err.slackError });
    posted = await post(await openDm(services, slackUserId));
  }
  await services.db
    .update(drafts)
    .set({ slackChannelId: posted.channel, slackMessageTs: posted.ts })
    .where(eq(drafts.id, draftId));
  return posted;
}

export async function openDm(services: Services, slackUserId: string): Promise<string> {
  const slack = createSlackClient(services.config);
  const res = await slackCall("conversations.open", () => slack.conversations.open({ users: slackUserId }));
  const id = res.channel?.id;
  if (!id) throw new Error("conversations.open returned no channel");
  return id;
}
