/**
 * App Home, what needs the physician first: quick actions, their settings, then their own
 * drafts grouped by what they need — Needs review · Failed (including posts a platform
 * refused) · Ready · Scheduled · In progress · Published (with links) · Rejected — newest
 * first, the count in each heading, five a section, paging only where a section has more.
 * Each row's actions sit in one overflow menu; Delete and Cancel schedule ask first (a
 * confirmation modal). Only the owner's rows ever reach the model; this builder just
 * renders them, well inside the 100-block view limit.
 */
import type { AnyHomeTabBlock, Button, HomeTabView, Overflow } from "slack-web-api-client";
import { ACTIONS } from "../ids";
import { type Lexicon, lexicon } from "../lexicon";
import { escapeMrkdwn, formatTime, slackLink, truncate } from "../mrkdwn";
import { button, context, header, SLACK_LIMITS, section } from "./elements";
import { accountBlocks } from "./home-accounts";
import { voiceBlocks } from "./home-voice";
import type { HomeDraftRow, HomeModel, HomeSection, HomeSectionModel } from "./models";

/** Rows a section shows at a time; the handler pages its query by the same number. */
export const HOME_SECTION_SIZE = 5;
const TOPIC_MAX = 120;

export const HOME_SECTIONS: HomeSection[] = [
  "needs_review",
  "failed",
  "ready",
  "scheduled",
  "working",
  "published",
  "rejected",
];

/** What a row's overflow menu can do; the option value is `verb:draftId`. */
export type HomeRowVerb = "open" | "reschedule" | "cancel" | "delete";

export function rowMenuValue(verb: HomeRowVerb, draftId: string): string {
  return `${verb}:${draftId}`;
}

export function parseRowMenuValue(value: string): { verb: HomeRowVerb; draftId: string } | undefined {
  const m = /^(open|reschedule|cancel|delete):(.+)$/.exec(value);
  return m?.[1] && m[2] ? { verb: m[1] as HomeRowVerb, draftId: m[2] } : undefined;
}

function rowMenu(row: HomeDraftRow, sectionKey: HomeSection, lex: Lexicon): Overflow | Button {
  if (sectionKey === "working") {
    return button({ actionId: ACTIONS.homeOpenDraft, label: lex.button.open, value: row.id });
  }
  const verbs: HomeRowVerb[] =
    sectionKey === "scheduled" ? ["open", "reschedule", "cancel", "delete"] : ["open", "delete"];
  const labels: Record<HomeRowVerb, string> = {
    open: lex.button.open,
    reschedule: lex.publishing.button.reschedule,
    cancel: lex.home.cancelScheduleOption,
    delete: lex.home.deleteOption,
  };
  return {
    type: "overflow",
    action_id: ACTIONS.homeRowMenu,
    options: verbs.map((verb) => ({
      text: { type: "plain_text", text: labels[verb], emoji: true },
      value: rowMenuValue(verb, row.id),
    })),
  };
}

/** The second line of a row: platform, then the one fact that matters in its section. */
function rowFacts(row: HomeDraftRow, sectionKey: HomeSection, model: HomeModel, lex: Lexicon): string {
  const when = (ms: number) => escapeMrkdwn(formatTime(ms, model.timezone, model.language, { zone: false }));
  const platform = lex.platform[row.platform];
  switch (sectionKey) {
    case "scheduled":
      return `${platform} · ${lex.home.scheduledFor({ when: when(row.scheduledAt ?? row.createdAt) })}`;
    case "published": {
      const link = row.url ? ` · ${slackLink(row.url, lex.card.viewPost)}` : "";
      return `${platform} · ${lex.home.publishedOn({ when: when(row.updatedAt ?? row.createdAt) })}${link}`;
    }
    case "failed":
      return `${platform} · ${row.status === "failed" ? lex.home.notWritten : lex.home.notPublished}`;
    case "working":
      return `${platform} · ${lex.status[row.status]}`;
    case "needs_review":
      // Publishing that stopped to ask the physician (a part unconfirmed, changed text).
      return row.status === "publishing"
        ? `${platform} · ${lex.home.awaitingAnswer}`
        : `${platform} · ${lex.home.created({ when: when(row.createdAt) })}`;
    default:
      return `${platform} · ${lex.home.created({ when: when(row.createdAt) })}`;
  }
}

function sectionBlocks(s: HomeSectionModel, model: HomeModel, lex: Lexicon): AnyHomeTabBlock[] {
  if (s.total === 0) return [];
  const blocks: AnyHomeTabBlock[] = [header(lex.home.sectionHeading[s.section]({ count: s.total }))];
  for (const row of s.rows.slice(0, HOME_SECTION_SIZE)) {
    const topic = escapeMrkdwn(truncate(row.topic.trim(), TOPIC_MAX));
    const block = section(`*${topic}*\n${rowFacts(row, s.section, model, lex)}`);
    blocks.push({ ...block, accessory: rowMenu(row, s.section, lex) });
  }
  const pages = Math.ceil(s.total / HOME_SECTION_SIZE);
  if (pages > 1) {
    const from = s.page * HOME_SECTION_SIZE + 1;
    const to = Math.min(s.total, from + HOME_SECTION_SIZE - 1);
    blocks.push(context([lex.home.showing({ from, to, total: s.total })]));
    const nav: Button[] = [];
    if (s.page > 0) {
      nav.push(
        button({
          actionId: ACTIONS.homePagePrev,
          label: `← ${lex.button.previous}`,
          value: `${s.section}:${s.page - 1}`,
        }),
      );
    }
    if (s.page < pages - 1) {
      nav.push(
        button({
          actionId: ACTIONS.homePageNext,
          label: `${lex.button.next} →`,
          value: `${s.section}:${s.page + 1}`,
        }),
      );
    }
    blocks.push({ type: "actions", block_id: `home_paging_${s.section}`, elements: nav });
  }
  return blocks;
}

export function homeView(model: HomeModel): HomeTabView {
  const lex = lexicon(model.language);
  const needsYou = model.sections
    .filter((s) => s.section === "needs_review" || s.section === "failed")
    .reduce((n, s) => n + s.total, 0);
  const blocks: AnyHomeTabBlock[] = [
    header(lex.home.header),
    section(
      [
        lex.home.greeting({ name: truncate(model.displayName.trim(), 80) }),
        lex.home.needsYou({ count: needsYou }),
      ].join(" "),
    ),
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
  ];
  const shown = model.sections.flatMap((s) => sectionBlocks(s, model, lex));
  if (shown.length === 0) blocks.push(section(lex.home.empty));
  blocks.push(...shown);
  // Set up once, so after the drafts: what needs the physician comes first.
  if (model.accounts) blocks.push({ type: "divider" }, ...accountBlocks(model.accounts, lex));
  if (model.preferences) blocks.push({ type: "divider" }, ...voiceBlocks(model.preferences, lex));
  return { type: "home", blocks: blocks.slice(0, SLACK_LIMITS.viewBlocks) };
}
