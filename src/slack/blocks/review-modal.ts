/**
 * The review modal: the only way to publish (now or scheduled) a draft whose claims the
 * check did not support. It names every unresolved claim with its reason and asks for an
 * explicit confirmation tied to this exact version. A draft citing PMIDs/DOIs that were
 * never retrieved gets no submit button at all: it must be edited or regenerated first.
 */
import type { AnyModalBlock, ModalView, ViewInputBlock } from "slack-web-api-client";
import { CALLBACKS, INPUTS } from "../ids";
import { lexicon } from "../lexicon";
import { escapeMrkdwn, truncate } from "../mrkdwn";
import { isValidTimeZone } from "../time";
import { fitLines } from "./draft-card-limits";
import { option, plain, SLACK_LIMITS, section } from "./elements";
import type { DraftCardModel } from "./models";

export const REVIEW_NOW = "now";
export const REVIEW_SCHEDULE = "schedule";
export const REVIEW_ACK = "confirmed";

const CLAIM_MAX = 280;
const WHY_MAX = 600;

/** Cuts escaped mrkdwn without splitting an entity (&amp; &lt; &gt;). */
function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/&[a-z]{0,3}$/, "")}…`;
}

export function reviewModal(
  model: DraftCardModel,
  p: { initialDate: string; initialTime: string },
): ModalView {
  const lex = lexicon(model.language);
  const t = lex.check.modal;
  const flagged = model.claims.filter((c) => c.verdict !== "supported");
  const blocked = model.blockingCitations ?? [];
  const lines = flagged.map((c, i) => {
    // Each line stays short, so a huge reason (a pasted URL) can never hide the list.
    const why = truncateEscaped(
      [...(c.reasons ?? []), ...(c.note ? [escapeMrkdwn(truncate(c.note, CLAIM_MAX))] : [])].join("; "),
      WHY_MAX,
    );
    return `${lex.verdictEmoji[c.verdict]} ${i + 1}. ${escapeMrkdwn(truncate(c.text, CLAIM_MAX))}${why ? `\n      _${why}_` : ""}`;
  });
  const list = fitLines(lines, SLACK_LIMITS.sectionText, (n) => lex.card.more({ count: n }));
  const blocks: AnyModalBlock[] = [
    section(
      blocked.length > 0
        ? t.blockedIntro({ citations: blocked.join(", ") })
        : t.intro({ count: flagged.length }),
    ),
  ];
  if (list) blocks.push(section(list.text));

  const frame: { title: string; close: string; submit?: string } = {
    title: t.title,
    close: lex.modal.cancel,
  };
  if (blocked.length === 0) {
    frame.submit = t.submit;
    blocks.push(...confirmInputs(model, t, p));
  }
  const view: ModalView = {
    type: "modal",
    callback_id: CALLBACKS.review,
    title: plain(frame.title, SLACK_LIMITS.viewTitle),
    close: plain(frame.close, SLACK_LIMITS.viewTitle),
    blocks,
    private_metadata: JSON.stringify({ draftId: model.draftId, version: String(model.version) }),
  };
  if (frame.submit) view.submit = plain(frame.submit, SLACK_LIMITS.viewTitle);
  return view;
}

function confirmInputs(
  model: DraftCardModel,
  t: ReturnType<typeof lexicon>["check"]["modal"],
  p: { initialDate: string; initialTime: string },
): ViewInputBlock[] {
  const count = model.claims.filter((c) => c.verdict !== "supported").length;
  const now = option(t.whenNow, REVIEW_NOW);
  const time: ViewInputBlock["element"] = { type: "timepicker", action_id: INPUTS.time };
  if (/^\d{2}:\d{2}$/.test(p.initialTime)) time.initial_time = p.initialTime;
  if (isValidTimeZone(model.timezone)) time.timezone = model.timezone;
  const date: ViewInputBlock["element"] = { type: "datepicker", action_id: INPUTS.date };
  if (/^\d{4}-\d{2}-\d{2}$/.test(p.initialDate)) date.initial_date = p.initialDate;
  return [
    {
      type: "input",
      block_id: INPUTS.reviewAck,
      label: plain(t.ackLabel, 2000),
      hint: plain(t.ackHint, 2000),
      element: {
        type: "checkboxes",
        action_id: INPUTS.reviewAck,
        options: [option(t.ackOption({ count }), REVIEW_ACK)],
      },
    },
    {
      type: "input",
      block_id: INPUTS.reviewWhen,
      label: plain(t.whenLabel, 2000),
      element: {
        type: "radio_buttons",
        action_id: INPUTS.reviewWhen,
        options: [now, option(t.whenSchedule, REVIEW_SCHEDULE)],
        initial_option: now,
      },
    },
    { type: "input", block_id: INPUTS.date, label: plain(t.dateLabel, 2000), element: date, optional: true },
    {
      type: "input",
      block_id: INPUTS.time,
      label: plain(t.timeLabel, 2000),
      element: time,
      optional: true,
      hint: plain(t.timezoneHint({ timezone: model.timezone }), 2000),
    },
  ];
}
