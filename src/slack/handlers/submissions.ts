/**
 * Modal submissions (`view_submission`). Validation errors go back in the ack as
 * `response_action: "errors"` keyed by block id, so the physician fixes the field in
 * place; a valid submission is recorded and queued, and the modal closes.
 */
import { updatePhysicianSettings, upsertPhysician } from "../../db/physicians";
import type { Physician, Platform } from "../../db/schema";
import { isAllowed } from "../access";
import { refreshCard } from "../card-sender";
import { isPlatform, MAX_TOPIC_LENGTH, validSourceUrl } from "../draft-command";
import { CALLBACKS, INPUTS } from "../ids";
import { lexicon } from "../lexicon";
import { interactionTeamId, type ViewSubmission } from "../payloads/interaction";
import { isValidTimeZone, zonedTimeToEpoch } from "../time";
import type { HandlerContext } from "./context";
import { ownedDraft, saveEdit, schedule } from "./draft-actions";
import { publishHome } from "./home";
import { submitManualPost } from "./manual-post";
import { orderDraft } from "./order-draft";
import { outcomeText } from "./outcome-text";
import { submitUpload } from "./upload";
import { viewMetadata, viewValues } from "./view-values";

export type SubmissionReply = { response_action: "errors"; errors: Record<string, string> } | null;

const MAX_TEXT_LENGTH = 4000;

export async function handleViewSubmission(
  ctx: HandlerContext,
  payload: ViewSubmission,
): Promise<SubmissionReply> {
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
  const lx = lexicon(physician.language);
  const requestKey = `view:${teamId}:${view.id}`;
  const errors: Record<string, string> = {};

  switch (view.callback_id) {
    case CALLBACKS.generate: {
      const topic = viewValues.text(view, INPUTS.topic);
      const platform = platformOf(viewValues.option(view, INPUTS.platform), physician);
      const rawUrl = viewValues.text(view, INPUTS.sourceUrl);
      const sourceUrl = rawUrl ? validSourceUrl(rawUrl) : undefined;
      if (!topic) errors[INPUTS.topic] = lx.reply.topicMissing;
      else if (topic.length > MAX_TOPIC_LENGTH)
        errors[INPUTS.topic] = lx.reply.topicTooLong({ length: topic.length, max: MAX_TOPIC_LENGTH });
      if (rawUrl && !sourceUrl) errors[INPUTS.sourceUrl] = lx.reply.invalidUrl;
      if (Object.keys(errors).length) return { response_action: "errors", errors };
      const outcome = await orderDraft(services, {
        physician,
        topic,
        platform,
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
      const draftId = viewMetadata(view).draftId ?? "";
      const text = viewValues.text(view, INPUTS.text);
      const platform = platformOf(viewValues.option(view, INPUTS.platform), physician);
      if (!text) errors[INPUTS.text] = lx.reply.textEmpty;
      else if (text.length > MAX_TEXT_LENGTH)
        errors[INPUTS.text] = lx.reply.textTooLong({ max: MAX_TEXT_LENGTH });
      if (Object.keys(errors).length) return { response_action: "errors", errors };
      const owned = await ownedDraft(services, draftId, {
        slackTeamId: teamId,
        slackUserId: payload.user.id,
      });
      if ("kind" in owned)
        return {
          response_action: "errors",
          errors: { [INPUTS.text]: outcomeText(lx, owned) ?? lx.reply.genericError },
        };
      const outcome = await saveEdit(services, owned.draft, { text, platform, editedBy: payload.user.id });
      const problem = outcomeText(lx, outcome);
      if (problem) return { response_action: "errors", errors: { [INPUTS.text]: problem } };
      ctx.defer(refreshCard(services, draftId));
      return null;
    }

    case CALLBACKS.schedule: {
      const draftId = viewMetadata(view).draftId ?? "";
      const at = zonedTimeToEpoch(
        viewValues.date(view, INPUTS.date) ?? "",
        viewValues.time(view, INPUTS.time) ?? "",
        physician.timezone,
      );
      if (at === undefined)
        return { response_action: "errors", errors: { [INPUTS.date]: lx.reply.scheduleInvalid } };
      if (at <= Date.now() + 60_000)
        return { response_action: "errors", errors: { [INPUTS.time]: lx.reply.scheduleInPast } };
      const owned = await ownedDraft(services, draftId, {
        slackTeamId: teamId,
        slackUserId: payload.user.id,
      });
      if ("kind" in owned)
        return {
          response_action: "errors",
          errors: { [INPUTS.date]: outcomeText(lx, owned) ?? lx.reply.genericError },
        };
      const problem = outcomeText(lx, await schedule(services, owned.draft, at));
      if (problem) return { response_action: "errors", errors: { [INPUTS.date]: problem } };
      ctx.defer(refreshCard(services, draftId).then(() => publishHome(services, physician, 0)));
      return null;
    }

    case CALLBACKS.manualPost:
      return submitManualPost(ctx, physician, view, requestKey);

    case CALLBACKS.uploadGuideline:
      return submitUpload(ctx, physician, view, requestKey);

    case CALLBACKS.settings: {
      const timezone = viewValues.text(view, INPUTS.timezone);
      const language = viewValues.option(view, INPUTS.language);
      if (!isValidTimeZone(timezone))
        return { response_action: "errors", errors: { [INPUTS.timezone]: lx.reply.timezoneInvalid } };
      await updatePhysicianSettings(services.db, physician.id, {
        timezone,
        language: language === "uk" ? "uk" : "en",
        defaultPlatform: platformOf(viewValues.option(view, INPUTS.platform), physician),
      });
      const updated: Physician = { ...physician, timezone, language: language === "uk" ? "uk" : "en" };
      ctx.defer(
        publishHome(
          services,
          { ...updated, defaultPlatform: platformOf(viewValues.option(view, INPUTS.platform), physician) },
          0,
        ),
      );
      return null;
    }

    default:
      services.log.warn("slack_unknown_view", { callback_id: view.callback_id });
      return null;
  }
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
