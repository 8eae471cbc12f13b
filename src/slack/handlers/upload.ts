/**
 * Upload guideline modal: the submission only records and queues; fetching, checking and
 * indexing the file happen on the index queue (files can be 10 MB; Slack waits 3 s). The
 * request key is recorded first (a retry or double submit queues once) and forgotten again
 * when queueing fails, so submitting the same form again still queues the file.
 */
import { eq } from "drizzle-orm";
import { type Physician, slackRequests } from "../../db/schema";
import { recordSlackRequest } from "../../db/slack-requests";
import { errorMessage } from "../../lib/log";
import { INPUTS } from "../ids";
import { lexicon } from "../lexicon";
import type { SlackView } from "../payloads/interaction";
import type { HandlerContext } from "./context";
import type { SubmissionReply } from "./submission-reply";
import { viewValues } from "./view-values";

export async function submitUpload(
  ctx: HandlerContext,
  physician: Physician,
  view: SlackView,
  requestKey: string,
): Promise<SubmissionReply> {
  const { services } = ctx;
  const lx = lexicon(physician.language);
  const [fileId] = viewValues.fileIds(view, INPUTS.file);
  if (!fileId) return { response_action: "errors", errors: { [INPUTS.file]: lx.reply.fileMissing } };
  if (!(await recordSlackRequest(services.db, requestKey, "upload"))) return null;
  try {
    await services.env.INDEX_QUEUE.send({
      type: "index_file",
      requestId: ctx.requestId,
      physicianId: physician.id,
      fileId,
    });
  } catch (err) {
    await services.db.delete(slackRequests).where(eq(slackRequests.key, requestKey));
    services.log.error("upload_not_queued", { physician_id: physician.id, error: errorMessage(err) });
    return { response_action: "errors", errors: { [INPUTS.file]: lx.reply.genericError } };
  }
  services.log.info("upload_queued", { physician_id: physician.id, file_id: fileId });
  return null;
}
