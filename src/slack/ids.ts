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
  homeNewDraft: "home_new_draft",
  homeManualPost: "home_manual_post",
  homeUploadGuideline: "home_upload_guideline",
  homeSettings: "home_settings",
  homeOpenDraft: "home_open_draft",
  homeDeleteDraft: "home_delete_draft",
  homePagePrev: "home_page_prev",
  homePageNext: "home_page_next",
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
  timezone: "timezone",
} as const;

export type InputId = (typeof INPUTS)[keyof typeof INPUTS];
