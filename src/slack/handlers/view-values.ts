/** Reads typed values out of a submitted modal's `state.values` (block_id = action_id). */

import type { InputId } from "../ids";
import { joinInputs } from "../limits";
import type { SlackView } from "../payloads/interaction";

function field(view: SlackView, id: InputId) {
  return view.state.values[id]?.[id];
}

function text(view: SlackView, id: InputId): string {
  return (field(view, id)?.value ?? "").trim();
}

export const viewValues = {
  text,
  /** A text spread over two inputs (`splitForInputs`), joined back as it was split. */
  longText(view: SlackView, first: InputId, rest: InputId, joiner?: string): string {
    return joinInputs(text(view, first), text(view, rest), joiner);
  },
  option(view: SlackView, id: InputId): string | undefined {
    return field(view, id)?.selected_option?.value;
  },
  /** Values of the ticked checkboxes. */
  checked(view: SlackView, id: InputId): string[] {
    return (field(view, id)?.selected_options ?? []).map((o) => o.value);
  },
  date(view: SlackView, id: InputId): string | undefined {
    return field(view, id)?.selected_date ?? undefined;
  },
  time(view: SlackView, id: InputId): string | undefined {
    return field(view, id)?.selected_time ?? undefined;
  },
  fileIds(view: SlackView, id: InputId): string[] {
    return (field(view, id)?.files ?? []).map((f) => f.id);
  },
};

/** `private_metadata` is JSON we wrote ourselves; anything else reads as empty. */
export function viewMetadata(view: SlackView): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(view.private_metadata || "{}");
    if (!parsed || typeof parsed !== "object") return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === "string") out[k] = v;
    return out;
  } catch {
    return {};
  }
}
