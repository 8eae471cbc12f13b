// Block Kit validation the Slack fake applies, mirroring the limits real Slack enforces
// (block count, section/header text length, modal title length, plain_text_input
// max_length/initial_value). Returns Slack-style "[ERROR] … [json-pointer:…]" messages;
// an empty list means valid.
import { isRecord } from "./http.js";

const SECTION_TEXT_MAX = 3000;
const SECTION_FIELDS_MAX = 10;
const SECTION_FIELD_TEXT_MAX = 2000;
const HEADER_TEXT_MAX = 150;
const VIEW_TITLE_MAX = 24;
const PRIVATE_METADATA_MAX = 3000;
/** An option object's text (select menus, checkboxes, radio buttons). */
const OPTION_TEXT_MAX = 75;
/** plain_text_input: max_length and min_length ≤ 3000, and so the initial_value. */
const TEXT_INPUT_MAX = 3000;

export const MESSAGE_BLOCKS_MAX = 50;
export const VIEW_BLOCKS_MAX = 100;

function textOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.text === "string" ? value.text : undefined;
}

function tooLong(max: number, pointer: string): string {
  return `[ERROR] must be less than ${max + 1} characters [json-pointer:${pointer}]`;
}

function validateTextInput(element: Record<string, unknown>, pointer: string): string[] {
  const errors: string[] = [];
  for (const key of ["max_length", "min_length"] as const) {
    const value = element[key];
    if (typeof value === "number" && value > TEXT_INPUT_MAX) {
      errors.push(`[ERROR] must be no larger than ${TEXT_INPUT_MAX} [json-pointer:${pointer}/${key}]`);
    }
  }
  const initial = element.initial_value;
  if (typeof initial === "string" && initial.length > TEXT_INPUT_MAX) {
    errors.push(tooLong(TEXT_INPUT_MAX, `${pointer}/initial_value`));
  }
  return errors;
}

function validateBlock(block: unknown, pointer: string): string[] {
  if (!isRecord(block) || typeof block.type !== "string") {
    return [`[ERROR] missing required field: type [json-pointer:${pointer}]`];
  }
  const errors: string[] = [];
  const text = textOf(block.text);
  if (block.type === "section") {
    if (text !== undefined && text.length > SECTION_TEXT_MAX) {
      errors.push(tooLong(SECTION_TEXT_MAX, `${pointer}/text/text`));
    }
    if (Array.isArray(block.fields)) {
      if (block.fields.length > SECTION_FIELDS_MAX) {
        errors.push(
          `[ERROR] no more than ${SECTION_FIELDS_MAX} items allowed [json-pointer:${pointer}/fields]`,
        );
      }
      block.fields.forEach((field, i) => {
        const fieldText = textOf(field);
        if (fieldText !== undefined && fieldText.length > SECTION_FIELD_TEXT_MAX) {
          errors.push(tooLong(SECTION_FIELD_TEXT_MAX, `${pointer}/fields/${i}/text`));
        }
      });
    }
    if (text === undefined && !Array.isArray(block.fields)) {
      errors.push(`[ERROR] must provide either text or fields [json-pointer:${pointer}]`);
    }
  }
  if (block.type === "header" && (text === undefined || text.length > HEADER_TEXT_MAX)) {
    errors.push(tooLong(HEADER_TEXT_MAX, `${pointer}/text/text`));
  }
  if (block.type === "input" && isRecord(block.element) && block.element.type === "plain_text_input") {
    errors.push(...validateTextInput(block.element, `${pointer}/element`));
  }
  if (block.type === "input" && isRecord(block.element) && Array.isArray(block.element.options)) {
    block.element.options.forEach((option, i) => {
      const optionText = isRecord(option) ? textOf(option.text) : undefined;
      if (optionText === undefined || optionText.length > OPTION_TEXT_MAX) {
        errors.push(tooLong(OPTION_TEXT_MAX, `${pointer}/element/options/${i}/text/text`));
      }
    });
  }
  return errors;
}

export function validateBlocks(blocks: unknown, max: number, pointer = ""): string[] {
  if (!Array.isArray(blocks)) return [`[ERROR] must be an array [json-pointer:${pointer}/blocks]`];
  const errors: string[] = [];
  if (blocks.length > max) {
    errors.push(`[ERROR] no more than ${max} items allowed [json-pointer:${pointer}/blocks]`);
  }
  blocks.forEach((block, i) => {
    errors.push(...validateBlock(block, `${pointer}/blocks/${i}`));
  });
  return errors;
}

/** Validates a view payload for views.open/push/update ("modal") or views.publish ("home"). */
export function validateView(view: unknown, expectedType: "modal" | "home"): string[] {
  if (!isRecord(view)) return ["[ERROR] missing required field: view [json-pointer:/view]"];
  if (view.type !== expectedType) {
    return [`[ERROR] must be one of: ${expectedType} [json-pointer:/view/type]`];
  }
  const errors = validateBlocks(view.blocks, VIEW_BLOCKS_MAX, "/view");
  if (expectedType === "modal") {
    const title = textOf(view.title);
    if (title === undefined) errors.push("[ERROR] missing required field: title [json-pointer:/view/title]");
    else if (title.length > VIEW_TITLE_MAX) errors.push(tooLong(VIEW_TITLE_MAX, "/view/title/text"));
    // Slack: "submit" is required when the view has an input block.
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isRecord(b) && b.type === "input");
    if (hasInput && textOf(view.submit) === undefined) {
      errors.push("[ERROR] missing required field: submit [json-pointer:/view/submit]");
    }
    for (const button of ["submit", "close"] as const) {
      const label = textOf(view[button]);
      if (label !== undefined && label.length > VIEW_TITLE_MAX) {
        errors.push(tooLong(VIEW_TITLE_MAX, `/view/${button}/text`));
      }
    }
  }
  const metadata = view.private_metadata;
  if (typeof metadata === "string" && metadata.length > PRIVATE_METADATA_MAX) {
    errors.push(tooLong(PRIVATE_METADATA_MAX, "/view/private_metadata"));
  }
  return errors;
}
