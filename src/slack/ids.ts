/**
 * Every Slack identifier the app sends and later receives back: action ids on buttons,
 * callback ids on modals, block/action ids of modal inputs. One place, so a builder and
 * its handler can never drift apart. (All ≤ 255 chars, as Slack requires.)
 */
export const ACTIONS = {
  publish: "draft_publish",
  schedule: "draft_schedule",
  edit: "draft_edit",
  regenerate: "draft_regenerate",
  reject: "draft_reject",
  retry: "draft_retry",
  /** Opens the review of a draft with unresolved claims (the only way to publish it). */
  review: "draft_review",
  /** Every part exactly as it will be posted, with its length. */
  preview: "draft_preview",
  /** A part whose answer was lost: the physician saw it live / did not. */
  confirmLive: "publish_confirm_live",
  sendAgain: "publish_send_again",
  /** Parts live and the text changed: continue after them / start a new thread / stop. */
  continueThread: "publish_continue",
  newThread: "publish_new_thread",
  stopThread: "publish_stop",
  /** A scheduled draft: pick another time / back to ready. */
  reschedule: "draft_reschedule",
  cancelSchedule: "draft_cancel_schedule",
  /** The card's menu: preview parts, earlier versions (`verb:draftId`). */
  cardMenu: "draft_menu",
  /** The card's quick edits (a select): shorter, simpler, … (`kind:draftId`). */
  quickEdit: "draft_quick_edit",
  /** The versions modal: restore one (`draftId:version`). */
  restoreVersion: "draft_restore_version",
  homeNewDraft: "home_new_draft",
  homeManualPost: "home_manual_post",
  homeUploadGuideline: "home_upload_guideline",
  homeSettings: "home_settings",
  homeOpenDraft: "home_open_draft",
  homeDeleteDraft: "home_delete_draft",
  /** A row's overflow menu in App Home: open, reschedule, cancel schedule, delete (`verb:id`). */
  homeRowMenu: "home_row_menu",
  homePagePrev: "home_page_prev",
  homePageNext: "home_page_next",
  /** Your accounts (value: the platform; `useChannel`: the Telegram chat id). */
  accountConnect: "account_connect",
  accountTest: "account_test",
  accountDisconnect: "account_disconnect",
  accountUseChannel: "account_use_channel",
  /** A link button (the platform's consent page, the bot): Slack still sends its click. */
  accountLink: "account_link",
  /** App Home: delete a learned voice preference (value: its id). */
  voicePreferenceDelete: "voice_preference_delete",
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

/** The card's single status section: every state change is visible in one place. */
export const DRAFT_STATUS_BLOCK_ID = "draft_status";

export const CALLBACKS = {
  generate: "draft_generate_modal",
  edit: "draft_edit_modal",
  schedule: "draft_schedule_modal",
  manualPost: "manual_post_modal",
  uploadGuideline: "upload_guideline_modal",
  settings: "settings_modal",
  viewDraft: "draft_view_modal",
  review: "draft_review_modal",
  preview: "draft_preview_modal",
  /** "Are you sure?" for a destructive App Home menu choice (delete, cancel schedule). */
  homeConfirm: "home_confirm_modal",
  versions: "draft_versions_modal",
} as const;

/** Modal inputs: block_id and action_id are the same string for each input. */
export const INPUTS = {
  topic: "topic",
  platform: "platform",
  sourceUrl: "source_url",
  text: "text",
  /** The rest of a post longer than one input (Slack allows 3,000 characters an input). */
  textMore: "text_more",
  date: "date",
  time: "time",
  file: "file",
  language: "language",
  /** The generation form's language: `auto` or a language code. */
  draftLanguage: "draft_language",
  timezone: "timezone",
  /** Review modal: the physician's confirmation, and publish now or schedule. */
  reviewAck: "review_ack",
  reviewWhen: "review_when",
  /** Settings: readers' country, own crisis-resource line, a disclaimer per platform. */
  country: "country",
  crisisLine: "crisis_line",
  disclaimerTelegram: "disclaimer_telegram",
  disclaimerX: "disclaimer_x",
  disclaimerThreads: "disclaimer_threads",
} as const;

/** The generation form's language option that means "as the topic". */
export const DRAFT_LANGUAGE_AUTO = "auto";

/** The country option for "none of these" (stored as no country: the generic crisis line). */
export const COUNTRY_OTHER = "other";

/** The settings input holding each platform's disclaimer. */
export const DISCLAIMER_INPUTS = {
  telegram: INPUTS.disclaimerTelegram,
  x: INPUTS.disclaimerX,
  threads: INPUTS.disclaimerThreads,
} as const;

export type InputId = (typeof INPUTS)[keyof typeof INPUTS];
