/**
 * The versions of a draft, newest first: which version, where it came from (written,
 * regenerated, revised after the check, edited by you, your own post), when, the start of
 * its text, and Restore on every version but the current one.
 */
import type { AnyModalBlock, ModalView } from "slack-web-api-client";
import type { DraftVersion, Language } from "../../db/schema";
import { ACTIONS, CALLBACKS } from "../ids";
import { lexicon } from "../lexicon";
import { escapeMrkdwn, formatTime, truncate } from "../mrkdwn";
import { button, context, plain, SLACK_LIMITS, section } from "./elements";

export type VersionRow = Pick<DraftVersion, "version" | "text" | "source" | "createdAt" | "createdBy">;

const EXCERPT_MAX = 600;

/** The Restore button's value: `draftId:version`. */
export function restoreValue(draftId: string, version: number): string {
  return `${draftId}:${version}`;
}

export function parseRestoreValue(value: string): { draftId: string; version: number } | undefined {
  const m = /^(.+):(\d{1,6})$/.exec(value);
  return m?.[1] && m[2] ? { draftId: m[1], version: Number(m[2]) } : undefined;
}

export function versionsModal(p: {
  language: Language;
  timezone: string;
  draftId: string;
  current: number;
  versions: VersionRow[];
  /** The App Home draft view it was opened over, refreshed after a restore. */
  parentViewId?: string | undefined;
}): ModalView {
  const lex = lexicon(p.language);
  const v = lex.versions;
  const blocks: AnyModalBlock[] = [];
  for (const row of p.versions) {
    const heading = v.heading({ version: row.version, current: row.version === p.current });
    const when = formatTime(row.createdAt, p.timezone, p.language);
    const excerpt = escapeMrkdwn(truncate(row.text.trim(), EXCERPT_MAX)).replace(/\n+/g, " ");
    const block = section(`*${heading}* · ${v.source[row.source]} · ${escapeMrkdwn(when)}\n${excerpt}`);
    blocks.push(
      row.version === p.current
        ? block
        : {
            ...block,
            accessory: button({
              actionId: ACTIONS.restoreVersion,
              label: v.restore,
              value: restoreValue(p.draftId, row.version),
            }),
          },
    );
  }
  blocks.push(context([v.note]));
  return {
    type: "modal",
    callback_id: CALLBACKS.versions,
    title: plain(v.title, SLACK_LIMITS.viewTitle),
    close: plain(lex.modal.close, SLACK_LIMITS.viewTitle),
    private_metadata: JSON.stringify(
      p.parentViewId ? { draftId: p.draftId, parentViewId: p.parentViewId } : { draftId: p.draftId },
    ),
    blocks: blocks.slice(0, SLACK_LIMITS.viewBlocks),
  };
}
