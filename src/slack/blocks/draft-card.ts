/**
 * The draft card, verdict first: header → ONE status line (`DRAFT_STATUS_BLOCK_ID`: ready,
 * needs review and why, scheduled for …, published with links, not published because …)
 * → the draft text → who ordered it and how long it is → the numbered sources, each
 * linked → the checked claims (one line when all are backed) → publications not already
 * stated → the buttons the status allows. Each fact is stated once. Sizes are budgeted in
 * `draft-card-limits.ts`; the status section and the actions are never dropped.
 */
import type {
  ActionsBlock,
  AnyMessageBlock,
  Button,
  Overflow,
  SectionBlock,
  StaticSelect,
} from "slack-web-api-client";
import {
  isQuickEdit,
  OFFLINE_QUICK_EDITS,
  QUICK_EDITS,
  type QuickEdit,
  translationTarget,
} from "../../pipeline/rewrite";
import { textLanguage } from "../../voice/language";
import { ACTIONS, DRAFT_STATUS_BLOCK_ID } from "../ids";
import { type Lexicon, lexicon } from "../lexicon";
import { formatTime, slackLink, truncate, userMention } from "../mrkdwn";
import {
  CARD_TEXT_BUDGET,
  claimsSection,
  draftTextSections,
  enforceCardLimits,
  evidenceReserve,
  OPTIONAL_BLOCK_IDS,
  sourcesSection,
} from "./draft-card-limits";
import { blocksTextLength, button, confirmDialog, context, header, section } from "./elements";
import type { DraftCardModel, PublicationModel } from "./models";

const REASON_MAX = 800;
const EDIT_REASONS = new Set<string>(["edited", "edited_checked", "edited_needs_review"]);
const ERROR_MAX = 300;
const EVIDENCE_NOTE_MAX = 300;
const FALLBACK_TOPIC_MAX = 100;

export const DRAFT_ACTIONS_BLOCK_ID = "draft_actions";

/** "topic · Platform" — plain_text, so the raw topic is shown verbatim and never parsed. */
export function cardHeader(topic: string, platformName: string): string {
  const suffix = ` · ${platformName}`;
  return `${truncate(topic.trim(), 150 - suffix.length)}${suffix}`;
}

function contextLines(model: DraftCardModel, lex: Lexicon, shortened: boolean): string[] {
  const facts = [
    lex.card.orderedBy({ mention: userMention(model.orderedBy) }),
    lex.card.version({ version: model.version }),
    model.threadParts > 1
      ? lex.card.threadLength({ parts: model.threadParts, longest: model.charCount, limit: model.charLimit })
      : lex.card.length({ count: model.charCount, limit: model.charLimit }),
  ];
  if (model.threadParts <= 1 && model.charCount > model.charLimit) facts.push(`⚠️ ${lex.card.overLimit}`);
  if (model.destination && model.status !== "published" && model.status !== "rejected") {
    const { label } = model.destination;
    facts.push(
      label
        ? lex.accounts.cardTarget({ handle: label })
        : lex.accounts.cardNoTarget({ platform: model.platform }),
    );
  }
  const lines = [facts.join(" · ")];
  if (model.offline) lines.push(`🔌 ${lex.card.offlineDraftLabel}`);
  if (model.checkMode === "rules_only") lines.push(`🧮 ${lex.check.rulesOnly}`);
  // An edit's status reason already says how it was checked.
  else if (model.checkMode === "rules" && !model.offline && !EDIT_REASONS.has(model.statusReasonCode ?? ""))
    lines.push(`🧮 ${lex.check.rulesEdit}`);
  if (model.voice) lines.push(`🎙️ ${voiceLine(model.voice, lex)}`);
  if (model.safeMessaging) lines.push(lex.safety.cardMark);
  if (model.evidenceNote) {
    lines.push(`ℹ️ ${lex.card.evidenceNote({ note: truncate(model.evidenceNote, EVIDENCE_NOTE_MAX) })}`);
  }
  if (shortened) lines.push(`✂️ _${lex.card.textShortened}_`);
  return lines;
}

/** "Voice 82/100 — sentences twice as long as yours; more emoji than you use". */
function voiceLine(voice: NonNullable<DraftCardModel["voice"]>, lex: Lexicon): string {
  const reasons = voice.reasons.slice(0, 2).map((r) => lex.voice.reason(r));
  const score = lex.voice.score({ score: voice.score });
  return reasons.length > 0 ? `${score} — ${reasons.join("; ")}` : score;
}

function publicationLine(pub: PublicationModel, model: DraftCardModel, lex: Lexicon): string {
  const live = livePartsLine(pub, lex);
  if (pub.status === "published" && pub.outbox)
    return `🚀 ${lex.publishing.outbox({ platform: pub.platform })}`;
  if (pub.status === "published") {
    const link = pub.url ? ` — ${slackLink(pub.url, lex.card.viewPost)}` : "";
    return `🚀 ${lex.card.publicationDone({ platform: pub.platform })}${link}`;
  }
  if (pub.status === "failed") {
    const error = truncate(pub.error ?? lex.status.failed, ERROR_MAX);
    return `❌ ${lex.card.publicationFailed({ platform: pub.platform, error })}${live}`;
  }
  if (pub.delay) {
    const when = formatTime(pub.delay.until, model.timezone, model.language);
    return `${lex.platform[pub.platform]}: ${lex.publishing.delayed({ limit: pub.delay.limit, when })}${live}`;
  }
  const mark = pub.status === "uncertain" || pub.status === "waiting" ? "⚠️" : "📤";
  return `${mark} ${lex.card.publicationPending({ platform: pub.platform, status: pub.status })}${live}`;
}

/** "\nAlready live: part 1, part 2" with links, while a thread is not finished. */
function livePartsLine(pub: PublicationModel, lex: Lexicon): string {
  const parts = pub.liveParts ?? [];
  if (parts.length === 0) return "";
  const links = parts.map(({ n, url }) => {
    const label = lex.publishing.part({ n });
    return url ? slackLink(url, label) : label;
  });
  return `\n${lex.publishing.liveParts({ links: links.join(", ") })}`;
}

/** The publication of the draft's own platform (the one its buttons act on). */
function ownPublication(model: DraftCardModel): PublicationModel | undefined {
  return model.publications.find((p) => p.platform === model.platform);
}

/**
 * Publications the status line does not already state: none once published (the status
 * links them), and not the draft's own platform while publishing or after a refusal.
 */
function publicationsSection(model: DraftCardModel, lex: Lexicon): SectionBlock | null {
  if (model.status === "published") return null;
  const stated = model.status === "publishing" || model.publishProblem ? model.platform : null;
  const shown = model.publications.filter(
    (p) => p.platform !== stated && !(p.status === "failed" && p.platform === model.platform),
  );
  if (shown.length === 0) return null;
  const lines = shown.map((p) => publicationLine(p, model, lex));
  return section(`*${lex.card.publicationsHeading}*\n${lines.join("\n")}`, OPTIONAL_BLOCK_IDS.publications);
}

/** The status line, then what still stands between the draft and publishing. */
export function statusText(model: DraftCardModel, lex: Lexicon): string {
  const lines = [statusLine(model, lex)];
  const open = model.claims.filter((c) => c.verdict !== "supported").length;
  const live = ["ready", "needs_review", "scheduled"].includes(model.status);
  if (live && model.blockingCitations && model.blockingCitations.length > 0) {
    lines.push(lex.check.blocked({ citations: model.blockingCitations.join(", ") }));
  } else if (live && model.reviewedBy && open > 0) {
    lines.push(`✍️ ${lex.check.reviewedBy({ mention: userMention(model.reviewedBy), count: open })}`);
  }
  return lines.join("\n");
}

function statusLine(model: DraftCardModel, lex: Lexicon): string {
  const reason = model.statusReason ? truncate(model.statusReason, REASON_MAX) : null;
  // A publish that did not go through is the news, not "Ready" (the buttons offer it again).
  if (model.publishProblem && (model.status === "ready" || model.status === "needs_review")) {
    const own = ownPublication(model);
    const live = own ? livePartsLine(own, lex) : "";
    return `${lex.card.statusNotPublished({ reason: truncate(model.publishProblem, REASON_MAX) })}${live}`;
  }
  switch (model.status) {
    case "queued": {
      const retry = model.retry;
      if (!retry) return lex.card.statusQueued;
      const when = retry.at === null ? null : formatTime(retry.at, model.timezone, model.language);
      return lex.card.statusRetrying({ attempt: retry.attempt, max: retry.max, cause: retry.cause, when });
    }
    case "generating":
      return lex.card.statusGenerating;
    case "ready":
      return lex.card.statusReady({ reason });
    case "needs_review": {
      const open = model.claims.filter((c) => c.verdict !== "supported").length;
      return lex.card.statusNeedsReview({ open, total: model.claims.length, reason });
    }
    case "scheduled": {
      const when =
        model.scheduledAt === null || model.scheduledAt === undefined
          ? `${lex.statusEmoji.scheduled} ${lex.status.scheduled}`
          : lex.card.statusScheduled({
              when: formatTime(model.scheduledAt, model.timezone, model.language),
            });
      return when;
    }
    case "publishing": {
      // The question the physician must answer, next to its buttons.
      const pub = ownPublication(model);
      const live = pub ? livePartsLine(pub, lex) : "";
      if ((pub?.status === "uncertain" || pub?.status === "waiting") && pub.error) {
        return `⚠️ ${truncate(pub.error, REASON_MAX)}${live}`;
      }
      if (pub?.delay) {
        const when = formatTime(pub.delay.until, model.timezone, model.language);
        return `${lex.publishing.delayed({ limit: pub.delay.limit, when })}${live}`;
      }
      return `${lex.card.statusPublishing}${live}`;
    }
    case "published": {
      const links = model.publications
        .filter((p) => p.status === "published" && p.url)
        .map((p) => slackLink(p.url, lex.platform[p.platform]));
      const local = model.publications
        .filter((p) => p.status === "published" && p.outbox)
        .map((p) => `\n${lex.publishing.outbox({ platform: p.platform })}`);
      const head =
        links.length > 0 ? `${lex.card.statusPublished}: ${links.join(", ")}` : lex.card.statusPublished;
      return `${head}${local.join("")}`;
    }
    case "failed":
      return lex.card.statusFailed({ reason });
    case "rejected":
      return lex.card.statusRejected;
  }
}

/** The buttons each status allows; every value is the draft id. */
/** The account Publish would post to was revoked or expired: Reconnect comes first. */
function reconnectButton(model: DraftCardModel, lex: Lexicon): Button[] {
  if (!model.destination?.reconnect || !["ready", "needs_review", "scheduled"].includes(model.status))
    return [];
  return [
    button({
      actionId: ACTIONS.accountConnect,
      label: lex.accounts.reconnect,
      value: model.platform,
      style: "primary",
    }),
  ];
}

export function draftButtons(model: DraftCardModel, lex: Lexicon): Button[] {
  const value = model.draftId;
  const reject = button({
    actionId: ACTIONS.reject,
    label: lex.button.reject,
    value,
    style: "danger",
    confirm: confirmDialog(lex.confirm.reject),
  });
  const edit = button({ actionId: ACTIONS.edit, label: lex.button.edit, value });
  const preview = button({ actionId: ACTIONS.preview, label: lex.publishing.button.preview, value });
  const pb = lex.publishing.button;
  switch (model.status) {
    // Needs review means review: no one-click Publish; the review modal names every
    // unresolved claim and asks for an explicit confirmation before publishing or scheduling.
    case "needs_review":
      return [
        button({ actionId: ACTIONS.review, label: lex.check.reviewButton, value, style: "primary" }),
        edit,
        button({ actionId: ACTIONS.regenerate, label: lex.button.regenerate, value }),
        preview,
        reject,
      ];
    case "ready":
      return [
        button({ actionId: ACTIONS.publish, label: lex.button.publish, value, style: "primary" }),
        button({ actionId: ACTIONS.schedule, label: lex.button.schedule, value }),
        edit,
        button({ actionId: ACTIONS.regenerate, label: lex.button.regenerate, value }),
        preview,
        reject,
      ];
    case "scheduled":
      return [
        button({ actionId: ACTIONS.publish, label: lex.button.publishNow, value, style: "primary" }),
        button({ actionId: ACTIONS.reschedule, label: pb.reschedule, value }),
        button({
          actionId: ACTIONS.cancelSchedule,
          label: pb.cancelSchedule,
          value,
          confirm: confirmDialog(lex.publishing.confirmCancelSchedule),
        }),
        edit,
        preview,
        reject,
      ];
    case "failed":
      return [button({ actionId: ACTIONS.retry, label: lex.button.retry, value, style: "primary" })];
    case "publishing":
      return publishingButtons(ownPublication(model), value, lex);
    case "queued":
    case "generating":
    case "published":
    case "rejected":
      return [];
  }
}

/** While publishing, buttons only when a question is open: an unconfirmed part, or changed text. */
function publishingButtons(pub: PublicationModel | undefined, value: string, lex: Lexicon): Button[] {
  const pb = lex.publishing.button;
  if (pub?.status === "uncertain") {
    return [
      button({ actionId: ACTIONS.confirmLive, label: pb.confirmLive, value, style: "primary" }),
      button({ actionId: ACTIONS.sendAgain, label: pb.sendAgain, value }),
    ];
  }
  if (pub?.status === "waiting") {
    return [
      button({ actionId: ACTIONS.continueThread, label: pb.continueThread, value, style: "primary" }),
      button({ actionId: ACTIONS.newThread, label: pb.newThread, value }),
      button({
        actionId: ACTIONS.stopThread,
        label: pb.stop,
        value,
        style: "danger",
        confirm: confirmDialog(lex.publishing.confirmStop),
      }),
    ];
  }
  return [];
}

/**
 * With earlier versions to offer, Preview parts and Earlier versions share one menu at the
 * end of the buttons (an overflow needs two options); otherwise Preview stays a button.
 */
function withMenu(
  model: DraftCardModel,
  buttons: Button[],
  lex: Lexicon,
): (Button | Overflow | StaticSelect)[] {
  const preview = buttons.find((b) => b.action_id === ACTIONS.preview);
  if (!preview || (model.versionCount ?? 1) < 2) return buttons;
  const option = (text: string, verb: CardMenuVerb) => ({
    text: { type: "plain_text" as const, text, emoji: true },
    value: cardMenuValue(verb, model.draftId),
  });
  const menu: Overflow = {
    type: "overflow",
    action_id: ACTIONS.cardMenu,
    options: [option(lex.versions.previewOption, "preview"), option(lex.versions.menuOption, "versions")],
  };
  return [...buttons.filter((b) => b !== preview), menu];
}

/** One-tap rewrites, on drafts the physician can still change before publishing. */
function quickEditSelect(model: DraftCardModel, lex: Lexicon): StaticSelect | null {
  if (model.status !== "ready" && model.status !== "needs_review") return null;
  const flagged = model.claims.some((c) => c.verdict !== "supported");
  // An offline draft was written without a model: offer what works without one.
  const kinds = (model.offline ? OFFLINE_QUICK_EDITS : QUICK_EDITS).filter(
    (k) => k !== "drop_flagged" || flagged,
  );
  if (kinds.length === 0) return null;
  const target = translationTarget(textLanguage(model.text));
  return {
    type: "static_select",
    action_id: ACTIONS.quickEdit,
    placeholder: { type: "plain_text", text: lex.quickEdit.placeholder, emoji: true },
    options: kinds.map((kind) => ({
      text: {
        type: "plain_text" as const,
        text: kind === "translate" ? lex.quickEdit.translateTo[target] : lex.quickEdit.option[kind],
        emoji: true,
      },
      value: quickEditValue(kind, model.draftId),
    })),
  };
}

export function quickEditValue(kind: QuickEdit, draftId: string): string {
  return `${kind}:${draftId}`;
}

export function parseQuickEditValue(value: string): { kind: QuickEdit; draftId: string } | undefined {
  const colon = value.indexOf(":");
  const kind = value.slice(0, colon);
  const draftId = value.slice(colon + 1);
  return colon > 0 && draftId !== "" && isQuickEdit(kind) ? { kind, draftId } : undefined;
}

export type CardMenuVerb = "preview" | "versions";

export function cardMenuValue(verb: CardMenuVerb, draftId: string): string {
  return `${verb}:${draftId}`;
}

export function parseCardMenuValue(value: string): { verb: CardMenuVerb; draftId: string } | undefined {
  const m = /^(preview|versions):(.+)$/.exec(value);
  return m?.[1] && m[2] ? { verb: m[1] as CardMenuVerb, draftId: m[2] } : undefined;
}

export function draftCard(model: DraftCardModel): { text: string; blocks: AnyMessageBlock[] } {
  const lex = lexicon(model.language);
  const quick = quickEditSelect(model, lex);
  const buttons = withMenu(model, [...reconnectButton(model, lex), ...draftButtons(model, lex)], lex);
  // The select sits after the buttons, before the "…" menu.
  const menuAt = buttons.findIndex((e) => e.type === "overflow");
  if (quick) buttons.splice(menuAt >= 0 ? menuAt : buttons.length, 0, quick);
  const actions: ActionsBlock[] =
    buttons.length > 0 ? [{ type: "actions", block_id: DRAFT_ACTIONS_BLOCK_ID, elements: buttons }] : [];
  const status = section(statusText(model, lex), DRAFT_STATUS_BLOCK_ID);
  const head = header(cardHeader(model.topic, lex.platform[model.platform]));
  const publications = publicationsSection(model, lex);

  // Fixed parts first (context measured with its longest variant), then the text, then evidence.
  const fixed = [head, context(contextLines(model, lex, true)), status, ...actions, publications];
  let budget = CARD_TEXT_BUDGET - blocksTextLength(fixed);
  const text = draftTextSections(model, budget - evidenceReserve(model, lex), lex);
  budget -= blocksTextLength(text.blocks);
  const sources = sourcesSection(model, budget, lex);
  budget -= blocksTextLength(sources);
  const claims = claimsSection(model, budget, lex);

  const blocks: AnyMessageBlock[] = [
    head,
    status,
    ...text.blocks,
    context(contextLines(model, lex, text.shortened)),
  ];
  for (const optional of [sources, claims, publications]) if (optional !== null) blocks.push(optional);
  blocks.push(...actions);

  const fallback = lex.card.fallback({
    topic: truncate(model.topic.trim(), FALLBACK_TOPIC_MAX),
    platform: model.platform,
    status: model.status,
  });
  return { text: fallback, blocks: enforceCardLimits(blocks) };
}
