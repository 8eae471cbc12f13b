/**
 * The "progress bar" message shown while a draft is generated: the topic, one line per
 * pipeline stage with its state mark and optional detail, and who ordered it. Updated in
 * place (chat.update) as stages finish; replaced by the draft card or the failure card.
 */
import type { AnyMessageBlock } from "slack-web-api-client";
import { type Lexicon, lexicon } from "../lexicon";
import { escapeMrkdwn, truncate, userMention } from "../mrkdwn";
import { cardHeader } from "./draft-card";
import { context, header, section } from "./elements";
import type { ProgressModel, ProgressStage } from "./models";

const DETAIL_MAX = 200;
const FALLBACK_TOPIC_MAX = 100;

export const PROGRESS_STAGES_BLOCK_ID = "progress_stages";

function stageLabel(stage: ProgressStage, model: ProgressModel, lex: Lexicon): string {
  return stage === "fitting" ? lex.stage.fitting({ platform: model.platform }) : lex.stage[stage];
}

export function progressMessage(model: ProgressModel): { text: string; blocks: AnyMessageBlock[] } {
  const lex = lexicon(model.language);
  const lines = model.stages.map(({ stage, state, detail }) => {
    const label = stageLabel(stage, model, lex);
    const text = state === "running" ? `*${label}*` : label;
    const extra = detail ? ` — _${escapeMrkdwn(truncate(detail, DETAIL_MAX))}_` : "";
    return `${lex.stageMark[state]} ${text}${extra}`;
  });
  const blocks: AnyMessageBlock[] = [
    header(cardHeader(model.topic, lex.platform[model.platform])),
    section(
      [`*${lex.progress.heading({ platform: model.platform })}*`, ...lines].join("\n"),
      PROGRESS_STAGES_BLOCK_ID,
    ),
    context([lex.card.orderedBy({ mention: userMention(model.orderedBy) })]),
  ];
  return { text: lex.progress.fallback({ topic: truncate(model.topic.trim(), FALLBACK_TOPIC_MAX) }), blocks };
}
