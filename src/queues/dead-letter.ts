/**
 * Dead-letter consumer: a job that used all its retries. Nothing is dropped silently — the
 * draft it belonged to gets a human reason (never "pending" forever), an error line is
 * logged for the runbook's "high failure rate" playbook, and the message itself is kept in
 * the dead-letter store (`dead-letter-store`) to be listed and replayed. A generation is marked failed
 * (Retry regenerates). A publish keeps the physician's text: its publication is marked
 * failed and the draft goes back to where it can be published again, as after a refusal.
 */

import { and, eq, not, notInArray, sql } from "drizzle-orm";
import { getDraft, transitionDraft } from "../db/drafts";
import { canTransition } from "../db/lifecycle";
import { getPhysician } from "../db/physicians";
import { publications } from "../db/schema";
import { reason } from "../db/status-reasons";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import { refreshCard } from "../slack/card-sender";
import { sendDm } from "../slack/dm";
import { lexicon } from "../slack/lexicon";
import { storeDeadLetter } from "./dead-letter-store";
import type { Job, PublishJob } from "./messages";
import { findPublication, PUBLISH_LEASE_MS } from "./publication-store";
import { returnAfterFailedPublish } from "./publish-consumer";

const REASONS: Record<Job["type"], string> = {
  generate: "Generation failed after several attempts. Press Retry to try again.",
  publish: "Publishing failed after several attempts. Check the platform credentials, then publish again.",
  index: "Indexing failed after several attempts.",
  index_file: "Indexing the uploaded file failed after several attempts.",
  rebuild_vectors: "Rebuilding vectors failed after several attempts.",
};

export async function handleDeadLetter(services: Services, job: Job, attempts: number): Promise<void> {
  const settled = await settle(services, job, attempts);
  const outcome = settled ? "settled" : "stored";
  // Kept after settling, so a settle that fails (and is retried) is not stored twice.
  await storeDeadLetter(services.db, job, attempts, outcome);
  services.metrics
    .with({
      draft: "draftId" in job ? job.draftId : undefined,
      physician: "physicianId" in job ? job.physicianId : undefined,
    })
    .write("dead_letter", { kind: job.type, outcome, attempts });
}

/** Gives the physician (or the log) the outcome; false when there is nothing to settle. */
async function settle(services: Services, job: Job, attempts: number): Promise<boolean> {
  const fields = { request_id: job.requestId, job_type: job.type, attempts };
  if (job.type === "index") {
    services.log.error("job_dead_lettered", { ...fields, source: job.document.source });
    return false;
  }
  if (job.type === "rebuild_vectors") {
    services.log.error("job_dead_lettered", { ...fields, cursor: job.cursor ?? "", done: job.done });
    return false;
  }
  if (job.type === "index_file") {
    services.log.error("job_dead_lettered", {
      ...fields,
      physician_id: job.physicianId,
      file_id: job.fileId,
    });
    const physician = await getPhysician(services.db, job.physicianId);
    if (physician) {
      const lx = lexicon(physician.language);
      await sendDm(
        services,
        physician.slackUserId,
        lx.reply.uploadFailed({ name: job.fileId, reason: lx.reason.upload_exhausted("") }),
      );
    }
    return false;
  }
  services.log.error("job_dead_lettered", { ...fields, draft_id: job.draftId });
  if (job.type === "publish") {
    await deadLetterPublish(services, job);
    return true;
  }
  const draft = await getDraft(services.db, job.draftId);
  if (!draft || !canTransition(draft.status, "failed")) return true;
  // Only a draft still being generated is failed; one that finished (or moved on to
  // publishing) meanwhile is left alone.
  if (draft.status !== "queued" && draft.status !== "generating") return true;
  await transitionDraft(services.db, draft.id, draft.status, "failed", {
    statusReason: reason("generation_exhausted"),
  });
  // The physician sees it: the card becomes the failure card with a Retry button.
  await refreshCard(services, draft.id).catch((err: unknown) =>
    services.log.warn("slack_card_failed", { draft_id: draft.id, error: errorMessage(err) }),
  );
  return true;
}

/**
 * The platform never confirmed: the publication is failed with the reason — unless it was
 * published meanwhile (the draft is then finished) or another delivery holds a live claim
 * on it (left to that attempt; the publish sweeper catches it if it dies too).
 */
async function deadLetterPublish(services: Services, job: PublishJob): Promise<void> {
  const { db } = services;
  const now = Date.now();
  const liveClaim = sql`(${publications.status} = 'publishing' AND ${publications.updatedAt} > ${now - PUBLISH_LEASE_MS})`;
  await db
    .update(publications)
    .set({ status: "failed", lastError: REASONS.publish, updatedAt: now })
    .where(
      and(
        eq(publications.draftId, job.draftId),
        eq(publications.platform, job.platform),
        // Published, or waiting for the physician's answer: not the dead letter's to fail.
        notInArray(publications.status, ["published", "uncertain", "waiting"]),
        not(liveClaim),
      ),
    );
  const draft = await getDraft(db, job.draftId);
  if (draft?.status !== "publishing" || draft.platform !== job.platform) return;
  const publication = await findPublication(db, draft.id, job.platform);
  let moved = false;
  if (publication?.status === "published") {
    moved = await transitionDraft(db, draft.id, "publishing", "published", { statusReason: null });
  } else if (publication?.status === "failed" || !publication) {
    moved = await returnAfterFailedPublish(db, draft, reason("publish_exhausted"));
  }
  if (!moved) return;
  await refreshCard(services, draft.id).catch((err: unknown) =>
    services.log.warn("slack_card_failed", { draft_id: draft.id, error: errorMessage(err) }),
  );
}
