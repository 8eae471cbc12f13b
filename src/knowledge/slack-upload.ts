/**
 * A guideline uploaded in Slack (Upload guideline modal → index queue): fetched with the
 * bot token from a Slack URL only, checked (type, size, name), parsed, and indexed through
 * the same ingestion path as the index script into the uploader's own guidelines namespace
 * (searched with the shared base for their drafts only). The physician gets a DM with the
 * outcome — also when Slack refuses the file (missing scope, unauthorised download).
 */
import { z } from "zod";
import { getPhysician } from "../db/physicians";
import type { Physician } from "../db/schema";
import { PermanentError, TransientError } from "../queues/retry";
import type { Services } from "../services";
import { createSlackClient, slackCall } from "../slack/client";
import { sendDm } from "../slack/dm";
import { lexicon } from "../slack/lexicon";
import { ingestDocument } from "./ingest";
import { extractDocumentText, UnreadableDocumentError } from "./parse";
import { checkUpload, isSlackFileUrl, MAX_UPLOAD_BYTES, type UploadProblem } from "./upload-policy";

const fileInfoSchema = z.looseObject({
  id: z.string(),
  name: z.string().default(""),
  size: z.number().default(0),
  mimetype: z.string().optional(),
  url_private_download: z.string().optional(),
  url_private: z.string().optional(),
});

export interface SlackFileJob {
  requestId: string;
  physicianId: string;
  fileId: string;
}

export async function indexSlackFile(services: Services, job: SlackFileJob): Promise<void> {
  const physician = await getPhysician(services.db, job.physicianId);
  if (!physician) throw new PermanentError("upload for an unknown physician");
  try {
    await indexFor(services, physician, job);
  } catch (err) {
    // Retryable failures are retried (and DM'd from the dead-letter queue if they never
    // succeed); a permanent one is told to the physician now, then acked.
    if (err instanceof PermanentError) {
      const lx = lexicon(physician.language);
      const reason = lx.reply.uploadFailed({
        name: job.fileId,
        reason: lx.reason.upload_unreadable(""),
      });
      await sendDm(services, physician.slackUserId, reason).catch(() => undefined);
    }
    throw err;
  }
}

async function indexFor(services: Services, physician: Physician, job: SlackFileJob): Promise<void> {
  const lx = lexicon(physician.language);
  const slack = createSlackClient(services.config, { maxRateLimitWaitS: 5 });
  const info = await slackCall("files.info", () => slack.files.info({ file: job.fileId }));
  const file = fileInfoSchema.safeParse(info.file);
  if (!file.success) throw new PermanentError("files.info returned no usable file");

  const verdict = checkUpload({ name: file.data.name, size: file.data.size, mimetype: file.data.mimetype });
  if (!verdict.ok) return refuse(services, physician, file.data.name, verdict.problem);

  const url = file.data.url_private_download ?? file.data.url_private ?? "";
  if (!isSlackFileUrl(url, services.config.SLACK_API_URL)) {
    services.log.warn("upload_url_refused", { file_id: job.fileId });
    return refuse(services, physician, verdict.name, "name_invalid");
  }
  const bytes = await download(url, services.config.SLACK_BOT_TOKEN ?? "");
  if (bytes.byteLength > MAX_UPLOAD_BYTES) return refuse(services, physician, verdict.name, "too_large");

  let text: string;
  try {
    text = await extractDocumentText(verdict.format, bytes, services.pdf);
  } catch (err) {
    if (!(err instanceof UnreadableDocumentError)) throw err;
    await sendDm(
      services,
      physician.slackUserId,
      lx.reply.uploadFailed({ name: verdict.name, reason: err.message }),
    );
    return;
  }
  // Uploads belong to the physician who made them: their drafts cite them, nobody else's.
  const result = await ingestDocument(services, {
    collection: "guidelines",
    namespace: physician.id,
    source: `slack:${job.fileId}`,
    title: verdict.name.replace(/\.[^.]+$/, ""),
    text,
    metadata: { uploaded_by: physician.id, file_name: verdict.name, format: verdict.format },
  });
  services.log.info("upload_indexed", {
    physician_id: physician.id,
    file_id: job.fileId,
    status: result.status,
    chunks: result.chunks,
  });
  await sendDm(
    services,
    physician.slackUserId,
    lx.reply.uploadDone({ name: verdict.name, chunks: result.chunks }),
  );
}

async function download(url: string, token: string): Promise<Uint8Array> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: "manual" });
  if (res.status >= 500) throw new TransientError(`file download failed: HTTP ${res.status}`);
  // Slack answers an unauthorised download with a redirect to its sign-in page.
  const type = res.headers.get("content-type") ?? "";
  if (!res.ok || type.startsWith("text/html"))
    throw new PermanentError(`file download refused: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function refuse(
  services: Services,
  physician: Physician,
  name: string,
  problem: UploadProblem,
): Promise<void> {
  const lx = lexicon(physician.language);
  const reason =
    problem === "too_large"
      ? lx.reply.fileTooLarge({ maxMb: MAX_UPLOAD_BYTES / 1024 / 1024 })
      : problem === "wrong_type"
        ? lx.reply.fileWrongType({ allowed: "PDF, TXT, MD" })
        : lx.reply.fileNameInvalid;
  services.log.warn("upload_refused", { physician_id: physician.id, problem });
  await sendDm(services, physician.slackUserId, lx.reply.uploadFailed({ name, reason }));
}
