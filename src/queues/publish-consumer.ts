/**
 * Publish jobs: deliver a draft to one platform, each part at most once.
 *
 * - A draft is "published" only after the platform confirmed the post (the original set it
 *   before delivery). A publication row already `published` means a re-delivered job: no-op.
 * - Stale jobs do nothing: one for another platform or another version than the draft's.
 * - The publication row (draft × platform) is claimed with a compare-and-set on its status
 *   and attempt count, so two deliveries never post concurrently. A claim lasts the lease; a
 *   worker that died mid-post leaves it `publishing`, and a later delivery takes it over.
 * - Resume, never repeat (`publication-store`): live parts are kept, with a hash of their
 *   text, across retries *and* refusals. Publishing again continues after the last live
 *   part; if the text changed since, the row waits (`waiting`) and the card asks the
 *   physician. A part whose answer was lost is reconciled by the publisher before it is
 *   sent again; when that cannot settle it, the row is `uncertain` and the card asks.
 * - Rate limits with a scope (X's window or daily cap, Threads' quota, a Telegram chat) →
 *   the account is held and the post delayed to the reset (`publish-delay`): never
 *   dead-lettered for it. Other transient faults → `TransientError` (queue retries with
 *   backoff; `not_before` records when). Refusals and missing credentials → row `failed`,
 *   the draft back with the reason (`returnAfterFailedPublish`), `PermanentError`.
 * - What is posted is `draft-post`: text without citation markers plus the reader lines.
 * - After success the text joins the physician's style collection (the feedback loop).
 */

import { and, eq, isNull } from "drizzle-orm";
import { accountHoldKey, type Choice, pinnedDestination } from "../accounts/destination";
import { takeAccountSlot } from "../accounts/pace";
import { openTarget, reconnectError } from "../accounts/publish-target";
import { markReconnect } from "../accounts/store";
import type { Db } from "../db/client";
import { getDraft, transitionDraft } from "../db/drafts";
import { getPhysician, styleNamespaceOf } from "../db/physicians";
import { openClaims, publishVerdict, reviewState } from "../db/review-gate";
import { type Draft, type LivePart, type Platform, publications } from "../db/schema";
import { reason } from "../db/status-reasons";
import { ingestDocument } from "../knowledge/ingest";
import { errorMessage, type Logger } from "../lib/log";
import { accountUrl, publisherFor } from "../publishers";
import { draftPost } from "../publishers/draft-post";
import { encodeRefusal, refusalNote } from "../publishers/refusal";
import { PublishError, type PublishOptions, type PublishResult } from "../publishers/types";
import type { Services } from "../services";
import { isAllowed } from "../slack/access";
import { refreshCard } from "../slack/card-sender";
import { judgePublished, keepEditPair, styleMetadata } from "../voice/style-learning";
import { finishJobRun, type JobRun, startJobRun } from "./job-audit";
import type { PublishJob } from "./messages";
import {
  claimPublication,
  ensurePublication,
  findPublication,
  liveParts,
  markPosted,
  markSending,
  PUBLISH_LEASE_MS,
  type Publication,
  partHash,
  sameText,
  updateClaimed,
} from "./publication-store";
import { activeHold, deferPublish, setHold } from "./publish-delay";
import { backoffSeconds, PermanentError, TransientError } from "./retry";

export { ensurePublication, findPublication, PUBLISH_LEASE_MS };

export async function handlePublishJob(services: Services, job: PublishJob, attempt: number): Promise<void> {
  const log = services.log.child({ draft_id: job.draftId, platform: job.platform });
  const draft = await getDraft(services.db, job.draftId);
  if (!draft) {
    log.warn("publish_skipped", { reason: "draft_missing" });
    return;
  }
  if (
    job.platform !== draft.platform ||
    (job.version !== undefined && job.version !== draft.currentVersion)
  ) {
    log.warn("publish_skipped", {
      reason: "stale_job",
      job_version: job.version ?? 0,
      draft_version: draft.currentVersion,
      draft_platform: draft.platform,
    });
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
  if (existing?.status === "uncertain" || existing?.status === "waiting") {
    log.info("publish_skipped", { reason: "waiting_for_physician", publication: existing.status });
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
  const physician = await getPhysician(services.db, draft.physicianId);
  if (!physician) {
    log.warn("publish_skipped", { reason: "physician_missing" });
    return;
  }
  // Removed from the allow-list since the job was queued: held, handed back, not published.
  if (!isAllowed(services.config, physician.slackTeamId, physician.slackUserId)) {
    await transitionDraft(services.db, draft.id, "publishing", "ready", {
      statusReason: reason("scheduled_not_allowed"),
    });
    log.warn("publish_skipped", { reason: "not_allowed" });
    await refresh(services, draft.id, log);
    return;
  }
  // The account the post goes to: pinned by the first attempt, so a retry stays on it.
  const choice = await pinnedDestination(
    services.db,
    services.config,
    physician,
    job.platform,
    row.accountRef,
  );
  const key = accountHoldKey(choice, job.platform, services.config);
  const now = Date.now();
  if (await waitIfEarly(services, job, row, key, now, log)) return;
  const claimed = await claimPublication(services.db, row, now);
  if (!claimed) {
    // Check again once the holder's claim has expired (it was just taken if we lost a race).
    const claimedAt = row.status === "publishing" ? row.updatedAt : now;
    const waitS = Math.max(1, Math.ceil((claimedAt + PUBLISH_LEASE_MS - now) / 1000));
    log.info("publish_deferred", { reason: "claimed_elsewhere", wait_s: waitS });
    throw new TransientError("another attempt is publishing this post", waitS);
  }
  // Another attempt may have pinned the account between our read and our claim.
  const pinned =
    claimed.accountRef === row.accountRef
      ? choice
      : await pinnedDestination(services.db, services.config, physician, job.platform, claimed.accountRef);
  await attemptPublish(
    services,
    {
      job,
      draft,
      claimed,
      attempt,
      choice: pinned,
      holdKey: accountHoldKey(pinned, job.platform, services.config),
    },
    log,
  );
}

/**
 * A job that arrived before its row is due (a duplicate, or a delay longer than Queues
 * allow), or for an account on hold: sent again for the due time. True when deferred.
 */
async function waitIfEarly(
  services: Services,
  job: PublishJob,
  row: Publication,
  key: string,
  now: number,
  log: Logger,
): Promise<boolean> {
  const hold = await activeHold(services.db, key, now);
  const due = Math.max(row.notBefore ?? 0, hold?.until ?? 0);
  if (due <= now + 1000) return false;
  if (hold && (row.notBefore ?? 0) < hold.until && ["pending", "failed"].includes(row.status)) {
    await services.db
      .update(publications)
      .set({ notBefore: hold.until, lastError: reason("publish_delayed", hold.limit), updatedAt: now })
      .where(eq(publications.id, row.id));
    await refresh(services, job.draftId, log);
  }
  const delayS = await deferPublish(services, job, due);
  log.info("publish_deferred", { reason: hold ? hold.limit : "not_due", delay_s: delayS });
  return true;
}

interface Attempt {
  job: PublishJob;
  draft: Draft;
  claimed: Publication;
  attempt: number;
  /** Where the post goes (the physician's account, the clinic's, the local outbox). */
  choice: Choice;
  /** `publish_holds` key of that account. */
  holdKey: string;
}

async function attemptPublish(services: Services, a: Attempt, log: Logger): Promise<void> {
  const run = await startJobRun(services, "publish", a.draft, a.attempt);
  const started = Date.now();
  try {
    await publishAttempt(services, a, log, run, started);
  } catch (err) {
    // Whatever threw before the attempt was finished (a D1 write after the post, say), the
    // attempt is still counted once, as the queue will treat it.
    await finishJobRun(services.db, run, {
      status: err instanceof PermanentError ? "failed" : "retrying",
      started,
      error: errorMessage(err),
    }).catch((auditErr: unknown) => log.warn("job_audit_failed", { error: errorMessage(auditErr) }));
    throw err;
  }
}

async function publishAttempt(
  services: Services,
  a: Attempt,
  log: Logger,
  run: JobRun,
  started: number,
): Promise<void> {
  const { db } = services;
  const { job, draft, claimed } = a;
  const live: LivePart[] = liveParts(claimed);
  const inFlight = claimed.inFlight;
  const unclear = inFlight && inFlight.index === live.length ? inFlight : undefined;
  let partCount = 0;
  let body = "";
  let result: PublishResult;
  try {
    const post = await draftPost(db, draft, job.platform);
    if (!post) throw new PublishError("rejected", "The draft has no text to publish.");
    body = post.body;
    const parts = post.fit.formatted;
    partCount = parts.length;
    const hashes = await Promise.all(parts.map(partHash));
    if (!sameText(live, hashes)) {
      await askAboutChangedText(services, a, live.length, run, started, log);
      return;
    }
    if (claimed.accountRef === null && a.choice.kind !== "none") await pinAccount(db, claimed, a.choice.ref);
    const send = async (forceRefresh: boolean, sendOptions: PublishOptions = options) => {
      const target = await openTarget(services, a.choice, job.platform, { forceRefresh });
      const publisher = publisherFor(job.platform, services.config, { db, draftId: draft.id }, target);
      return publisher.publish(parts, `${draft.id}:${job.platform}`, sendOptions);
    };
    const options: PublishOptions = {
      alreadyPosted: live,
      ...(unclear ? { unclear: { at: unclear.at, ...(unclear.ref ? { ref: unclear.ref } : {}) } } : {}),
      onSending: async (index, ref) => {
        // Counted in the account's own Durable Object, once per part (Threads calls again
        // with its container: that is the same part). The local outbox has no pace.
        if (ref === undefined && a.choice.kind !== "outbox") {
          const partKey = `${draft.id}:${job.platform}:${index}:${hashes[index] ?? ""}`;
          await takeAccountSlot(services.env, services.config, job.platform, a.holdKey, partKey);
        }
        const marked = { index, hash: hashes[index] ?? "", at: Date.now(), ...(ref ? { ref } : {}) };
        // Another attempt took the row over (this one outlived its lease): stop before posting.
        if (!(await markSending(db, claimed, marked))) {
          throw new PublishError("transient", "Another attempt took over this post.");
        }
      },
      onPosted: async (posted) => {
        const withHashes = posted.map((p, i) => ({ ...p, hash: live[i]?.hash || (hashes[i] ?? "") }));
        live.splice(0, live.length, ...withHashes);
        await markPosted(db, claimed, withHashes);
      },
    };
    result = await sendRenewingSignIn(services, a.choice, send, () => ({
      ...options,
      alreadyPosted: [...live],
    }));
  } catch (err) {
    const progress = { live, partCount, run, started, unclearIndex: unclear?.index };
    await handleFailure(services, a, asPublishError(err, log), progress, log);
    return;
  }

  // The platform confirmed: only now is anything marked published.
  await db
    .update(publications)
    .set({
      status: "published",
      externalId: result.externalId,
      url: result.url,
      parts: result.parts.map((p, i) => ({ ...p, hash: live[i]?.hash ?? "" })),
      inFlight: null,
      publishedAt: Date.now(),
      lastError: null,
      updatedAt: Date.now(),
    })
    .where(eq(publications.id, claimed.id));
  if (!(await transitionDraft(db, draft.id, "publishing", "published", { statusReason: null }))) {
    log.warn("publish_draft_moved", { reason: "draft left publishing while posting" });
  }
  await finishJobRun(db, run, {
    status: "succeeded",
    started,
    publish: { outcome: "published", parts: result.parts.length },
  });
  log.info("post_published", { parts: result.parts.length, duration_ms: Date.now() - started });
  await refresh(services, draft.id, log);
  await indexPublished(services, draft, body, job.platform, log);
}

/** Some parts are live and the text changed since: the physician decides on the card. */
async function askAboutChangedText(
  services: Services,
  a: Attempt,
  liveCount: number,
  run: JobRun,
  started: number,
  log: Logger,
): Promise<void> {
  await updateClaimed(services.db, a.claimed, {
    status: "waiting",
    lastError: reason("publish_changed", liveCount),
  });
  await finishJobRun(services.db, run, {
    status: "failed",
    started,
    error: "text changed after parts went live",
    publish: { outcome: "waiting", parts: liveCount },
  });
  log.warn("publish_waiting", { reason: "text_changed", live: liveCount });
  await refresh(services, a.draft.id, log);
}

interface Progress {
  live: LivePart[];
  partCount: number;
  run: JobRun;
  started: number;
  /** The part an earlier attempt left unconfirmed, if this attempt started with one. */
  unclearIndex: number | undefined;
}

async function handleFailure(
  services: Services,
  a: Attempt,
  failure: PublishError,
  progress: Progress,
  log: Logger,
): Promise<void> {
  const { db } = services;
  const { draft, claimed, job } = a;
  const { run, started } = progress;
  const parts = progress.partCount;
  const posted = progress.live.length;
  // A definite answer (refused, rate limited) means the part did not go out — unless an
  // earlier attempt left that part unconfirmed: that doubt stays for the next attempt.
  const stillUnclear = failure.outcomeUnknown || progress.unclearIndex === posted;
  const inFlight = stillUnclear ? {} : { inFlight: null };

  if (failure.kind === "uncertain") {
    await updateClaimed(db, claimed, {
      status: "uncertain",
      lastError: reason(
        "publish_uncertain",
        [
          `${posted + 1}/${progress.partCount}`,
          a.choice.kind === "own" ? a.choice.account.url : accountUrl(job.platform, services.config),
        ]
          .filter(Boolean)
          .join(" "),
      ),
    });
    await finishJobRun(db, run, {
      status: "failed",
      started,
      error: failure.message,
      publish: { outcome: "uncertain", parts },
    });
    log.warn("publish_uncertain", { posted, detail: failure.message });
    await refresh(services, draft.id, log);
    return;
  }
  if (failure.kind === "rate_limited" && failure.extra.scope) {
    const until = Date.now() + (failure.retryAfterS ?? 60) * 1000;
    // Limits are the account's: held under the key of the account this post went to.
    await setHold(db, { ...failure.extra.scope, key: a.holdKey }, until);
    await updateClaimed(db, claimed, {
      status: "pending",
      notBefore: until,
      lastError: reason("publish_delayed", failure.extra.scope.limit),
      ...inFlight,
    });
    const delayS = await deferPublish(services, job, until);
    await finishJobRun(db, run, {
      status: "retrying",
      started,
      error: failure.message,
      publish: { outcome: "delayed", cause: failure.extra.scope.limit, parts },
    });
    log.warn("publish_delayed", { limit: failure.extra.scope.limit, delay_s: delayS, posted });
    await refresh(services, draft.id, log);
    return;
  }
  if (failure.retryable) {
    const delayS = backoffSeconds(services.config.RETRY_BASE_DELAY_S, a.attempt, failure.retryAfterS);
    await updateClaimed(db, claimed, {
      status: "pending",
      lastError: failure.message,
      notBefore: Date.now() + delayS * 1000,
      ...inFlight,
    });
    await finishJobRun(db, run, {
      status: "retrying",
      started,
      error: failure.message,
      publish: { outcome: "retrying", cause: failure.kind, parts },
    });
    log.warn("publish_retry", { kind: failure.kind, retry_after_s: failure.retryAfterS, posted });
    throw new TransientError(failure.message, failure.retryAfterS);
  }
  const partial = posted > 0 ? ` ${posted} of ${progress.partCount} parts are live.` : "";
  const detail = `${failure.message}${partial}`;
  await updateClaimed(db, claimed, {
    status: "failed",
    lastError: refusalNote(failure.refusal, detail),
    ...inFlight,
  });
  const refusal = { platform: job.platform, cause: failure.refusal, live: posted, total: progress.partCount };
  await returnAfterFailedPublish(db, draft, reason("publish_refused", encodeRefusal(refusal)));
  await finishJobRun(db, run, {
    status: "failed",
    started,
    error: detail,
    publish: { outcome: "failed", cause: failure.refusal, parts },
  });
  // The platform's own words for operators (built without URLs or tokens; see types.ts).
  log.warn("publish_failed", { kind: failure.kind, cause: failure.refusal, posted, error: detail });
  await refresh(services, draft.id, log);
  throw new PermanentError(detail);
}

/**
 * A draft whose publishing failed for good goes back to the physician with the reason:
 * to `needs_review` while its current version has a claim that is not `supported`, else to
 * `ready`. False when the draft had already left `publishing`.
 * `statusReason` is an encoded reason (`reason(...)` from db/status-reasons).
 */
export async function returnAfterFailedPublish(db: Db, draft: Draft, statusReason: string): Promise<boolean> {
  const doubtful = await openClaims(db, draft);
  return transitionDraft(db, draft.id, "publishing", doubtful.length > 0 ? "needs_review" : "ready", {
    statusReason,
  });
}

/** Anything that is not a platform answer (D1, a bug) is treated as transient and logged. */
function asPublishError(err: unknown, log: Logger): PublishError {
  if (err instanceof PublishError) return err;
  log.error("publish_unexpected_error", { error: errorMessage(err) });
  return new PublishError("transient", "Publishing was interrupted by an internal error.", undefined, {
    outcomeUnknown: true,
  });
}

/**
 * The feedback loop: what the physician wrote or rewrote becomes a style example, in the
 * namespace style retrieval reads for them (their id unless linked to another); an edit is
 * kept for lessons; text the model wrote and nobody edited teaches nothing
 * (voice/style-learning). Never fails the job.
 */
async function indexPublished(
  services: Services,
  draft: Draft,
  text: string,
  platform: Platform,
  log: Logger,
): Promise<void> {
  try {
    const voice = await judgePublished(services.db, draft, text);
    await keepEditPair(services.db, draft, platform, voice, text);
    const { lesson } = voice;
    if (!lesson.learn) {
      log.info("published_post_not_learned", { why: lesson.why, edit_ratio: lesson.editRatio });
      return;
    }
    const physician = await getPhysician(services.db, draft.physicianId);
    const indexed = await ingestDocument(services, {
      collection: "style",
      namespace: physician ? styleNamespaceOf(physician) : draft.physicianId,
      source: `published:${draft.id}`,
      title: draft.topic,
      text,
      postMetadata: [styleMetadata(lesson, platform, text, Date.now())],
    });
    log.info("published_post_indexed", {
      status: indexed.status,
      chunks: indexed.chunks,
      origin: lesson.origin,
      weight: lesson.weight,
    });
  } catch (err) {
    log.warn("published_post_index_failed", { error: errorMessage(err) });
  }
}

async function refresh(services: Services, draftId: string, log: Logger): Promise<void> {
  await refreshCard(services, draftId).catch((err: unknown) =>
    log.warn("slack_card_failed", { error: errorMessage(err) }),
  );
}

/** Records the account a publication goes to (once: a concurrent pin keeps the first). */
async function pinAccount(db: Db, claimed: Publication, ref: string): Promise<void> {
  await db
    .update(publications)
    .set({ accountRef: ref })
    .where(and(eq(publications.id, claimed.id), isNull(publications.accountRef)));
}

/**
 * Posts; when the platform refuses the physician's own sign-in, renews it once (X) and sends
 * the rest again. A sign-in refused after that — or any refusal of a Threads or Telegram
 * account's sign-in — marks the account for reconnecting: no retry storm, one clear card.
 */
async function sendRenewingSignIn(
  services: Services,
  choice: Choice,
  send: (forceRefresh: boolean, options?: PublishOptions) => Promise<PublishResult>,
  retryOptions: () => PublishOptions,
): Promise<PublishResult> {
  try {
    return await send(false);
  } catch (err) {
    if (!(err instanceof PublishError) || err.refusal !== "credentials" || choice.kind !== "own") throw err;
    const account = choice.account;
    // Telegram's 401 is about the product's bot token: no physician can reconnect that.
    if (account.platform === "telegram") throw err;
    if (account.platform === "x") {
      try {
        return await send(true, retryOptions());
      } catch (retryErr) {
        if (!(retryErr instanceof PublishError) || retryErr.refusal !== "credentials") throw retryErr;
      }
    }
    const why = `${account.platform === "x" ? "X" : "Threads"} refused the sign-in (revoked or expired)`;
    await markReconnect(services.db, account, why);
    throw reconnectError(account, why);
  }
}
