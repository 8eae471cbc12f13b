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
import type { ProgressModel, ProgressStage, StageState } from "./models";

const DETAIL_MAX = 200;
const FALLBACK_TOPIC_MAX = 100;

export const PROGRESS_STAGES_BLOCK_ID = "progress_stages";

function stageLabel(stage: ProgressStage, model: ProgressModel, lex: Lexicon): string {
  return stage === "fitting" ? lex.stage.fitting({ platform: model.platform }) : lex.stage[stage];
}

/** What a finished stage's number counts, in words; null when there is nothing to say. */
export function stageDetail(
  stage: ProgressStage,
  state: StageState,
  count: number | undefined,
  lex: Lexicon,
): string | null {
  const d = lex.progress.detail;
  const n = count ?? 0;
  switch (stage) {
    case "style":
      if (state === "skipped") return d.styleSkipped;
      if (state !== "done") return null;
      return n > 0 ? d.styleFound({ count: n }) : d.styleNone;
    case "evidence":
      if (state !== "done") return null;
      return n > 0 ? d.evidenceFound({ count: n }) : d.evidenceNone;
    case "checking":
      if (state === "review") return d.checkReview({ count: n });
      if (state !== "done") return null;
      return n > 0 ? d.checkClean({ count: n }) : d.checkNone;
    case "fitting":
      return state === "done" && n > 1 ? d.fitParts({ count: n }) : null;
    case "drafting":
      return null;
  }
}

export function progressMessage(model: ProgressModel): { text: string; blocks: AnyMessageBlock[] } {
  const lex = lexicon(model.language);
  const lines = model.stages.map(({ stage, state, count }) => {
    const label = stageLabel(stage, model, lex);
    const text = state === "running" ? `*${label}*` : label;
    const detail = stageDetail(stage, state, count, lex);
    const extra = detail ? ` — _${escapeMrkdwn(truncate(detail, DETAIL_MAX))}_` : "";
    return `${lex.stageMark[state]} ${text}${extra}`;
  });
  const heading = `*${
    model.rewrite
      ? lex.progress.rewriting({ edit: lex.quickEdit.option[model.rewrite] })
      : lex.progress.heading({ platform: model.platform })
  }*`;
  const retry = model.retry ? [lex.progress.retrying(model.retry)] : [];
  const blocks: AnyMessageBlock[] = [
    header(cardHeader(model.topic, lex.platform[model.platform])),
    section([heading, ...retry, ...lines].join("\n"), PROGRESS_STAGES_BLOCK_ID),
    context([lex.card.orderedBy({ mention: userMention(model.orderedBy) })]),
  ];
  return { text: lex.progress.fallback({ topic: truncate(model.topic.trim(), FALLBACK_TOPIC_MAX) }), blocks };
}
