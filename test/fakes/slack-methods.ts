// Slack Web API methods the Worker uses, answering with Slack's real JSON shapes and
// error codes (HTTP 200 with ok:false, as Slack does).
import { isRecord, str } from "./http.js";
import { MESSAGE_BLOCKS_MAX, validateBlocks, validateView } from "./slack-blocks.js";
import type { StoredSlackFile } from "./slack-files.js";
import { fileInfo } from "./slack-files.js";
import { kyivOffsetSeconds } from "./timezone.js";

export const TEAM_ID = "T0FAKETEAM";
export const BOT_USER_ID = "U0FAKEBOT";
export const BOT_ID = "B0FAKEBOT";
export const APP_ID = "A0FAKEAPP";

const MESSAGE_TEXT_MAX = 40_000;
const MESSAGE_TS = /^\d+\.\d+$/;

export interface SlackContext {
  args: Record<string, unknown>;
  origin: string;
  files: ReadonlyMap<string, StoredSlackFile>;
  nextTs(): string;
  nextId(prefix: string): string;
}

export type SlackResult = Record<string, unknown>;
type SlackMethod = (ctx: SlackContext) => SlackResult;

export function slackError(error: string, extra: Record<string, unknown> = {}): SlackResult {
  return { ok: false, error, ...extra };
}

function invalidArguments(messages: string[]): SlackResult {
  return slackError("invalid_arguments", { response_metadata: { messages } });
}

/** Checks shared by chat.postMessage / postEphemeral / update. */
function checkMessage(args: Record<string, unknown>): SlackResult | undefined {
  if (!str(args, "channel")) return slackError("channel_not_found");
  const text = str(args, "text");
  if (!text && args.blocks === undefined && args.attachments === undefined) return slackError("no_text");
  if (typeof args.blocks === "string") return slackError("invalid_blocks_format");
  if (args.blocks !== undefined) {
    const errors = validateBlocks(args.blocks, MESSAGE_BLOCKS_MAX);
    if (errors.length > 0)
      return slackError("invalid_blocks", { errors, response_metadata: { messages: errors } });
  }
  if (text !== undefined && text.length > MESSAGE_TEXT_MAX) return slackError("msg_too_long");
  return undefined;
}

function botMessage(args: Record<string, unknown>, ts: string): Record<string, unknown> {
  const message: Record<string, unknown> = {
    type: "message",
    text: str(args, "text") ?? "",
    user: BOT_USER_ID,
    bot_id: BOT_ID,
    app_id: APP_ID,
    team: TEAM_ID,
    ts,
  };
  for (const key of ["blocks", "attachments", "thread_ts", "metadata"]) {
    if (args[key] !== undefined) message[key] = args[key];
  }
  return message;
}

function viewResponse(view: unknown, id: string): SlackResult {
  const fields = isRecord(view) ? view : {};
  return {
    ok: true,
    view: {
      id,
      team_id: TEAM_ID,
      private_metadata: "",
      callback_id: "",
      external_id: "",
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${id}`,
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: id,
      previous_view_id: null,
      app_id: APP_ID,
      app_installed_team_id: TEAM_ID,
      bot_id: BOT_ID,
      ...fields,
    },
  };
}

function openView(ctx: SlackContext): SlackResult {
  if (!str(ctx.args, "trigger_id")) {
    return invalidArguments(["[ERROR] missing required field: trigger_id [json-pointer:/trigger_id]"]);
  }
  const errors = validateView(ctx.args.view, "modal");
  if (errors.length > 0) return invalidArguments(errors);
  return viewResponse(ctx.args.view, ctx.nextId("V"));
}

function displayNameFor(userId: string): string {
  return `dr.fake.${userId.toLowerCase()}`;
}

const methods: Record<string, SlackMethod> = {
  "auth.test": () => ({
    ok: true,
    url: "https://fake-workspace.slack.com/",
    team: "Fake Workspace",
    user: "serotonin-script",
    team_id: TEAM_ID,
    user_id: BOT_USER_ID,
    bot_id: BOT_ID,
    is_enterprise_install: false,
  }),

  "chat.postMessage": ({ args, nextTs }) => {
    const invalid = checkMessage(args);
    if (invalid) return invalid;
    const ts = nextTs();
    return { ok: true, channel: str(args, "channel"), ts, message: botMessage(args, ts) };
  },

  "chat.postEphemeral": ({ args, nextTs }) => {
    const invalid = checkMessage(args);
    if (invalid) return invalid;
    if (!str(args, "user")) return slackError("user_not_in_channel");
    return { ok: true, message_ts: nextTs() };
  },

  "chat.update": ({ args }) => {
    const invalid = checkMessage(args);
    if (invalid) return invalid;
    const ts = str(args, "ts");
    if (ts === undefined || !MESSAGE_TS.test(ts)) return slackError("message_not_found");
    return {
      ok: true,
      channel: str(args, "channel"),
      ts,
      text: str(args, "text") ?? "",
      message: botMessage(args, ts),
    };
  },

  "chat.delete": ({ args }) => {
    const channel = str(args, "channel");
    const ts = str(args, "ts");
    if (!channel) return slackError("channel_not_found");
    if (ts === undefined || !MESSAGE_TS.test(ts)) return slackError("message_not_found");
    return { ok: true, channel, ts };
  },

  "views.open": openView,
  "views.push": openView,

  "views.update": (ctx) => {
    const viewId = str(ctx.args, "view_id");
    const externalId = str(ctx.args, "external_id");
    if (!viewId && !externalId) {
      return invalidArguments(["[ERROR] missing required field: view_id [json-pointer:/view_id]"]);
    }
    const errors = validateView(ctx.args.view, "modal");
    if (errors.length > 0) return invalidArguments(errors);
    return viewResponse(ctx.args.view, viewId || ctx.nextId("V"));
  },

  "views.publish": (ctx) => {
    if (!str(ctx.args, "user_id")) {
      return invalidArguments(["[ERROR] missing required field: user_id [json-pointer:/user_id]"]);
    }
    const errors = validateView(ctx.args.view, "home");
    if (errors.length > 0) return invalidArguments(errors);
    return viewResponse(ctx.args.view, ctx.nextId("V"));
  },

  "conversations.open": ({ args }) => {
    const channel = str(args, "channel");
    if (channel) return { ok: true, no_op: true, already_open: true, channel: { id: channel } };
    const users = (str(args, "users") ?? "").split(",").filter((u) => u.trim() !== "");
    const [first] = users;
    if (first === undefined) return slackError("users_list_not_supplied");
    const id =
      users.length === 1 ? `D${first.trim().replace(/^[UW]/, "")}` : `G${users.join("").slice(0, 10)}`;
    return { ok: true, no_op: false, already_open: false, channel: { id } };
  },

  "users.info": ({ args }) => {
    const userId = str(args, "user");
    if (userId === undefined || !/^[UW][A-Z0-9]+$/.test(userId)) return slackError("user_not_found");
    const tzOffset = kyivOffsetSeconds(new Date());
    const realName = `Dr. Fake ${userId}`;
    return {
      ok: true,
      user: {
        id: userId,
        team_id: TEAM_ID,
        name: displayNameFor(userId),
        deleted: false,
        color: "9f69e7",
        real_name: realName,
        tz: "Europe/Kyiv",
        // Slack sends `locale` only when asked (`include_locale=true`); users whose id
        // contains "UK" speak Ukrainian here, everyone else English.
        ...(str(args, "include_locale") === "true"
          ? { locale: userId.includes("UK") ? "uk-UA" : "en-US" }
          : {}),
        tz_label: tzOffset === 10_800 ? "Eastern European Summer Time" : "Eastern European Time",
        tz_offset: tzOffset,
        profile: {
          real_name: realName,
          real_name_normalized: realName,
          display_name: displayNameFor(userId),
          display_name_normalized: displayNameFor(userId),
          title: "Physician",
          image_72: "https://avatars.example.invalid/72.png",
          team: TEAM_ID,
        },
        is_admin: false,
        is_owner: false,
        is_bot: false,
        is_app_user: false,
        updated: 1_700_000_000,
      },
    };
  },

  "files.info": ({ args, files, origin }) => {
    const file = files.get(str(args, "file") ?? "");
    if (file === undefined) return slackError("file_not_found");
    return {
      ok: true,
      file: fileInfo(origin, file, TEAM_ID, BOT_USER_ID),
      comments: [],
      response_metadata: { next_cursor: "" },
    };
  },
};

export function callSlackMethod(name: string, ctx: SlackContext): SlackResult {
  const method = methods[name];
  return method === undefined ? slackError("unknown_method") : method(ctx);
}
