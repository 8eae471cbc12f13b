/**
 * The playground's Block Kit check: every message and view the Worker sends to the local
 * Slack sink is measured against Slack's limits — the same `SLACK_LIMITS` (and card text
 * ceiling) the block builders enforce — and each problem is named with where it is, so the
 * page can highlight it.
 */
import { CARD_TEXT_MAX } from "../slack/blocks/draft-card-limits";
import { blocksTextLength, SLACK_LIMITS } from "../slack/blocks/elements";

export interface BlockProblem {
  /** JSON-pointer-like path: `/blocks/3/text/text`. */
  at: string;
  problem: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === "string" ? value.text : undefined;
}

function tooLong(out: BlockProblem[], at: string, text: string | undefined, max: number, what: string) {
  if (text !== undefined && text.length > max) out.push({ at, problem: `${what}: ${text.length} > ${max}` });
}

function checkElement(out: BlockProblem[], element: unknown, at: string): void {
  if (!isObject(element)) return;
  if (element.type === "button") {
    tooLong(out, `${at}/text`, textOf(element.text), SLACK_LIMITS.buttonText, "button text");
    if (typeof element.value === "string")
      tooLong(out, `${at}/value`, element.value, SLACK_LIMITS.buttonValue, "button value");
  }
  if (isObject(element.confirm)) {
    const confirm = element.confirm;
    tooLong(out, `${at}/confirm/title`, textOf(confirm.title), SLACK_LIMITS.confirmTitle, "confirm title");
    tooLong(out, `${at}/confirm/text`, textOf(confirm.text), SLACK_LIMITS.confirmText, "confirm text");
    tooLong(
      out,
      `${at}/confirm/confirm`,
      textOf(confirm.confirm),
      SLACK_LIMITS.confirmButton,
      "confirm button",
    );
    tooLong(out, `${at}/confirm/deny`, textOf(confirm.deny), SLACK_LIMITS.confirmButton, "deny button");
  }
  if (Array.isArray(element.options)) {
    const n = element.options.length;
    if (
      element.type === "overflow" &&
      (n < SLACK_LIMITS.overflowOptionsMin || n > SLACK_LIMITS.overflowOptionsMax)
    ) {
      out.push({ at: `${at}/options`, problem: `an overflow menu holds 2 to 5 options, not ${n}` });
    }
    if (element.type === "static_select" && n > SLACK_LIMITS.selectOptions) {
      out.push({ at: `${at}/options`, problem: `a select holds at most 100 options, not ${n}` });
    }
    element.options.forEach((option, i) => {
      tooLong(
        out,
        `${at}/options/${i}/text`,
        textOf(isObject(option) ? option.text : undefined),
        SLACK_LIMITS.optionText,
        "option text",
      );
    });
  }
}

function checkBlock(out: BlockProblem[], block: unknown, at: string): void {
  if (!isObject(block)) {
    out.push({ at, problem: "not a block object" });
    return;
  }
  switch (block.type) {
    case "header":
      tooLong(out, `${at}/text`, textOf(block.text), SLACK_LIMITS.headerText, "header text");
      break;
    case "section":
      tooLong(out, `${at}/text`, textOf(block.text), SLACK_LIMITS.sectionText, "section text");
      if (Array.isArray(block.fields))
        block.fields.forEach((field, i) => {
          tooLong(out, `${at}/fields/${i}`, textOf(field), 2000, "section field");
        });
      checkElement(out, block.accessory, `${at}/accessory`);
      break;
    case "context":
      if (Array.isArray(block.elements) && block.elements.length > SLACK_LIMITS.contextElements)
        out.push({
          at,
          problem: `context elements: ${block.elements.length} > ${SLACK_LIMITS.contextElements}`,
        });
      break;
    case "actions":
      if (Array.isArray(block.elements)) {
        if (block.elements.length > 25)
          out.push({ at, problem: `actions elements: ${block.elements.length} > 25` });
        block.elements.forEach((element, i) => {
          checkElement(out, element, `${at}/elements/${i}`);
        });
      }
      break;
    case "input":
      checkElement(out, block.element, `${at}/element`);
      break;
    default:
      break;
  }
}

/** Problems of a message's blocks (`kind: "message"`) or a modal / Home view's. */
export function checkBlocks(blocks: unknown, kind: "message" | "view"): BlockProblem[] {
  const out: BlockProblem[] = [];
  if (blocks === undefined) return out;
  if (!Array.isArray(blocks)) return [{ at: "/blocks", problem: "blocks is not an array" }];
  const max = kind === "message" ? SLACK_LIMITS.messageBlocks : SLACK_LIMITS.viewBlocks;
  if (blocks.length > max) out.push({ at: "/blocks", problem: `blocks: ${blocks.length} > ${max}` });
  if (kind === "message") {
    const text = blocksTextLength(blocks);
    if (text > CARD_TEXT_MAX)
      out.push({ at: "/blocks", problem: `text in all blocks: ${text} > ${CARD_TEXT_MAX}` });
  }
  blocks.forEach((block, i) => {
    checkBlock(out, block, `/blocks/${i}`);
  });
  return out;
}

/** Problems of a view payload: its blocks, title and private_metadata. */
export function checkView(view: unknown): BlockProblem[] {
  if (!isObject(view)) return [{ at: "/view", problem: "view is not an object" }];
  const out = checkBlocks(view.blocks, "view");
  tooLong(out, "/view/title", textOf(view.title), SLACK_LIMITS.viewTitle, "view title");
  if (typeof view.private_metadata === "string")
    tooLong(
      out,
      "/view/private_metadata",
      view.private_metadata,
      SLACK_LIMITS.privateMetadata,
      "private_metadata",
    );
  return out;
}
