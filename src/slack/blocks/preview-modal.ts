/**
 * "Preview parts": every part exactly as publishing will post it (text without citation
 * markers, reader lines included, counters included), each under its number and its length
 * as the platform counts it against the platform's limit. Text is plain_text, shown verbatim.
 */
import type { AnyModalBlock, ModalView } from "slack-web-api-client";
import type { Language } from "../../db/schema";
import type { PlatformFit } from "../../pipeline/platform-fit";
import { CALLBACKS } from "../ids";
import { lexicon } from "../lexicon";
import { plain, SLACK_LIMITS } from "./elements";

/** Each part takes a context line, up to two text sections (4,096 > 3,000) and a divider. */
const MAX_PARTS = Math.floor(SLACK_LIMITS.viewBlocks / 4);

export function previewModal(language: Language, fit: PlatformFit): ModalView {
  const lx = lexicon(language);
  const total = fit.parts.length;
  const blocks: AnyModalBlock[] = [];
  fit.parts.slice(0, MAX_PARTS).forEach((part, i) => {
    if (i > 0) blocks.push({ type: "divider" });
    const length = fit.lengths[i] ?? 0;
    const heading = lx.publishing.preview.partHeading({ n: i + 1, total, length, limit: fit.limit });
    blocks.push({ type: "context", elements: [plain(`${length > fit.limit ? "⚠️ " : ""}${heading}`, 2000)] });
    for (const chunk of chunks(part, SLACK_LIMITS.sectionText)) {
      blocks.push({ type: "section", text: plain(chunk) });
    }
  });
  return {
    type: "modal",
    callback_id: CALLBACKS.preview,
    title: plain(lx.publishing.preview.title, SLACK_LIMITS.viewTitle),
    close: plain(lx.modal.close, SLACK_LIMITS.viewTitle),
    blocks,
  };
}

/** Pieces of at most `size` UTF-16 units, never splitting a surrogate pair. */
function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    let cut = size;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out;
}
