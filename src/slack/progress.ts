/**
 * The Slack "progress bar" of a generation: one message, posted when the job starts (or
 * the draft's existing card, reused on regenerate) and updated as stages move; the job
 * finally replaces it with the draft card.
 *
 * Quiet by design: stage changes are coalesced (an update waits `settleMs` for the changes
 * that follow it, and never comes sooner than `minGapMs` after the previous one), and a draft
 * gets at most `maxMessages` progress messages, so with the card at most six updates reach
 * the physician from order to card. Updates run in the background, off the pipeline's
 * critical path; `close()` cancels what is pending and waits for an update in flight, so no
 * progress update can land on top of the card.
 *
 * Progress is a courtesy: a Slack hiccup is logged, never allowed to fail the draft. An
 * attempt shows progress only while it holds the draft (`holds`, which renews its lease): a
 * stale attempt that wakes up after a takeover must not write over the new attempt's message.
 */
import type { Draft, Physician } from "../db/schema";
import { parseRetry } from "../db/status-reasons";
import { errorMessage } from "../lib/log";
import type { QuickEdit } from "../pipeline/rewrite";
import type { Services } from "../services";
import type { ProgressModel, ProgressStage, StageState } from "./blocks/models";
import { progressMessage } from "./blocks/progress";
import { postMessage } from "./card-sender";
import { createSlackClient, slackCall } from "./client";

const STAGES: ProgressStage[] = ["style", "evidence", "drafting", "checking", "fitting"];
const REWRITE_STAGES: ProgressStage[] = ["drafting", "checking", "fitting"];

export interface ProgressReporter {
  /**
   * Posts (or takes over) the message, with the first stages already running — in the
   * background: the work does not wait for Slack; later updates queue behind this one.
   */
  start(): void;
  /** Records a stage change; the message follows in the background, coalesced. */
  set(stage: ProgressStage, state: StageState, count?: number): Promise<void>;
  /** Cancels pending updates and waits for one in flight: call before the card is shown. */
  close(): Promise<void>;
}

export interface ProgressPacing {
  /** Shortest gap between two messages. */
  minGapMs: number;
  /** How long an update waits for the changes that follow it. */
  settleMs: number;
  /** Progress messages per attempt, the first post included (the card comes on top). */
  maxMessages: number;
}

export const PROGRESS_PACING: ProgressPacing = { minGapMs: 1000, settleMs: 250, maxMessages: 5 };

export function createProgressReporter(
  services: Services,
  draft: Draft,
  physician: Physician,
  holds: () => Promise<boolean> = async () => true,
  pacing: ProgressPacing = PROGRESS_PACING,
  /** A quick edit: no retrieval, so only drafting, checking and fitting are shown. */
  rewrite?: QuickEdit,
): ProgressReporter {
  const model: ProgressModel = {
    draftId: draft.id,
    topic: draft.topic,
    platform: draft.platform,
    orderedBy: physician.slackUserId,
    language: physician.language,
    stages: (rewrite ? REWRITE_STAGES : STAGES).map((stage) => ({ stage, state: "pending" })),
    rewrite: rewrite ?? null,
    // A later attempt says so (the stored `generation_retrying`).
    retry: parseRetry(draft.statusReason) ?? null,
  };
  let where: { channel: string; ts: string } | undefined =
    draft.slackChannelId && draft.slackMessageTs
      ? { channel: draft.slackChannelId, ts: draft.slackMessageTs }
      : undefined;

  let lost = false;
  let closed = false;
  let sent = 0;
  let lastAt = 0;
  let shown = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const render = async () => {
    if (lost || sent >= pacing.maxMessages) return;
    const message = progressMessage(model);
    const fingerprint = JSON.stringify(message.blocks);
    if (fingerprint === shown) return;
    if (!(await holds())) {
      lost = true;
      services.log.warn("slack_progress_stopped", { draft_id: draft.id, reason: "lease_lost" });
      return;
    }
    sent += 1;
    lastAt = Date.now();
    shown = fingerprint;
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
  const flush = () => {
    timer = undefined;
    if (closed) return;
    inFlight = inFlight.then(() => {
      if (closed) return;
      // Scheduled while the first post was still in flight: keep the gap from its real time.
      if (Date.now() < lastAt + pacing.minGapMs) return schedule();
      return safely(render);
    });
  };
  const schedule = () => {
    if (closed || timer !== undefined || sent >= pacing.maxMessages) return;
    const wait = Math.max(pacing.settleMs, lastAt + pacing.minGapMs - Date.now());
    timer = setTimeout(flush, wait);
  };

  return {
    start: () => {
      // The first stages start at once: retrieval for a draft, the rewrite for a quick edit.
      const first = rewrite ? ["drafting"] : ["style", "evidence"];
      for (const s of model.stages) if (first.includes(s.stage)) s.state = "running";
      inFlight = inFlight.then(() => safely(render));
    },
    set: async (stage, state, count) => {
      const entry = model.stages.find((s) => s.stage === stage);
      if (!entry || (entry.state === state && entry.count === count)) return;
      entry.state = state;
      entry.count = count;
      schedule();
    },
    close: async () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
