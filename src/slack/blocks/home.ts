/**
 * App Home: quick actions, the physician's settings, upcoming scheduled posts and their own
 * drafts (10 a page) with Open / Delete and paging. Only the owner's rows ever reach the
 * model; this builder just renders them, well inside the 100-block view limit.
 */
import type { AnyHomeTabBlock, Button, HomeTabView } from "slack-web-api-client";
import { ACTIONS } from "../ids";
import { type Lexicon, lexicon } from "../lexicon";
import { escapeMrkdwn, formatTime, truncate } from "../mrkdwn";
import { button, confirmDialog, context, header, SLACK_LIMITS, section } from "./elements";
import type { HomeDraftRow, HomeModel } from "./models";

/** Drafts a page; the handler pages its query by the same number. */
export const HOME_PAGE_SIZE = 10;
/** Upcoming posts listed; any beyond are summed up as "+N more". */
export const UPCOMING_MAX = 5;
const TOPIC_MAX = 120;

function draftRow(row: HomeDraftRow, model: HomeModel, lex: Lexicon): AnyHomeTabBlock[] {
  const when = (ms: number) => formatTime(ms, model.timezone, model.language);
  const facts = [
    lex.platform[row.platform],
    lex.status[row.status],
    lex.home.created({ when: when(row.createdAt) }),
  ];
  if (row.status === "scheduled" && row.scheduledAt !== null && row.scheduledAt !== undefined) {
    facts.push(lex.home.scheduledFor({ when: when(row.scheduledAt) }));
  }
  const topic = escapeMrkdwn(truncate(row.topic.trim(), TOPIC_MAX));
  return [
    section(`${lex.statusEmoji[row.status]} *${topic}*\n${facts.join(" · ")}`),
    {
      type: "actions",
      elements: [
        button({ actionId: ACTIONS.homeOpenDraft, label: lex.button.open, value: row.id }),
        button({
          actionId: ACTIONS.homeDeleteDraft,
          label: lex.button.delete,
          value: row.id,
          style: "danger",
          confirm: confirmDialog(lex.confirm.delete),
        }),
      ],
    },
  ];
}

/** Each upcoming post with Reschedule and Cancel schedule (the same actions as on its card). */
function upcoming(model: HomeModel, lex: Lexicon): AnyHomeTabBlock[] {
  const rows = model.upcoming.filter((r) => r.scheduledAt !== null && r.scheduledAt !== undefined);
  if (rows.length === 0) return [context([lex.home.upcomingEmpty])];
  const blocks: AnyHomeTabBlock[] = rows.slice(0, UPCOMING_MAX).flatMap((r) => [
    section(
      lex.home.upcomingLine({
        topic: truncate(r.topic.trim(), TOPIC_MAX),
        platform: r.platform,
        when: formatTime(r.scheduledAt ?? r.createdAt, model.timezone, model.language),
      }),
    ),
    {
      type: "actions" as const,
      elements: [
        button({ actionId: ACTIONS.reschedule, label: lex.publishing.button.reschedule, value: r.id }),
        button({
          actionId: ACTIONS.cancelSchedule,
          label: lex.publishing.button.cancelSchedule,
          value: r.id,
          confirm: confirmDialog(lex.publishing.confirmCancelSchedule),
        }),
      ],
    },
  ]);
  if (rows.length > UPCOMING_MAX)
    blocks.push(context([lex.card.more({ count: rows.length - UPCOMING_MAX })]));
  return blocks;
}

function paging(model: HomeModel, lex: Lexicon): AnyHomeTabBlock[] {
  const buttons: Button[] = [];
  if (model.hasPrev) {
    buttons.push(
      button({
        actionId: ACTIONS.homePagePrev,
        label: `← ${lex.button.previous}`,
        value: String(model.page - 1),
      }),
    );
  }
  if (model.hasNext) {
    buttons.push(
      button({
        actionId: ACTIONS.homePageNext,
        label: `${lex.button.next} →`,
        value: String(model.page + 1),
      }),
    );
  }
  const blocks: AnyHomeTabBlock[] = [context([lex.home.page({ page: model.page + 1 })])];
  if (buttons.length > 0) blocks.push({ type: "actions", block_id: "home_paging", elements: buttons });
  return blocks;
}

export function homeView(model: HomeModel): HomeTabView {
  const lex = lexicon(model.language);
  const drafts = model.drafts.slice(0, HOME_PAGE_SIZE);
  const blocks: AnyHomeTabBlock[] = [
    header(lex.home.header),
    section(lex.home.greeting({ name: truncate(model.displayName.trim(), 80) })),
    {
      type: "actions",
      block_id: "home_actions",
      elements: [
        button({ actionId: ACTIONS.homeNewDraft, label: lex.button.newDraft, style: "primary" }),
        button({ actionId: ACTIONS.homeManualPost, label: lex.button.manualPost }),
        button({ actionId: ACTIONS.homeUploadGuideline, label: lex.button.uploadGuideline }),
        button({ actionId: ACTIONS.homeSettings, label: lex.button.settings }),
      ],
    },
    context([
      `⚙️ ${lex.home.settingsSummary({
        platform: model.defaultPlatform,
        language: model.language,
        timezone: model.timezone,
      })}`,
    ]),
    { type: "divider" },
    header(lex.home.upcomingHeader),
    ...upcoming(model, lex),
    { type: "divider" },
    header(lex.home.draftsHeader),
  ];
  if (drafts.length === 0) blocks.push(section(lex.home.empty));
  for (const row of drafts) blocks.push(...draftRow(row, model, lex));
  blocks.push(...paging(model, lex));
  return { type: "home", blocks: blocks.slice(0, SLACK_LIMITS.viewBlocks) };
}
