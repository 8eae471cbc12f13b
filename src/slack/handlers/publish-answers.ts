/**
 * The physician's answers to the questions a publication can ask on the card:
 *
 * - a part whose answer was lost (`uncertain`): "It's live" records it as posted (with no
 *   id: the thread goes on replying to the last part we know) and posts what is left;
 *   "Not there, send it" sends it again;
 * - parts live and the text changed (`waiting`): continue the thread after the live parts
 *   with the new text, post the whole text as a new thread, or stop (the live parts stay,
 *   the draft goes back to the physician; publishing it again asks again if it changed).
 *
 * Each answer is a compare-and-set on the row as the card showed it, so a double click or a
 * second person acts once; then one publish job is queued.
 */
import { transitionDraft } from "../../db/drafts";
import { openClaims } from "../../db/review-gate";
import type { Draft } from "../../db/schema";
import { reason } from "../../db/status-reasons";
import { draftPost } from "../../publishers/draft-post";
import { publishJobFor } from "../../queues/messages";
import { answerPublication, findPublication, liveParts, partHash } from "../../queues/publication-store";
import type { Services } from "../../services";
import type { ActionOutcome } from "./draft-actions";

export type PublishAnswer = "confirm_live" | "send_again" | "continue" | "new_thread" | "stop";

const ASKED_BY: Record<PublishAnswer, "uncertain" | "waiting"> = {
  confirm_live: "uncertain",
  send_again: "uncertain",
  continue: "waiting",
  new_thread: "waiting",
  stop: "waiting",
};

export async function answerPublishQuestion(
  services: Services,
  draft: Draft,
  answer: PublishAnswer,
  requestId: string,
): Promise<ActionOutcome> {
  const { db } = services;
  if (draft.status !== "publishing") return { kind: "invalid_state", status: draft.status };
  const row = await findPublication(db, draft.id, draft.platform);
  if (row?.status !== ASKED_BY[answer]) return { kind: "already" };
  const live = liveParts(row);
  const resume = { status: "pending" as const, lastError: null, notBefore: null };

  let answered: boolean;
  switch (answer) {
    case "confirm_live":
      answered = await answerPublication(db, row, {
        ...resume,
        parts: [...live, { id: "", url: null, hash: row.inFlight?.hash ?? "" }],
        inFlight: null,
      });
      break;
    case "send_again":
      answered = await answerPublication(db, row, { ...resume, inFlight: null });
      break;
    case "continue": {
      // The live parts stand for the first parts of the new text.
      const post = await draftPost(db, draft);
      const hashes = await Promise.all((post?.fit.formatted ?? []).map(partHash));
      const parts = live.map((part, i) => ({ ...part, hash: hashes[i] ?? part.hash }));
      answered = await answerPublication(db, row, { ...resume, parts });
      break;
    }
    case "new_thread":
      answered = await answerPublication(db, row, { ...resume, parts: [], externalId: null, inFlight: null });
      break;
    case "stop": {
      answered = await answerPublication(db, row, {
        status: "failed",
        lastError: reason("publish_stopped", live.length),
      });
      if (!answered) return { kind: "already" };
      const doubtful = await openClaims(db, draft);
      await transitionDraft(db, draft.id, "publishing", doubtful.length > 0 ? "needs_review" : "ready", {
        statusReason: reason("publish_stopped", live.length),
      });
      services.log.info("publish_answered", { draft_id: draft.id, answer, live: live.length });
      return { kind: "ok" };
    }
  }
  if (!answered) return { kind: "already" };
  const job = publishJobFor(draft, requestId);
  await services.env.PUBLISH_QUEUE.send(job);
  services.log.info("publish_answered", { draft_id: draft.id, answer, live: live.length });
  return { kind: "ok" };
}
