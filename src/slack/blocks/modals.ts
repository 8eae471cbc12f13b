/**
 * Modal views: new draft, edit, schedule, manual post, guideline upload, settings and the
 * read-only draft view opened from App Home. Every input uses `block_id` = `action_id` =
 * its `INPUTS` id; modals that act on something carry it in `private_metadata` (JSON).
 * Text inputs stay within Slack's 3,000 characters (`limits.ts`); the edit form spreads a
 * longer post over two inputs. A form pushed over the draft view names that view
 * (`parentViewId`) so the submission can refresh it.
 */
import type {
  AnyMessageBlock,
  AnyModalBlock,
  ModalView,
  PlainTextOption,
  StaticSelect,
  ViewInputBlock,
} from "slack-web-api-client";
import type { Language, Platform } from "../../db/schema";
import { LANGUAGES, PLATFORMS } from "../../db/schema";
import { CRISIS_COUNTRIES, isCrisisCountry, READER_LINE_MAX } from "../../pipeline/safe-messaging";
import {
  CALLBACKS,
  COUNTRY_OTHER,
  DISCLAIMER_INPUTS,
  DRAFT_LANGUAGE_AUTO,
  INPUTS,
  type InputId,
} from "../ids";
import { type Lexicon, lexicon } from "../lexicon";
import { DEFAULT_INPUT_JOINER, SLACK_TEXT_INPUT_MAX, splitForInputs, TOPIC_MAX } from "../limits";
import { escapeMrkdwn, safeCutIndex, truncate } from "../mrkdwn";
import { isValidTimeZone } from "../time";
import { zoneOptions } from "../time-zones";
import { draftCard } from "./draft-card";
import { option, plain, SLACK_LIMITS, section } from "./elements";
import type { DraftCardModel } from "./models";

export const GUIDELINE_FILETYPES = ["pdf", "txt", "md"];

type InputElement = ViewInputBlock["element"];

function input(
  id: InputId,
  label: string,
  element: InputElement,
  extra: { hint?: string; optional?: boolean } = {},
): ViewInputBlock {
  const block: ViewInputBlock = { type: "input", block_id: id, label: plain(label, 2000), element };
  if (extra.hint !== undefined) block.hint = plain(extra.hint, 2000);
  if (extra.optional === true) block.optional = true;
  return block;
}

function modal(
  callbackId: string,
  frame: { title: string; submit?: string; close: string },
  blocks: AnyModalBlock[],
  metadata?: Record<string, string>,
): ModalView {
  const view: ModalView = {
    type: "modal",
    callback_id: callbackId,
    title: plain(frame.title, SLACK_LIMITS.viewTitle),
    close: plain(frame.close, SLACK_LIMITS.viewTitle),
    blocks,
  };
  if (frame.submit !== undefined) view.submit = plain(frame.submit, SLACK_LIMITS.viewTitle);
  if (metadata !== undefined) view.private_metadata = JSON.stringify(metadata);
  return view;
}

/** Cuts an initial value to an input's max_length (Slack rejects longer ones). */
function clamp(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, safeCutIndex(text, max));
}

/** `auto` (the topic's language, else the physician's) or a language, each named in its own. */
function draftLanguageSelect(lex: Lexicon): StaticSelect {
  const auto = option(lex.modal.generate.languageAuto, DRAFT_LANGUAGE_AUTO);
  return {
    type: "static_select",
    action_id: INPUTS.draftLanguage,
    options: [auto, ...LANGUAGES.map((l) => option(lex.language[l], l))],
    initial_option: auto,
  };
}

function platformSelect(lex: Lexicon, selected: Platform): StaticSelect {
  const options = PLATFORMS.map((p) => option(lex.platform[p], p));
  const select: StaticSelect = {
    type: "static_select",
    action_id: INPUTS.platform,
    placeholder: plain(lex.modal.platformPlaceholder, 150),
    options,
  };
  const initial: PlainTextOption | undefined = options.find((o) => o.value === selected);
  if (initial !== undefined) select.initial_option = initial;
  return select;
}

function textInput(id: InputId, max: number, initial?: string, placeholder?: string): InputElement {
  const element: InputElement = { type: "plain_text_input", action_id: id, multiline: true, max_length: max };
  if (initial !== undefined && initial !== "") element.initial_value = clamp(initial, max);
  if (placeholder !== undefined) element.placeholder = plain(placeholder, 150);
  return element;
}

export function generateModal(p: {
  language: Language;
  defaultPlatform: Platform;
  topic?: string;
  sourceUrl?: string;
  channelId?: string;
}): ModalView {
  const lex = lexicon(p.language);
  const t = lex.modal.generate;
  const url: InputElement = { type: "url_text_input", action_id: INPUTS.sourceUrl };
  if (p.sourceUrl) url.initial_value = p.sourceUrl;
  url.placeholder = plain(t.sourceUrlPlaceholder, 150);
  return modal(
    CALLBACKS.generate,
    { title: t.title, submit: t.submit, close: lex.modal.cancel },
    [
      input(INPUTS.topic, t.topicLabel, textInput(INPUTS.topic, TOPIC_MAX, p.topic, t.topicPlaceholder)),
      input(INPUTS.platform, t.platformLabel, platformSelect(lex, p.defaultPlatform)),
      input(INPUTS.draftLanguage, t.languageLabel, draftLanguageSelect(lex)),
      input(INPUTS.sourceUrl, t.sourceUrlLabel, url, { hint: t.sourceUrlHint, optional: true }),
    ],
    p.channelId ? { channelId: p.channelId } : {},
  );
}

/** Metadata of a form acting on a draft; `parentViewId` when pushed over the draft view. */
function draftMetadata(draftId: string, parentViewId?: string): Record<string, string> {
  return parentViewId ? { draftId, parentViewId } : { draftId };
}

/**
 * The post text in `text` and, beyond 3,000 characters, the rest in `text_more` (always
 * offered, optional, so a post can also grow). `textJoiner` in the metadata is what was
 * between the two pieces (absent when it is the default paragraph break); the submission
 * joins them with it.
 */
export function editModal(p: {
  language: Language;
  draftId: string;
  text: string;
  platform: Platform;
  parentViewId?: string;
}): ModalView {
  const lex = lexicon(p.language);
  const t = lex.modal.edit;
  const split = splitForInputs(p.text);
  const metadata = draftMetadata(p.draftId, p.parentViewId);
  if (split.joiner !== DEFAULT_INPUT_JOINER) metadata.textJoiner = split.joiner;
  return modal(
    CALLBACKS.edit,
    { title: t.title, submit: t.submit, close: lex.modal.cancel },
    [
      input(INPUTS.text, t.textLabel, textInput(INPUTS.text, SLACK_TEXT_INPUT_MAX, split.first), {
        hint: t.textHint,
      }),
      input(INPUTS.textMore, t.textMoreLabel, textInput(INPUTS.textMore, SLACK_TEXT_INPUT_MAX, split.rest), {
        hint: t.textMoreHint,
        optional: true,
      }),
      input(INPUTS.platform, t.platformLabel, platformSelect(lex, p.platform)),
    ],
    metadata,
  );
}

function dateTimeInputs(
  labels: { dateLabel: string; timeLabel: string },
  timezone: string,
  hint: string,
  opts: { optional: boolean; initialDate?: string; initialTime?: string },
): ViewInputBlock[] {
  const date: InputElement = { type: "datepicker", action_id: INPUTS.date };
  if (opts.initialDate !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(opts.initialDate)) {
    date.initial_date = opts.initialDate;
  }
  const time: InputElement = { type: "timepicker", action_id: INPUTS.time };
  if (opts.initialTime !== undefined && /^\d{2}:\d{2}$/.test(opts.initialTime)) {
    time.initial_time = opts.initialTime;
  }
  if (isValidTimeZone(timezone)) time.timezone = timezone;
  return [
    input(INPUTS.date, labels.dateLabel, date, { optional: opts.optional }),
    input(INPUTS.time, labels.timeLabel, time, { hint, optional: opts.optional }),
  ];
}

/** `initialDate` "YYYY-MM-DD" and `initialTime` "HH:mm", both in the physician's zone. */
export function scheduleModal(p: {
  language: Language;
  draftId: string;
  timezone: string;
  initialDate: string;
  initialTime: string;
  parentViewId?: string;
}): ModalView {
  const lex = lexicon(p.language);
  const t = lex.modal.schedule;
  return modal(
    CALLBACKS.schedule,
    { title: t.title, submit: t.submit, close: lex.modal.cancel },
    dateTimeInputs(t, p.timezone, t.timezoneHint({ timezone: p.timezone }), {
      optional: false,
      initialDate: p.initialDate,
      initialTime: p.initialTime,
    }),
    draftMetadata(p.draftId, p.parentViewId),
  );
}

export function manualPostModal(p: {
  language: Language;
  defaultPlatform: Platform;
  timezone: string;
}): ModalView {
  const lex = lexicon(p.language);
  const t = lex.modal.manualPost;
  return modal(CALLBACKS.manualPost, { title: t.title, submit: t.submit, close: lex.modal.cancel }, [
    input(
      INPUTS.text,
      t.textLabel,
      textInput(INPUTS.text, SLACK_TEXT_INPUT_MAX, undefined, t.textPlaceholder),
    ),
    input(INPUTS.platform, t.platformLabel, platformSelect(lex, p.defaultPlatform)),
    ...dateTimeInputs(t, p.timezone, t.whenHint({ timezone: p.timezone }), { optional: true }),
  ]);
}

export function uploadGuidelineModal(p: { language: Language }): ModalView {
  const lex = lexicon(p.language);
  const t = lex.modal.uploadGuideline;
  return modal(CALLBACKS.uploadGuideline, { title: t.title, submit: t.submit, close: lex.modal.cancel }, [
    section(t.intro),
    input(
      INPUTS.file,
      t.fileLabel,
      { type: "file_input", action_id: INPUTS.file, filetypes: GUIDELINE_FILETYPES, max_files: 1 },
      { hint: t.fileHint },
    ),
  ]);
}

export function settingsModal(p: {
  language: Language;
  defaultPlatform: Platform;
  timezone: string;
  country?: string | null;
  crisisLine?: string | null;
  disclaimers?: Partial<Record<Platform, string>> | null;
}): ModalView {
  const lex = lexicon(p.language);
  const t = lex.modal.settings;
  const languages = LANGUAGES.map((l) => option(lex.language[l], l));
  const languageSelect: StaticSelect = {
    type: "static_select",
    action_id: INPUTS.language,
    options: languages,
  };
  const initialLanguage = languages.find((o) => o.value === p.language);
  if (initialLanguage !== undefined) languageSelect.initial_option = initialLanguage;
  // A select Slack filters as the physician types a city; their own zone is preselected.
  const zones = zoneOptions(p.timezone, p.language).map((z) => option(z.label, z.value));
  const timezone: StaticSelect = {
    type: "static_select",
    action_id: INPUTS.timezone,
    options: zones,
    placeholder: plain(t.timezonePlaceholder, 150),
  };
  const initialZone = zones.find((o) => o.value === p.timezone);
  if (initialZone !== undefined) timezone.initial_option = initialZone;
  return modal(CALLBACKS.settings, { title: t.title, submit: t.submit, close: lex.modal.cancel }, [
    input(INPUTS.platform, t.platformLabel, platformSelect(lex, p.defaultPlatform)),
    input(INPUTS.language, t.languageLabel, languageSelect),
    input(INPUTS.timezone, t.timezoneLabel, timezone, { hint: t.timezoneHint }),
    ...readerLineInputs(lex, p),
  ]);
}

/** One line of plain text, at most READER_LINE_MAX characters (crisis line, disclaimers). */
function lineInput(id: InputId, initial?: string | null, placeholder?: string): InputElement {
  const element: InputElement = { type: "plain_text_input", action_id: id, max_length: READER_LINE_MAX };
  if (initial) element.initial_value = clamp(initial, READER_LINE_MAX);
  if (placeholder !== undefined) element.placeholder = plain(placeholder, 150);
  return element;
}

/** Settings for what readers see under a post: country, own crisis line, disclaimers. */
function readerLineInputs(
  lex: Lexicon,
  p: {
    country?: string | null;
    crisisLine?: string | null;
    disclaimers?: Partial<Record<Platform, string>> | null;
  },
): ViewInputBlock[] {
  const t = lex.settingsExtra;
  const countries = [
    ...CRISIS_COUNTRIES.map((code) => option(t.countries[code], code)),
    option(t.countryOther, COUNTRY_OTHER),
  ];
  const country: StaticSelect = {
    type: "static_select",
    action_id: INPUTS.country,
    placeholder: plain(t.countryPlaceholder, 150),
    options: countries,
  };
  const chosen = p.country ? (isCrisisCountry(p.country) ? p.country : COUNTRY_OTHER) : undefined;
  const initialCountry = countries.find((o) => o.value === chosen);
  if (initialCountry !== undefined) country.initial_option = initialCountry;
  return [
    input(INPUTS.country, t.countryLabel, country, { hint: t.countryHint, optional: true }),
    input(
      INPUTS.crisisLine,
      t.crisisLineLabel,
      lineInput(INPUTS.crisisLine, p.crisisLine, t.crisisLinePlaceholder),
      {
        hint: t.crisisLineHint,
        optional: true,
      },
    ),
    ...PLATFORMS.map((platform) =>
      input(
        DISCLAIMER_INPUTS[platform],
        t.disclaimerLabel[platform],
        lineInput(DISCLAIMER_INPUTS[platform], p.disclaimers?.[platform]),
        { hint: t.disclaimerHint, optional: true },
      ),
    ),
  ];
}

const MODAL_BLOCK_TYPES: ReadonlySet<string> = new Set([
  "actions",
  "context",
  "divider",
  "header",
  "image",
  "section",
  "video",
  "rich_text",
  "markdown",
]);

function isModalBlock(block: AnyMessageBlock): block is AnyMessageBlock & AnyModalBlock {
  return MODAL_BLOCK_TYPES.has(block.type);
}

/**
 * The draft card inside a modal (App Home "Open"). Its buttons stay: they carry the draft id,
 * so the same handlers act on it (they reach the card message through the draft's stored ts).
 */
export function draftViewModal(card: DraftCardModel): ModalView {
  const lex = lexicon(card.language);
  return modal(
    CALLBACKS.viewDraft,
    { title: lex.modal.viewDraft.title, close: lex.modal.close },
    draftCard(card).blocks.filter(isModalBlock),
    { draftId: card.draftId },
  );
}

/** What an App Home confirmation does once the physician confirms. */
export type HomeConfirmKind = "delete" | "cancel";

/** "Are you sure?" before a destructive choice from an App Home row's menu. */
export function homeConfirmModal(p: {
  language: Language;
  draftId: string;
  kind: HomeConfirmKind;
  topic: string;
}): ModalView {
  const lex = lexicon(p.language);
  const texts = p.kind === "delete" ? lex.confirm.delete : lex.publishing.confirmCancelSchedule;
  const topic = escapeMrkdwn(truncate(p.topic.trim(), 200));
  return modal(
    CALLBACKS.homeConfirm,
    { title: texts.title, submit: texts.confirm, close: texts.deny },
    [section(`*${topic}*\n${escapeMrkdwn(texts.text)}`)],
    { draftId: p.draftId, kind: p.kind },
  );
}
