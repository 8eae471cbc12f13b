import type { ViewInputBlock } from "slack-web-api-client";
import { describe, expect, it } from "vitest";
import { editModal } from "../../src/slack/blocks/modals";
import { viewMetadata, viewValues } from "../../src/slack/handlers/view-values";
import { INPUTS } from "../../src/slack/ids";
import {
  joinInputs,
  POST_TEXT_MAX,
  SLACK_TEXT_INPUT_MAX,
  splitForInputs,
  TOPIC_MAX,
} from "../../src/slack/limits";
import type { SlackView } from "../../src/slack/payloads/interaction";

/** Paragraphs of sentences, trimmed, exactly `length` characters long. */
function prose(length: number, paragraph = "\n\n"): string {
  const sentence = "Caffeine late in the day costs deep sleep. ";
  let text = "";
  for (let i = 0; text.length < length; i++)
    text += i % 6 === 5 ? `${sentence.trim()}${paragraph}` : sentence;
  return `${text.slice(0, length - 1).trimEnd()}.`.padEnd(length, "x");
}

function roundTrip(text: string): string {
  const split = splitForInputs(text);
  expect(split.first.length).toBeLessThanOrEqual(SLACK_TEXT_INPUT_MAX);
  expect(split.rest.length).toBeLessThanOrEqual(SLACK_TEXT_INPUT_MAX);
  // Slack may trim what it sends back; the pieces must not depend on surrounding whitespace.
  expect(split.first).toBe(split.first.trim());
  expect(split.rest).toBe(split.rest.trim());
  return joinInputs(split.first.trim(), split.rest.trim(), split.joiner);
}

/** The submission Slack would send for the edit modal when nothing was changed. */
function submitted(text: string): SlackView {
  const view = editModal({ language: "en", draftId: "d1", text, platform: "telegram" });
  const values: SlackView["state"]["values"] = {};
  for (const block of view.blocks.filter((b): b is ViewInputBlock => b.type === "input")) {
    const id = block.block_id ?? "";
    const value = block.element.type === "plain_text_input" ? (block.element.initial_value ?? null) : null;
    values[id] = { [id]: { type: block.element.type, value } };
  }
  return {
    id: "V1",
    callback_id: view.callback_id ?? "",
    private_metadata: view.private_metadata ?? "",
    state: { values },
  };
}

describe("Slack text limits", () => {
  it("are Slack's and the platforms' numbers", () => {
    expect(SLACK_TEXT_INPUT_MAX).toBe(3000);
    expect(TOPIC_MAX).toBe(500);
    expect(POST_TEXT_MAX).toBe(4096);
  });

  it("keeps a short text in the first input", () => {
    expect(splitForInputs("Short post.")).toEqual({ first: "Short post.", rest: "", joiner: "\n\n" });
    expect(joinInputs("Short post.", "")).toBe("Short post.");
    expect(joinInputs("", "Only the rest.")).toBe("Only the rest.");
    expect(joinInputs("One.", "Two.")).toBe("One.\n\nTwo.");
  });

  it("splits a 3,900-character post at a paragraph and joins it back exactly", () => {
    const text = prose(3900);
    expect(text).toHaveLength(3900);
    const split = splitForInputs(text);
    expect(split.joiner).toBe("\n\n");
    expect(split.first.length).toBeGreaterThan(2500);
    expect(roundTrip(text)).toBe(text);
  });

  it("joins exactly when the break is lines, spaces, an odd gap or no whitespace at all", () => {
    const lines = prose(3900, "\n");
    expect(splitForInputs(lines).joiner).toBe("\n");
    expect(roundTrip(lines)).toBe(lines);
    const words = "word ".repeat(800).trim();
    expect(splitForInputs(words).joiner).toBe(" ");
    expect(roundTrip(words)).toBe(words);
    const gap = `${"a".repeat(2000)} \n\n\t${"b".repeat(1500)}`;
    expect(splitForInputs(gap).joiner).toBe(" \n\n\t");
    expect(roundTrip(gap)).toBe(gap);
    const solid = "x".repeat(4096);
    expect(splitForInputs(solid).joiner).toBe("");
    expect(roundTrip(solid)).toBe(solid);
  });

  it("never cuts an emoji in half", () => {
    const text = `${"x".repeat(2999)}😀${"y".repeat(500)}`;
    const split = splitForInputs(text);
    expect(split.first).toBe("x".repeat(2999));
    expect(split.rest.startsWith("😀")).toBe(true);
    expect(roundTrip(text)).toBe(text);
  });

  it("prefers a paragraph break that leaves both pieces within the limit", () => {
    // A paragraph break early on would leave too much for the second input.
    const rest = `${"d".repeat(1500)} ${"e".repeat(100)}`;
    const text = `${"a".repeat(100)}\n\n${"b ".repeat(1200)}c\n\n${rest}`;
    const split = splitForInputs(text);
    expect(split).toMatchObject({ rest, joiner: "\n\n" });
    expect(roundTrip(text)).toBe(text);
  });

  it("round-trips a 3,900-character draft through the edit modal's inputs and metadata", () => {
    const text = prose(3900);
    const view = submitted(text);
    const joined = viewValues.longText(view, INPUTS.text, INPUTS.textMore, viewMetadata(view).textJoiner);
    expect(joined).toBe(text);
    const spaced = "word ".repeat(800).trim();
    const spacedView = submitted(spaced);
    expect(
      viewValues.longText(spacedView, INPUTS.text, INPUTS.textMore, viewMetadata(spacedView).textJoiner),
    ).toBe(spaced);
  });
});
