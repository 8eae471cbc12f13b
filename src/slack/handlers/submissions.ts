/**
 * Modal submissions (`view_submission`). Validation errors go back in the ack as
 * `response_action: "errors"` keyed by block id, so the physician fixes the field in
 * place; a valid submission is recorded and queued, and the modal closes.
 */
import { upsertPhysician } from "../../db/physicians";
import { LANGUAGES, type Language, type Physician, type Platform } from "../../db/schema";
import { isAllowed } from "../access";
import { noticeModal } from "../blocks/notice";
import { refreshCard } from "../card-sender";
import { isPlatform, validSourceUrl } from "../draft-command";
import { CALLBACKS, INPUTS } from "../ids";
import { lexicon } from "../lexicon";
import { POST_TEXT_MAX, TOPIC_MAX } from "../limits";
import { mrkdwnToPlain } from "../mrkdwn";
import { interactionTeamId, type ViewSubmission } from "../payloads/interaction";
import { syncSlackProfile } from "../profile-sync";
import { zonedTimeToEpoch } from "../time";
import type { HandlerContext } from "./context";
import { cancelSchedule, ownedDraft, saveEdit, schedule, scoreEdit, softDelete } from "./draft-actions";
import { publishHome, refreshDraftView } from "./home";
import { submitManualPost } from "./manual-post";
import { orderDraft } from "./order-draft";
import { outcomeText } from "./outcome-text";
import { submitReview } from "./review";
import { submitSettings } from "./settings";
import { fieldError, type SubmissionReply } from "./submission-reply";
import { submitUpload } from "./upload";
import { viewMetadata, viewValues } from "./view-values";

export type { SubmissionReply } from "./submission-reply";

/** A field error is shown as plain text: lexicon mrkdwn is turned into plain words first. */
export async function handleViewSubmission(
  ctx: HandlerContext,
  payload: ViewSubmission,
): Promise<SubmissionReply> {
  const reply = await dispatchSubmission(ctx, payload);
  if (reply?.response_action !== "errors") return reply;
  const errors = Object.fromEntries(
    Object.entries(reply.errors).map(([id, text]) => [id, mrkdwnToPlain(text)]),
  );
  return { response_action: "errors", errors };
}

async function dispatchSubmission(ctx: HandlerContext, payload: ViewSubmission): Promise<SubmissionReply> {
  const { services } = ctx;
  const { view } = payload;
  const teamId = interactionTeamId(payload);
  if (!isAllowed(services.config, teamId, payload.user.id)) {
    return {
      response_action: "errors",
      errors: { [firstBlockId(view.callback_id)]: lexicon("en").reply.notAllowed },
    };
  }
  const physician = await upsertPhysician(services.db, { slackTeamId: teamId, slackUserId: payload.user.id });
  ctx.defer(syncSlackProfile(services, physician));
  const lx = lexicon(physician.language);
  const requestKey = `view:${teamId}:${view.id}`;
  const errors: Record<string, string> = {};

  switch (view.callback_id) {
    case CALLBACKS.generate: {
      const topic = viewValues.text(view, INPUTS.topic);
      const platform = platformOf(viewValues.option(view, INPUTS.platform), physician);
      const language = languageOf(viewValues.option(view, INPUTS.draftLanguage));
      const rawUrl = viewValues.text(view, INPUTS.sourceUrl);
      const sourceUrl = rawUrl ? validSourceUrl(rawUrl) : undefined;
      if (!topic) errors[INPUTS.topic] = lx.reply.topicMissing;
      else if (topic.length > TOPIC_MAX)
        errors[INPUTS.topic] = lx.reply.topicTooLong({ length: topic.length, max: TOPIC_MAX });
      if (rawUrl && !sourceUrl) errors[INPUTS.sourceUrl] = lx.reply.invalidUrl;
      if (Object.keys(errors).length) return { response_action: "errors", errors };
      const outcome = await orderDraft(services, {
        who: physician,
        topic,
        platform,
        ...(language ? { language } : {}),
        sourceUrl: sourceUrl ?? null,
        channelId: viewMetadata(view).channelId ?? null,
        requestKey,
        requestId: ctx.requestId,
      });
      if (outcome.kind === "rate_limited") {
        return {
          response_action: "errors",
          errors: { [INPUTS.topic]: lx.reply.rateLimited({ retryAfterSeconds: outcome.retryAfterS }) },
        };
      }
      return null;
    }

    case CALLBACKS.edit: {
      const metadata = viewMetadata(view);
      const draftId = metadata.draftId ?? "";
      const text = viewValues.longText(view, INPUTS.text, INPUTS.textMore, metadata.textJoiner);
      const platform = platformOf(viewValues.option(view, INPUTS.platform), physician);
      if (!text) errors[INPUTS.text] = lx.reply.textEmpty;
      else if (text.length > POST_TEXT_MAX)
        errors[INPUTS.text] = lx.reply.textTooLong({ max: POST_TEXT_MAX });
      if (Object.keys(errors).length) return { response_action: "errors", errors };
      const owned = await ownedDraft(services, draftId, {
        slackTeamId: teamId,
        slackUserId: payload.user.id,
      });
      if ("kind" in owned) return fieldError(INPUTS.text, outcomeText(lx, owned) ?? lx.reply.genericError);
      const outcome = await saveEdit(services, owned.draft, { text, platform, editedBy: payload.user.id });
      if (outcome.kind !== "ok")
        return fieldError(INPUTS.text, outcomeText(lx, outcome) ?? lx.reply.genericError);
      // The card is refreshed once, with the edit's voice score, after Slack has its answer.
      ctx.defer(
        // The physician submitting is the draft's owner (ownedDraft checked): their posts.
        scoreEdit(services, { draftId, version: outcome.version, text, author: physician }).then(() =>
          refreshAfterSubmit(ctx, draftId, metadata.parentViewId),
        ),
      );
      return null;
    }

    case CALLBACKS.schedule: {
      const metadata = viewMetadata(view);
      const draftId = metadata.draftId ?? "";
      const date = viewValues.date(view, INPUTS.date);
      const time = viewValues.time(view, INPUTS.time);
      if (!date || !time)
        return { response_action: "errors", errors: { [INPUTS.date]: lx.reply.scheduleInvalid } };
      const at = zonedTimeToEpoch(date, time, physician.timezone);
      if (at === undefined) {
        const noSuchTime = lx.reply.scheduleNoSuchTime({ timezone: physician.timezone });
        return { response_action: "errors", errors: { [INPUTS.time]: noSuchTime } };
      }
      if (at <= Date.now() + 60_000)
        return { response_action: "errors", errors: { [INPUTS.time]: lx.reply.scheduleInPast } };
      const owned = await ownedDraft(services, draftId, {
        slackTeamId: teamId,
        slackUserId: payload.user.id,
      });
      if ("kind" in owned) return fieldError(INPUTS.date, outcomeText(lx, owned) ?? lx.reply.genericError);
      const problem = outcomeText(lx, await schedule(services, owned.draft, at));
      if (problem) return { response_action: "errors", errors: { [INPUTS.date]: problem } };
      ctx.defer(
        refreshAfterSubmit(ctx, draftId, metadata.parentViewId).then(() => publishHome(services, physician)),
      );
      return null;
    }

    case CALLBACKS.review:
      return submitReview(ctx, physician, view, { slackTeamId: teamId, slackUserId: payload.user.id });

    case CALLBACKS.manualPost:
      return submitManualPost(ctx, physician, view, requestKey);

    case CALLBACKS.uploadGuideline:
      return submitUpload(ctx, physician, view, requestKey);

    case CALLBACKS.settings:
      return submitSettings(ctx, physician, view);

    case CALLBACKS.homeConfirm: {
      // Confirmed from App Home: delete the draft, or send a scheduled one back to ready.
      const metadata = viewMetadata(view);
      const owned = await ownedDraft(services, metadata.draftId ?? "", {
        slackTeamId: teamId,
        slackUserId: payload.user.id,
      });
      const outcome =
        "kind" in owned
          ? owned
          : metadata.kind === "cancel"
            ? await cancelSchedule(services, owned.draft)
            : await softDelete(services, owned.draft);
      const problem = outcomeText(lx, outcome);
      if (problem) return { response_action: "update", view: noticeModal(physician.language, problem) };
      if (!("kind" in owned) && metadata.kind === "cancel") ctx.defer(refreshCard(services, owned.draft.id));
      ctx.defer(publishHome(services, physician));
      return null;
    }

    default:
      services.log.warn("slack_unknown_view", { callback_id: view.callback_id });
      return null;
  }
}

/** The draft's card and, when the form was pushed over the App Home draft view, that view. */
async function refreshAfterSubmit(
  ctx: HandlerContext,
  draftId: string,
  parentViewId?: string,
): Promise<void> {
  await Promise.all([
    refreshCard(ctx.services, draftId),
    parentViewId ? refreshDraftView(ctx.services, draftId, { id: parentViewId }) : undefined,
  ]);
}

/** A language chosen in the form; `auto` (or anything else) leaves it to the topic. */
function languageOf(value: string | undefined): Language | undefined {
  return LANGUAGES.find((l) => l === value);
}

function platformOf(value: string | undefined, physician: Physician): Platform {
  return value && isPlatform(value) ? value : physician.defaultPlatform;
}

function firstBlockId(callbackId: string): string {
  return callbackId === CALLBACKS.edit
    ? INPUTS.text
    : callbackId === CALLBACKS.uploadGuideline
      ? INPUTS.file
      : INPUTS.topic;
}
