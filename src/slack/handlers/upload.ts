/**
 * Upload guideline modal: the submission only records and queues; fetching, checking and
 * indexing the file happen on the index queue (files can be 10 MB; Slack waits 3 s).
 */

import type { Physician } from "../../db/schema";
import { recordSlackRequest } from "../../db/slack-requests";
import { INPUTS } from "../ids";
import { lexicon } from "../lexicon";
import type { SlackView } from "../payloads/interaction";
import type { HandlerContext } from "./context";
import type { SubmissionReply } from "./submissions";
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
  await services.env.INDEX_QUEUE.send({
    type: "index_file",
    requestId: ctx.requestId,
    physicianId: physician.id,
    fileId,
  });
  services.log.info("upload_queued", { physician_id: physician.id, file_id: fileId });
  return null;
}
