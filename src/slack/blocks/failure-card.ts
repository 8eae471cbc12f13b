/**
 * The card that replaces the progress message when generation fails for good: the topic,
 * then ONE sentence in the `draft_status` section — what failed, that nothing was
 * published, what to do (never a stack trace) — and a Retry button.
 */
import type { AnyMessageBlock } from "slack-web-api-client";
import { ACTIONS, DRAFT_STATUS_BLOCK_ID } from "../ids";
import { lexicon } from "../lexicon";
import { truncate, userMention } from "../mrkdwn";
import { cardHeader, DRAFT_ACTIONS_BLOCK_ID } from "./draft-card";
import { button, context, header, section } from "./elements";
import type { FailureCardModel } from "./models";

const REASON_MAX = 800;
const FALLBACK_TOPIC_MAX = 100;

export function failureCard(model: FailureCardModel): { text: string; blocks: AnyMessageBlock[] } {
  const lex = lexicon(model.language);
  const reason = model.reason.trim() === "" ? null : truncate(model.reason.trim(), REASON_MAX);
  const blocks: AnyMessageBlock[] = [
    header(cardHeader(model.topic, lex.platform[model.platform])),
    section(lex.card.statusFailed({ reason }), DRAFT_STATUS_BLOCK_ID),
    context([lex.card.orderedBy({ mention: userMention(model.orderedBy) })]),
    {
      type: "actions",
      block_id: DRAFT_ACTIONS_BLOCK_ID,
      elements: [
        button({ actionId: ACTIONS.retry, label: lex.button.retry, value: model.draftId, style: "primary" }),
      ],
    },
  ];
  return { text: lex.failure.fallback({ topic: truncate(model.topic.trim(), FALLBACK_TOPIC_MAX) }), blocks };
}
