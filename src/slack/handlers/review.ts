/**
 * Reviewing a draft whose claims the check did not support: the review modal opens from
 * the card's Review button (or from Publish / Schedule on a draft that turns out to need
 * review), and its submission records the physician's confirmation for this exact version,
 * then publishes now or schedules. Without the ticked confirmation, for a version that
 * changed meanwhile, or while the text cites never-retrieved PMIDs/DOIs, nothing happens
 * and the modal says why.
 */
import type { ModalView } from "slack-web-api-client";
import { confirmReview, publishVerdict, reviewState } from "../../db/review-gate";
import type { Physician } from "../../db/schema";
import { REVIEW_ACK, REVIEW_SCHEDULE, reviewModal } from "../blocks/review-modal";
import { loadDraftCard } from "../card-model";
import { refreshCard } from "../card-sender";
import { INPUTS } from "../ids";
import { lexicon } from "../lexicon";
import type { SlackView } from "../payloads/interaction";
import { localDateTimeParts, nextSensibleSlot, zonedTimeToEpoch } from "../time";
import type { HandlerContext } from "./context";
import { type Actor, ownedDraft, publishNow, schedule } from "./draft-actions";
import { publishHome } from "./home";
import { outcomeText } from "./outcome-text";
import { fieldError, type SubmissionReply } from "./submission-reply";
import { viewMetadata, viewValues } from "./view-values";

/** The review modal for a draft, or undefined when it cannot be loaded. */
export async function reviewView(ctx: HandlerContext, draftId: string): Promise<ModalView | undefined> {
  const loaded = await loadDraftCard(ctx.services.db, draftId, ctx.services.config);
  if (!loaded) return undefined;
  const { scheduledAt } = loaded.draft;
  const initial =
    scheduledAt !== null
      ? localDateTimeParts(scheduledAt, loaded.physician.timezone)
      : nextSensibleSlot(Date.now(), loaded.physician.timezone);
  return reviewModal(loaded.model, { initialDate: initial.date, initialTime: initial.time });
}

export async function submitReview(
  ctx: HandlerContext,
  physician: Physician,
  view: SlackView,
  actor: Actor,
): Promise<SubmissionReply> {
  const { services } = ctx;
  const lx = lexicon(physician.language);
  const metadata = viewMetadata(view);
  const owned = await ownedDraft(services, metadata.draftId ?? "", actor);
  if ("kind" in owned) return fieldError(INPUTS.reviewAck, outcomeText(lx, owned) ?? lx.reply.genericError);
  const { draft } = owned;
  if (String(draft.currentVersion) !== metadata.version)
    return fieldError(INPUTS.reviewAck, lx.check.reply.changed);
  if (!viewValues.checked(view, INPUTS.reviewAck).includes(REVIEW_ACK))
    return fieldError(INPUTS.reviewAck, lx.check.reply.ackMissing);
  const state = await reviewState(services.db, draft);
  if (publishVerdict(state) === "blocked")
    return fieldError(INPUTS.reviewAck, lx.check.reply.blocked({ citations: state.blocking.join(", ") }));

  let at: number | undefined;
  if (viewValues.option(view, INPUTS.reviewWhen) === REVIEW_SCHEDULE) {
    const date = viewValues.date(view, INPUTS.date);
    const time = viewValues.time(view, INPUTS.time);
    if (!date || !time) return fieldError(INPUTS.date, lx.check.reply.scheduleMissing);
    at = zonedTimeToEpoch(date, time, physician.timezone);
    if (at === undefined)
      return fieldError(INPUTS.time, lx.reply.scheduleNoSuchTime({ timezone: physician.timezone }));
    if (at <= Date.now() + 60_000) return fieldError(INPUTS.time, lx.reply.scheduleInPast);
  }

  if (!(await confirmReview(services.db, draft, draft.currentVersion, actor.slackUserId)))
    return fieldError(INPUTS.reviewAck, lx.check.reply.changed);
  services.log.info("draft_review_confirmed", {
    draft_id: draft.id,
    version: draft.currentVersion,
    unresolved: state.unresolved.length,
  });
  // The gate re-reads the version (now confirmed); status and version are as read above.
  const outcome =
    at === undefined
      ? await publishNow(services, draft, owned.physician, `view:${actor.slackTeamId}:${view.id}`)
      : await schedule(services, draft, at);
  const problem = outcomeText(lx, outcome);
  if (problem) return fieldError(INPUTS.reviewAck, problem);
  ctx.defer(refreshCard(services, draft.id).then(() => publishHome(services, physician)));
  return null;
}
