/**
 * Publish jobs: deliver a draft to one platform, at most once.
 *
 * - A draft is "published" only after the platform confirmed the post (the original set it
 *   before delivery). A publication row already `published` means a re-delivered job: no-op.
 * - The publication row (draft × platform) is claimed with a compare-and-set on its status
 *   and attempt count, so two deliveries never post concurrently. A claim lasts LEASE_MS; a
 *   worker that died mid-post leaves it `publishing`, and a later delivery takes it over.
 * - Thread progress is durable: while a row is not yet `published`, `external_id` holds the
 *   comma-separated ids of the parts already live, and a retry resumes after them instead of
 *   posting them again. Once published it holds the post's (first part's) id.
 * - Rate limits and outages → row back to `pending`, `TransientError` (the queue retries,
 *   honouring Retry-After). Refusals and missing credentials → row `failed`, the draft back
 *   with the reason (edit and publish again), `PermanentError`: to `needs_review` while its
 *   text has claims the check did not support, else to `ready` (`returnAfterFailedPublish`,
 *   shared with the dead-letter queue and the publish sweeper).
 * - What is posted has no `[n]` citation markers; under the text readers get, in order, the
 *   crisis-resource line (safe-messaging drafts, unless the text carries it), the
 *   physician's disclaimer for the platform and the cited sources (`publishers/reader-
 *   lines`), in the last part or a final part of their own (`publishers/post-assembly`).
 * - After success the text joins the physician's style collection (the feedback loop).
 */

import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { getCurrentText, getDraft, transitionDraft } from "../db/drafts";
import { getPhysician, styleNamespaceOf } from "../db/physicians";
import { openClaims, publishVerdict, reviewState } from "../db/review-gate";
import { citations, type Draft, type Physician, PLATFORMS, type Platform, publications } from "../db/schema";
import { reason } from "../db/status-reasons";
import { ingestDocument } from "../knowledge/ingest";
import { errorMessage, type Logger } from "../lib/log";
import { stripCitationMarkers } from "../pipeline/platform-fit";
import { crisisLine } from "../pipeline/safe-messaging";
import { createPublisher } from "../publishers";
import { assemblePost } from "../publishers/post-assembly";
import { type ReaderBlock, readerBlocks } from "../publishers/reader-lines";
import { PublishError, type PublishResult } from "../publishers/types";
import type { Services } from "../services";
import { refreshCard } from "../slack/card-sender";
import { finishJobRun, startJobRun } from "./job-audit";
import type { PublishJob } from "./messages";
import { PermanentError, TransientError } from "./retry";

/** How long a claim protects an attempt; a queue consumer runs for at most 15 minutes. */
export const PUBLISH_LEASE_MS = 15 * 60 * 1000;

type Publication = typeof publications.$inferSelect;

export async function handlePublishJob(services: Services, job: PublishJob, attempt: number): Promise<void> {
  const log = services.log.child({ draft_id: job.draftId, platform: job.platform });
  const draft = await getDraft(services.db, job.draftId);
  if (!draft) {
    log.warn("publish_skipped", { reason: "draft_missing" });
    return;
  }
  const existing = await findPublication(services.db, draft.id, job.platform);
  if (existing?.status === "published") {
    // Posted already; finish the draft if the attempt that posted stopped right after.
    if (draft.status === "publishing") {
      await transitionDraft(services.db, draft.id, "publishing", "published", { statusReason: null });
      await refresh(services, draft.id, log);
    }
    log.info("publish_skipped", { reason: "already_published" });
    return;
  }
  if (draft.status !== "publishing") {
    log.info("publish_skipped", { reason: "not_publishing", status: draft.status });
    return;
  }
  // Last line of defence: the text is frozen while publishing, and nothing unconfirmed or
  // citing never-retrieved sources goes out, whichever path queued the job.
  const gate = publishVerdict(await reviewState(services.db, draft));
  if (gate !== "ok") {
    await transitionDraft(services.db, draft.id, "publishing", "needs_review", {
      statusReason: reason("review_required"),
    });
    log.warn("publish_refused_by_review_gate", { verdict: gate });
    await refresh(services, draft.id, log);
    return;
  }
  const row = existing ?? (await ensurePublication(services.db, draft.id, job.platform));
  const now = Date.now();
  const claimed = await claimPublication(services.db, row, now);
  if (!claimed) {
    // Check again once the holder's claim has expired (it was just taken if we lost a race).
    const claimedAt = row.status === "publishing" ? row.updatedAt : now;
    const waitS = Math.max(1, Math.ceil((claimedAt + PUBLISH_LEASE_MS - now) / 1000));
    log.info("publish_deferred", { reason: "claimed_elsewhere", wait_s: waitS });
    throw new TransientError("another attempt is publishing this post", waitS);
  }

  const runId = await startJobRun(services.db, "publish", draft.id, attempt);
  const started = Date.now();
  const progress = splitIds(claimed.externalId);
  let partCount = 0;
  let text = "";
  let result: PublishResult;
  try {
    const raw = (await getCurrentText(services.db, draft))?.trim() ?? "";
    if (!raw) throw new PublishError("rejected", "The draft has no text to publish.");
    // The style index learns the post as readers saw it: no markers, no reader lines.
    text = stripCitationMarkers(raw).trim();
    const blocks = await readerBlocksFor(services.db, draft, job.platform, text);
    const fit = assemblePost(job.platform, raw, blocks);
    partCount = fit.formatted.length;
    const publisher = createPublisher(job.platform, services.config);
    result = await publisher.publish(fit.formatted, `${draft.id}:${job.platform}`, {
      alreadyPosted: progress.slice(0, partCount),
      onPosted: async (ids) => {
        progress.splice(0, progress.length, ...ids);
        await saveProgress(services.db, claimed, ids);
      },
    });
  } catch (err) {
    const failure = asPublishError(err, log);
    const posted = progress.length;
    if (failure.retryable) {
      await setOutcome(services.db, claimed, "pending", failure.message);
      await finishJobRun(services.db, runId, { status: "retrying", started, error: failure.message });
      log.warn("publish_retry", { kind: failure.kind, retry_after_s: failure.retryAfterS, posted });
      throw new TransientError(failure.message, failure.retryAfterS);
    }
    const partial = posted > 0 ? ` ${posted} of ${partCount} parts were already posted.` : "";
    const detail = `${failure.message}${partial}`;
    await setOutcome(services.db, claimed, "failed", detail);
    await returnAfterFailedPublish(services.db, draft, reason("publish_refused", detail));
    await finishJobRun(services.db, runId, { status: "failed", started, error: detail });
    log.warn("publish_failed", { kind: failure.kind, posted });
    await refresh(services, draft.id, log);
    throw new PermanentError(detail);
  }

  // The platform confirmed: only now is anything marked published.
  await services.db
    .update(publications)
    .set({
      status: "published",
      externalId: result.externalId,
      url: result.url,
      publishedAt: Date.now(),
      lastError: null,
      updatedAt: Date.now(),
    })
    .where(eq(publications.id, claimed.id));
  if (!(await transitionDraft(services.db, draft.id, "publishing", "published", { statusReason: null }))) {
    log.warn("publish_draft_moved", { reason: "draft left publishing while posting" });
  }
  await finishJobRun(services.db, runId, { status: "succeeded", started });
  log.info("post_published", { parts: result.partIds.length, duration_ms: Date.now() - started });
  await refresh(services, draft.id, log);
  await indexPublished(services, draft, text, job.platform, log);
}

/**
 * A draft whose publishing failed for good goes back to the physician with the reason:
 * to `needs_review` while its current version has a claim that is not `supported`, else to
 * `ready`. False when the draft had already left `publishing`.
 */
/** `statusReason` is an encoded reason (`reason(...)` from db/status-reasons). */
export async function returnAfterFailedPublish(db: Db, draft: Draft, statusReason: string): Promise<boolean> {
  const doubtful = await openClaims(db, draft);
  return transitionDraft(db, draft.id, "publishing", doubtful.length > 0 ? "needs_review" : "ready", {
    statusReason,
  });
}

/**
 * The reader blocks under this post: the crisis line for a safe-messaging draft, the
 * physician's disclaimer for the platform, and the current version's citations in
 * citation order (with or without a link: guidelines are named).
 */
async function readerBlocksFor(
  db: Db,
  draft: Draft,
  platform: Platform,
  body: string,
): Promise<ReaderBlock[]> {
  const sources = await db
    .select({ kind: citations.kind, ref: citations.ref, title: citations.title, url: citations.url })
    .from(citations)
    .where(and(eq(citations.draftId, draft.id), eq(citations.version, draft.currentVersion)))
    .orderBy(asc(citations.number), asc(citations.id));
  const physician = await getPhysician(db, draft.physicianId);
  const language = physician?.language ?? "en";
  const crisis =
    draft.safety === "safe_messaging"
      ? crisisLine({
          country: physician?.country ?? null,
          crisisLine: physician?.crisisLine ?? null,
          language,
        })
      : null;
  return readerBlocks({
    platform,
    language,
    body,
    crisisLine: crisis,
    disclaimer: disclaimerFor(physician, platform),
    sources,
  });
}

const disclaimersSchema = z.partialRecord(z.enum(PLATFORMS), z.string());

/** The physician's disclaimer for `platform`; a malformed stored value reads as none. */
function disclaimerFor(physician: Physician | undefined, platform: Platform): string | null {
  const parsed = disclaimersSchema.safeParse(physician?.disclaimers ?? {});
  return parsed.success ? (parsed.data[platform] ?? null) : null;
}

export async function findPublication(
  db: Db,
  draftId: string,
  platform: Platform,
): Promise<Publication | undefined> {
  return db.query.publications.findFirst({
    where: and(eq(publications.draftId, draftId), eq(publications.platform, platform)),
  });
}

/** The pending row for (draft, platform); an existing row is kept as it is. */
export async function ensurePublication(db: Db, draftId: string, platform: Platform): Promise<Publication> {
  await db.insert(publications).values({ draftId, platform, status: "pending" }).onConflictDoNothing();
  const row = await findPublication(db, draftId, platform);
  if (!row) throw new Error("publication row missing after insert");
  return row;
}

/**
 * pending | failed | expired `publishing` → publishing, as a compare-and-set on status and
 * attempt count. A `failed` row starts a new episode (its old thread progress is dropped).
 */
async function claimPublication(db: Db, row: Publication, now: number): Promise<Publication | undefined> {
  if (row.status === "published") return undefined;
  if (row.status === "publishing" && now - row.updatedAt < PUBLISH_LEASE_MS) return undefined;
  const [claimed] = await db
    .update(publications)
    .set({
      status: "publishing",
      attempts: row.attempts + 1,
      externalId: row.status === "failed" ? null : row.externalId,
      lastError: null,
      updatedAt: now,
    })
    .where(
      and(
        eq(publications.id, row.id),
        eq(publications.status, row.status),
        eq(publications.attempts, row.attempts),
      ),
    )
    .returning();
  return claimed;
}

/** Records the parts that are live, while this attempt still owns the claim. */
async function saveProgress(db: Db, claimed: Publication, ids: string[]): Promise<void> {
  await db
    .update(publications)
    .set({ externalId: ids.join(","), updatedAt: Date.now() })
    .where(
      and(
        eq(publications.id, claimed.id),
        eq(publications.status, "publishing"),
        eq(publications.attempts, claimed.attempts),
      ),
    );
}

async function setOutcome(
  db: Db,
  claimed: Publication,
  status: "pending" | "failed",
  lastError: string,
): Promise<void> {
  await db
    .update(publications)
    .set({ status, lastError, updatedAt: Date.now() })
    .where(
      and(
        eq(publications.id, claimed.id),
        eq(publications.status, "publishing"),
        eq(publications.attempts, claimed.attempts),
      ),
    );
}

function splitIds(value: string | null): string[] {
  return (value ?? "").split(",").filter(Boolean);
}

/** Anything that is not a platform answer (D1, a bug) is treated as transient and logged. */
function asPublishError(err: unknown, log: Logger): PublishError {
  if (err instanceof PublishError) return err;
  log.error("publish_unexpected_error", { error: errorMessage(err) });
  return new PublishError("transient", "Publishing was interrupted by an internal error.");
}

/**
 * The feedback loop: the published text becomes a style example, in the namespace style
 * retrieval reads for this physician (their id unless linked to another). Never fails the job.
 */
async function indexPublished(
  services: Services,
  draft: Draft,
  text: string,
  platform: Platform,
  log: Logger,
): Promise<void> {
  try {
    const physician = await getPhysician(services.db, draft.physicianId);
    const indexed = await ingestDocument(services, {
      collection: "style",
      namespace: physician ? styleNamespaceOf(physician) : draft.physicianId,
      source: `published:${draft.id}`,
      title: draft.topic,
      text,
      postMetadata: [{ platform, date: new Date().toISOString().slice(0, 10) }],
    });
    log.info("published_post_indexed", { status: indexed.status, chunks: indexed.chunks });
  } catch (err) {
    log.warn("published_post_index_failed", { error: errorMessage(err) });
  }
}

async function refresh(services: Services, draftId: string, log: Logger): Promise<void> {
  await refreshCard(services, draftId).catch((err: unknown) =>
    log.warn("slack_card_failed", { error: errorMessage(err) }),
  );
}
