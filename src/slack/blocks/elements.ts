/**
 * Small Block Kit constructors shared by the builders: text objects, sections, headers,
 * buttons with confirm dialogs, select options. They clamp every text to Slack's limits
 * so no builder can emit an oversized field by accident.
 */
import type {
  Button,
  Confirm,
  ContextBlock,
  HeaderBlock,
  MrkdwnTextField,
  PlainTextField,
  PlainTextOption,
  SectionBlock,
} from "slack-web-api-client";
import type { ConfirmTexts } from "../lexicon";
import { truncate } from "../mrkdwn";

export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  /** Overflow menus hold 2 to 5 options; selects up to 100. */
  overflowOptionsMin: 2,
  overflowOptionsMax: 5,
  selectOptions: 100,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  viewTitle: 24,
  privateMetadata: 3000,
} as const;

/** plain_text is shown verbatim (never parsed), so it carries raw text. */
export function plain(text: string, max: number = SLACK_LIMITS.sectionText): PlainTextField {
  return { type: "plain_text", text: truncate(text, max) || " ", emoji: true };
}

/** mrkdwn with `verbatim: true`: no auto-linking of bare URLs, channel names or mentions. */
export function mrkdwn(text: string, max: number = SLACK_LIMITS.sectionText): MrkdwnTextField {
  return { type: "mrkdwn", text: truncate(text, max) || " ", verbatim: true };
}

export function section(text: string, blockId?: string): SectionBlock {
  const block: SectionBlock = { type: "section", text: mrkdwn(text) };
  if (blockId !== undefined) block.block_id = blockId;
  return block;
}

export function header(text: string): HeaderBlock {
  return { type: "header", text: plain(text, SLACK_LIMITS.headerText) };
}

export function context(texts: string[]): ContextBlock {
  return {
    type: "context",
    elements: texts.slice(0, SLACK_LIMITS.contextElements).map((t) => mrkdwn(t)),
  };
}

export function confirmDialog(texts: ConfirmTexts, style: Confirm["style"] = "danger"): Confirm {
  const dialog: Confirm = {
    title: plain(texts.title, SLACK_LIMITS.confirmTitle),
    text: plain(texts.text, SLACK_LIMITS.confirmText),
    confirm: plain(texts.confirm, SLACK_LIMITS.confirmButton),
    deny: plain(texts.deny, SLACK_LIMITS.confirmButton),
  };
  if (style !== undefined) dialog.style = style;
  return dialog;
}

export interface ButtonSpec {
  actionId: string;
  label: string;
  value?: string;
  style?: "primary" | "danger";
  confirm?: Confirm;
  /** A link button: Slack opens it in the browser (and still sends the click). */
  url?: string;
}

/** Throws when a value would exceed Slack's 2,000 chars: a cut id would act on another draft. */
export function button(spec: ButtonSpec): Button {
  const element: Button = {
    type: "button",
    action_id: spec.actionId,
    text: plain(spec.label, SLACK_LIMITS.buttonText),
  };
  if (spec.value !== undefined) {
    if (spec.value.length > SLACK_LIMITS.buttonValue) {
      throw new Error(`button value longer than ${SLACK_LIMITS.buttonValue} characters`);
    }
    element.value = spec.value;
  }
  if (spec.style !== undefined) element.style = spec.style;
  if (spec.confirm !== undefined) element.confirm = spec.confirm;
  if (spec.url !== undefined) element.url = spec.url;
  return element;
}

export function option(label: string, value: string): PlainTextOption {
  return { text: plain(label, SLACK_LIMITS.optionText), value };
}

/** Total length of every `text` string in a block tree (what `msg_blocks_too_long` tracks). */
export function blocksTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + blocksTextLength(item), 0);
  if (value === null || typeof value !== "object") return 0;
  let total = 0;
  for (const [key, child] of Object.entries(value)) {
    if (key === "text" && typeof child === "string") total += child.length;
    else total += blocksTextLength(child);
  }
  return total;
}
