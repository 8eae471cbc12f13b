/**
 * Button clicks (`block_actions`) on draft cards, App Home and the draft view modal opened
 * from it. Ownership and state are checked for every click; modals open inline (trigger ids
 * expire in 3 s); card and home refreshes run after the ack. A click inside a modal pushes
 * its form or notice onto that modal (`views.push`, Slack's way to stack a view on an open
 * modal; at most two) and, after a change, shows the refreshed card in it (`views.update`
 * with the view's hash).
 */
import type { ModalView } from "slack-web-api-client";
import { getDraft } from "../../db/drafts";
import { upsertPhysician } from "../../db/physicians";
import type { Physician } from "../../db/schema";
import type { QuickEdit } from "../../pipeline/rewrite";
import { draftPost } from "../../publishers/draft-post";
import { deletePreference } from "../../voice/lessons";
import { isAllowed } from "../access";
import { type CardMenuVerb, parseCardMenuValue, parseQuickEditValue } from "../blocks/draft-card";
import { HOME_SECTIONS, type HomeRowVerb, parseRowMenuValue } from "../blocks/home";
import {
  draftViewModal,
  editModal,
  generateModal,
  homeConfirmModal,
  manualPostModal,
  scheduleModal,
  settingsModal,
  uploadGuidelineModal,
} from "../blocks/modals";
import type { HomeSection } from "../blocks/models";
import { noticeModal } from "../blocks/notice";
import { previewModal } from "../blocks/preview-modal";
import { parseRestoreValue, versionsModal } from "../blocks/versions-modal";
import { loadDraftCard } from "../card-model";
import { refreshCard } from "../card-sender";
import { createSlackClient, postToResponseUrl, slackCall } from "../client";
import { ACTIONS } from "../ids";
import { lexicon } from "../lexicon";
import { type BlockActions, interactionTeamId } from "../payloads/interaction";
import { syncSlackProfile } from "../profile-sync";
import { localDateTimeParts, nextSensibleSlot } from "../time";
import { handleAccountAction } from "./accounts";
import type { HandlerContext } from "./context";
import {
  type ActionOutcome,
  cancelSchedule,
  gateOutcome,
  ownedDraft,
  publishNow,
  reject,
  requeueGeneration,
} from "./draft-actions";
import { publishHome, refreshDraftView } from "./home";
import { outcomeText } from "./outcome-text";
import { answerPublishQuestion, type PublishAnswer } from "./publish-answers";
import { requestQuickEdit } from "./quick-edit";
import { reviewView } from "./review";
import { listVersions, restoreVersion } from "./versions";
import { viewMetadata } from "./view-values";

export async function handleBlockActions(ctx: HandlerContext, payload: BlockActions): Promise<void> {
  const { services } = ctx;
  const teamId = interactionTeamId(payload);
  const action = payload.actions[0];
  if (!action) return;
  if (!isAllowed(services.config, teamId, payload.user.id)) {
    await notify(ctx, payload, lexicon("en").reply.notAllowed, "en");
    return;
  }
  const physician = await upsertPhysician(services.db, { slackTeamId: teamId, slackUserId: payload.user.id });
  ctx.defer(syncSlackProfile(services, physician));
  const lx = lexicon(physician.language);
  const requestKey = `action:${teamId}:${payload.trigger_id ?? `${action.action_id}:${Date.now()}`}`;
  const modal = sourceModal(payload);
  const openView = (view: ModalView) => showModal(ctx, payload, view);

  if (action.action_id.startsWith("account_")) {
    return handleAccountAction(ctx, physician, action, { openView, origin: ctx.origin });
  }
  switch (action.action_id) {
    case ACTIONS.homeNewDraft:
      return openView(
        generateModal({ language: physician.language, defaultPlatform: physician.defaultPlatform }),
      );
    case ACTIONS.homeManualPost:
      return openView(
        manualPostModal({
          language: physician.language,
          defaultPlatform: physician.defaultPlatform,
          timezone: physician.timezone,
        }),
      );
    case ACTIONS.homeUploadGuideline:
      return openView(uploadGuidelineModal({ language: physician.language }));
    case ACTIONS.homeSettings:
      return openView(
        settingsModal({
          language: physician.language,
          defaultPlatform: physician.defaultPlatform,
          timezone: physician.timezone,
          country: physician.country,
          crisisLine: physician.crisisLine,
          disclaimers: physician.disclaimers,
        }),
      );
    case ACTIONS.homePagePrev:
    case ACTIONS.homePageNext: {
      const focus = parsePageValue(action.value ?? "");
      if (focus) ctx.defer(publishHome(services, physician, focus));
      return;
    }
    case ACTIONS.voicePreferenceDelete: {
      // Only the physician's own preference is deleted; a stale or foreign id changes nothing.
      const id = Number(action.value);
      if (Number.isSafeInteger(id) && (await deletePreference(services.db, physician.id, id))) {
        services.log.info("voice_preference_deleted", { physician_id: physician.id });
      }
      ctx.defer(publishHome(services, physician));
      return;
    }
  }

  // Menus (App Home rows, the card) and Restore name a draft in their value; a menu's verb
  // maps onto the same actions the buttons use.
  const target = resolveTarget(action);
  if (!target) return;
  const { actionId, draftId } = target;

  // Everything below acts on one draft.
  const owned = await ownedDraft(services, draftId, { slackTeamId: teamId, slackUserId: payload.user.id });
  if ("kind" in owned)
    return notify(ctx, payload, outcomeText(lx, owned) ?? lx.reply.genericError, physician.language);
  const { draft, physician: owner } = owned;

  // A draft with unresolved claims is published only through the review modal.
  const openReview = async (): Promise<void> => {
    const view = await reviewView(ctx, draftId);
    if (view) return openView(view);
    return notify(ctx, payload, lx.reply.draftNotFound, physician.language);
  };

  let outcome: ActionOutcome = { kind: "ok" };
  switch (actionId) {
    case ACTIONS.review:
      if (!["ready", "needs_review", "scheduled"].includes(draft.status)) {
        outcome = { kind: "invalid_state", status: draft.status };
        break;
      }
      return openReview();
    case ACTIONS.publish:
      outcome = await publishNow(services, draft, owner, requestKey);
      if (outcome.kind === "needs_review") return openReview();
      break;
    case ACTIONS.regenerate:
      outcome = await requeueGeneration(services, draft, owner, "regenerate", requestKey);
      break;
    case ACTIONS.quickEdit:
      outcome = target.quickEdit
        ? await requestQuickEdit(services, draft, owner, target.quickEdit, requestKey)
        : { kind: "invalid_state", status: draft.status };
      break;
    case ACTIONS.retry:
      outcome = await requeueGeneration(services, draft, owner, "retry", requestKey);
      break;
    case ACTIONS.reject:
      outcome = await reject(services, draft);
      break;
    case ACTIONS.cancelSchedule:
      outcome = await cancelSchedule(services, draft);
      break;
    case ACTIONS.confirmLive:
    case ACTIONS.sendAgain:
    case ACTIONS.continueThread:
    case ACTIONS.newThread:
    case ACTIONS.stopThread:
      // Only a card button asks these (never a menu), so its own id names the answer.
      outcome = await answerPublishQuestion(
        services,
        draft,
        ANSWERS[action.action_id as keyof typeof ANSWERS],
        requestKey,
      );
      break;
    case ACTIONS.preview: {
      const post = await draftPost(services.db, draft);
      if (!post) {
        outcome = { kind: "invalid_state", status: draft.status };
        break;
      }
      return openView(previewModal(physician.language, post.fit));
    }
    case ACTIONS.reschedule:
    case ACTIONS.schedule: {
      if (!["ready", "needs_review", "scheduled"].includes(draft.status)) {
        outcome = { kind: "invalid_state", status: draft.status };
        break;
      }
      const gate = await gateOutcome(services, draft);
      if (gate?.kind === "needs_review") return openReview();
      if (gate) {
        outcome = gate;
        break;
      }
      // Rescheduling starts from the time it had; a first schedule from the next morning slot.
      const initial =
        draft.scheduledAt !== null
          ? localDateTimeParts(draft.scheduledAt, physician.timezone)
          : nextSensibleSlot(Date.now(), physician.timezone);
      return openView(
        scheduleModal({
          language: physician.language,
          draftId,
          timezone: physician.timezone,
          initialDate: initial.date,
          initialTime: initial.time,
          parentViewId: modal?.id,
        }),
      );
    }
    case ACTIONS.edit: {
      const loaded = await loadDraftCard(services.db, draftId, services.config);
      if (!loaded || !["ready", "needs_review", "scheduled"].includes(draft.status)) {
        outcome = { kind: "invalid_state", status: draft.status };
        break;
      }
      return openView(
        editModal({
          language: physician.language,
          draftId,
          text: loaded.model.text,
          platform: draft.platform,
          parentViewId: modal?.id,
        }),
      );
    }
    case ACTIONS.homeOpenDraft: {
      const loaded = await loadDraftCard(services.db, draftId, services.config);
      if (loaded) return openView(draftViewModal(loaded.model));
      outcome = { kind: "not_found" };
      break;
    }
    case OPEN_VERSIONS: {
      const versions = await listVersions(services, draftId);
      return openView(
        versionsModal({
          language: physician.language,
          timezone: physician.timezone,
          draftId,
          current: draft.currentVersion,
          versions,
          parentViewId: modal?.id,
        }),
      );
    }
    case ACTIONS.restoreVersion:
      outcome = await restoreVersion(services, draft, target.version ?? draft.currentVersion);
      if (outcome.kind === "ok" && modal) {
        // The list in the open modal now marks the restored version as current; the draft
        // view it was opened over (App Home) shows the restored text too.
        const parentViewId = payload.view ? viewMetadata(payload.view).parentViewId : undefined;
        ctx.defer(refreshVersions(ctx, draftId, physician, modal, parentViewId));
        ctx.defer(refreshCard(services, draftId).then(() => publishHome(services, physician)));
        if (parentViewId) ctx.defer(refreshDraftView(services, draftId, { id: parentViewId }));
        return;
      }
      break;
    case ACTIONS.homeDeleteDraft:
    case CONFIRM_CANCEL:
      // Destructive choices from App Home ask first; the confirmation does the work.
      return openView(
        homeConfirmModal({
          language: physician.language,
          draftId,
          kind: actionId === CONFIRM_CANCEL ? "cancel" : "delete",
          topic: draft.topic,
        }),
      );
    default:
      services.log.warn("slack_unknown_action", { action_id: action.action_id });
      return;
  }

  const text = outcomeText(lx, outcome);
  if (text) return notify(ctx, payload, text, physician.language);
  ctx.defer(refreshAfterAction(ctx, draftId, physician, modal));
}

/** Cancel schedule from an App Home menu: confirmed in a modal first (the card's button has a dialog). */
const CONFIRM_CANCEL = "home_confirm_cancel";
/** "Earlier versions" from the card's menu. */
const OPEN_VERSIONS = "draft_open_versions";

const MENU_ACTIONS: Record<HomeRowVerb, string> = {
  open: ACTIONS.homeOpenDraft,
  reschedule: ACTIONS.reschedule,
  cancel: CONFIRM_CANCEL,
  delete: ACTIONS.homeDeleteDraft,
};

const CARD_MENU_ACTIONS: Record<CardMenuVerb, string> = {
  preview: ACTIONS.preview,
  versions: OPEN_VERSIONS,
};

/** Which action a click means and on which draft; undefined for a menu value we did not send. */
function resolveTarget(action: {
  action_id: string;
  value?: string | undefined;
  selected_option?: { value: string } | null | undefined;
}): { actionId: string; draftId: string; version?: number; quickEdit?: QuickEdit } | undefined {
  const chosen = action.selected_option?.value ?? "";
  switch (action.action_id) {
    case ACTIONS.homeRowMenu: {
      const menu = parseRowMenuValue(chosen);
      return menu && { actionId: MENU_ACTIONS[menu.verb], draftId: menu.draftId };
    }
    case ACTIONS.cardMenu: {
      const menu = parseCardMenuValue(chosen);
      return menu && { actionId: CARD_MENU_ACTIONS[menu.verb], draftId: menu.draftId };
    }
    case ACTIONS.restoreVersion: {
      const restore = parseRestoreValue(action.value ?? "");
      return restore && { actionId: action.action_id, ...restore };
    }
    case ACTIONS.quickEdit: {
      const edit = parseQuickEditValue(chosen);
      return edit && { actionId: action.action_id, draftId: edit.draftId, quickEdit: edit.kind };
    }
    default:
      return { actionId: action.action_id, draftId: action.value ?? "" };
  }
}

/** The versions modal, re-listed after a restore (the hash guards against a newer view). */
async function refreshVersions(
  ctx: HandlerContext,
  draftId: string,
  physician: Physician,
  modal: ClickedModal,
  parentViewId: string | undefined,
): Promise<void> {
  const { services } = ctx;
  const [draft, versions] = await Promise.all([
    getDraft(services.db, draftId),
    listVersions(services, draftId),
  ]);
  if (!draft) return;
  const view = versionsModal({
    language: physician.language,
    timezone: physician.timezone,
    draftId,
    current: draft.currentVersion,
    versions,
    parentViewId,
  });
  const slack = createSlackClient(services.config);
  const update: Parameters<typeof slack.views.update>[0] = { view_id: modal.id, view };
  if (modal.hash) update.hash = modal.hash;
  await slackCall("views.update", () => slack.views.update(update));
}

/** "ready:2" → that section's third page. */
function parsePageValue(value: string): { section: HomeSection; page: number } | undefined {
  const [section, page] = value.split(":");
  if (!section || !(HOME_SECTIONS as string[]).includes(section)) return undefined;
  return { section: section as HomeSection, page: Math.max(0, Number.parseInt(page ?? "0", 10) || 0) };
}

const ANSWERS: Record<
  | typeof ACTIONS.confirmLive
  | typeof ACTIONS.sendAgain
  | typeof ACTIONS.continueThread
  | typeof ACTIONS.newThread
  | typeof ACTIONS.stopThread,
  PublishAnswer
> = {
  [ACTIONS.confirmLive]: "confirm_live",
  [ACTIONS.sendAgain]: "send_again",
  [ACTIONS.continueThread]: "continue",
  [ACTIONS.newThread]: "new_thread",
  [ACTIONS.stopThread]: "stop",
};

/** The card message, App Home and, for a click inside the draft view modal, that modal. */
async function refreshAfterAction(
  ctx: HandlerContext,
  draftId: string,
  physician: Physician,
  modal: ClickedModal | undefined,
): Promise<void> {
  await Promise.all([
    refreshCard(ctx.services, draftId).then(() => publishHome(ctx.services, physician)),
    modal ? refreshDraftView(ctx.services, draftId, modal) : undefined,
  ]);
}

type ClickedModal = { id: string; hash?: string };

/**
 * The modal a button was clicked in. App Home clicks also carry a `view` (and a "view"
 * container) but of type "home", where `views.open` is right, so only a modal counts.
 */
function sourceModal(payload: BlockActions): ClickedModal | undefined {
  const view = payload.view;
  if (view?.type !== "modal") return undefined;
  return view.hash ? { id: view.id, hash: view.hash } : { id: view.id };
}

/** Opens `view`, or pushes it when the click came from inside a modal. */
async function showModal(ctx: HandlerContext, payload: BlockActions, view: ModalView): Promise<void> {
  const trigger = payload.trigger_id;
  if (!trigger) return;
  const slack = createSlackClient(ctx.services.config);
  if (sourceModal(payload)) {
    await slackCall("views.push", () => slack.views.push({ trigger_id: trigger, view }));
  } else {
    await slackCall("views.open", () => slack.views.open({ trigger_id: trigger, view }));
  }
}

/**
 * Tells the clicking user something: on top of the modal they clicked in, in the channel
 * (ephemeral), or, from App Home, in a notice modal.
 */
async function notify(
  ctx: HandlerContext,
  payload: BlockActions,
  text: string,
  language: Physician["language"],
): Promise<void> {
  if (payload.response_url && !sourceModal(payload)) {
    const url = payload.response_url;
    ctx.defer(postToResponseUrl(url, { text }));
    return;
  }
  await showModal(ctx, payload, noticeModal(language, text));
}
