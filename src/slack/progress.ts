/**
 * The Slack "progress bar" of a generation: one message, posted when the job starts (or
 * the draft's existing card, reused on regenerate) and updated as stages finish; the job
 * finally replaces it with the draft card. Progress is a courtesy: a Slack hiccup while
 * updating it is logged, never allowed to fail the draft. An attempt shows progress only
 * while it holds the draft (`holds`, which renews its lease): a stale attempt that wakes up
 * after a takeover must not write over the new attempt's message.
 */
import type { Draft, Physician } from "../db/schema";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import type { ProgressModel, ProgressStage, StageState } from "./blocks/models";
import { progressMessage } from "./blocks/progress";
import { postMessage } from "./card-sender";
import { createSlackClient, slackCall } from "./client";

const STAGES: ProgressStage[] = ["style", "evidence", "drafting", "checking", "fitting"];

export interface ProgressReporter {
  start(): Promise<void>;
  set(stage: ProgressStage, state: StageState, detail?: string): Promise<void>;
}

export function createProgressReporter(
  services: Services,
  draft: Draft,
  physician: Physician,
  holds: () => Promise<boolean> = async () => true,
): ProgressReporter {
  const model: ProgressModel = {
    draftId: draft.id,
    topic: draft.topic,
    platform: draft.platform,
    orderedBy: physician.slackUserId,
    language: physician.language,
    stages: STAGES.map((stage) => ({ stage, state: "pending" })),
  };
  let where: { channel: string; ts: string } | undefined =
    draft.slackChannelId && draft.slackMessageTs
      ? { channel: draft.slackChannelId, ts: draft.slackMessageTs }
      : undefined;

  let lost = false;
  const render = async () => {
    if (lost) return;
    if (!(await holds())) {
      lost = true;
      services.log.warn("slack_progress_stopped", { draft_id: draft.id, reason: "lease_lost" });
      return;
    }
    const message = progressMessage(model);
    if (!where) {
      where = await postMessage(services, draft.id, draft.slackChannelId, physician.slackUserId, message);
      return;
    }
    const { channel, ts } = where;
    await slackCall("chat.update", () =>
      createSlackClient(services.config).chat.update({
        channel,
        ts,
        text: message.text,
        blocks: message.blocks,
      }),
    );
  };
  const safely = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      services.log.warn("slack_progress_failed", { draft_id: draft.id, error: errorMessage(err) });
    }
  };

  return {
    start: () => safely(render),
    set: (stage, state, detail) =>
      safely(async () => {
        const entry = model.stages.find((s) => s.stage === stage);
        if (!entry || (entry.state === state && entry.detail === detail)) return;
        entry.state = state;
        entry.detail = detail;
        await render();
      }),
  };
}
