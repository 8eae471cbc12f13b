/**
 * Dead-letter consumer: a job that used all its retries. Nothing is dropped silently — the
 * draft it belonged to is marked failed with a human reason (never "pending" forever),
 * and an error line is logged for the runbook's "high failure rate" playbook.
 */
import { and, eq, ne } from "drizzle-orm";
import { getDraft, transitionDraft } from "../db/drafts";
import { canTransition } from "../db/lifecycle";
import { getPhysician } from "../db/physicians";
import { publications } from "../db/schema";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import { refreshCard } from "../slack/card-sender";
import { sendDm } from "../slack/dm";
import { lexicon } from "../slack/lexicon";
import type { Job } from "./messages";

const REASONS: Record<Job["type"], string> = {
  generate: "Generation failed after several attempts. Press Retry to try again.",
  publish: "Publishing failed after several attempts. Check the platform credentials, then publish again.",
  index: "Indexing failed after several attempts.",
  index_file: "Indexing the uploaded file failed after several attempts.",
  rebuild_vectors: "Rebuilding vectors failed after several attempts.",
};

export async function handleDeadLetter(services: Services, job: Job, attempts: number): Promise<void> {
  const fields = { request_id: job.requestId, job_type: job.type, attempts };
  if (job.type === "index") {
    services.log.error("job_dead_lettered", { ...fields, source: job.document.source });
    return;
  }
  if (job.type === "rebuild_vectors") {
    services.log.error("job_dead_lettered", { ...fields, cursor: job.cursor ?? "", done: job.done });
    return;
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
        lx.reply.uploadFailed({ name: job.fileId, reason: REASONS.index_file }),
      );
    }
    return;
  }
  services.log.error("job_dead_lettered", { ...fields, draft_id: job.draftId });
  if (job.type === "publish") {
    // The platform never confirmed: the publication failed too (a published one stays).
    await services.db
      .update(publications)
      .set({ status: "failed", lastError: REASONS.publish, updatedAt: Date.now() })
      .where(
        and(
          eq(publications.draftId, job.draftId),
          eq(publications.platform, job.platform),
          ne(publications.status, "published"),
        ),
      );
  }
  const draft = await getDraft(services.db, job.draftId);
  if (!draft || !canTransition(draft.status, "failed")) return;
  // Only drafts still in flight are failed; one that finished meanwhile is left alone.
  if (draft.status !== "queued" && draft.status !== "generating" && draft.status !== "publishing") return;
  await transitionDraft(services.db, draft.id, draft.status, "failed", { statusReason: REASONS[job.type] });
  // The physician sees it: the card becomes the failure card with a Retry button.
  await refreshCard(services, draft.id).catch((err: unknown) =>
    services.log.warn("slack_card_failed", { draft_id: draft.id, error: errorMessage(err) }),
  );
}
