/**
 * Requests as Slack sends them, built for the playground page: a slash command, a button
 * click (`block_actions`), a modal submission (`view_submission`) and the App Home event.
 * Each is signed with the Worker's own signing secret, so it goes through the very route
 * and signature check Slack's requests do.
 */
import { signSlackRequest } from "../slack/verify";
import { PLAYGROUND_CHANNEL, PLAYGROUND_TEAM } from "./physicians";

type Json = Record<string, unknown>;

export interface SlackDelivery {
  path: "/slack/commands" | "/slack/interactions" | "/slack/events";
  contentType: string;
  body: string;
}

const FORM = "application/x-www-form-urlencoded";

function triggerId(): string {
  return `${Date.now()}.${crypto.randomUUID().slice(0, 12)}`;
}

export function commandDelivery(p: {
  user: string;
  userName: string;
  text: string;
  responseUrl: string;
}): SlackDelivery {
  const [command = "/draft", ...rest] = p.text.trim().startsWith("/")
    ? p.text.trim().split(/\s+/)
    : ["/draft", p.text];
  const body = new URLSearchParams({
    command,
    text: p.text.trim().startsWith("/") ? rest.join(" ") : p.text.trim(),
    team_id: PLAYGROUND_TEAM,
    user_id: p.user,
    user_name: p.userName,
    channel_id: PLAYGROUND_CHANNEL,
    channel_name: "playground",
    response_url: p.responseUrl,
    trigger_id: triggerId(),
  });
  return { path: "/slack/commands", contentType: FORM, body: body.toString() };
}

function interaction(payload: Json): SlackDelivery {
  return {
    path: "/slack/interactions",
    contentType: FORM,
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
  };
}

/** A click on a button (or a select) in a message, or in a modal / App Home view. */
export function actionDelivery(p: {
  user: string;
  action: { action_id: string; block_id?: string; value?: string; selected_option?: { value: string } };
  message?: { channel: string; ts: string };
  view?: Json;
  responseUrl: string;
}): SlackDelivery {
  const payload: Json = {
    type: "block_actions",
    user: { id: p.user, team_id: PLAYGROUND_TEAM },
    team: { id: PLAYGROUND_TEAM },
    trigger_id: triggerId(),
    actions: [{ type: p.action.selected_option ? "static_select" : "button", ...p.action }],
  };
  if (p.message) {
    payload.container = { type: "message", message_ts: p.message.ts, channel_id: p.message.channel };
    payload.channel = { id: p.message.channel };
    payload.response_url = p.responseUrl;
  }
  if (p.view) {
    payload.container = { type: "view", view_id: p.view.id };
    payload.view = p.view;
  }
  return interaction(payload);
}

/** A modal submitted with `values` (block_id → action_id → the element's state). */
export function submissionDelivery(p: { user: string; view: Json; values: Json }): SlackDelivery {
  return interaction({
    type: "view_submission",
    user: { id: p.user, team_id: PLAYGROUND_TEAM },
    team: { id: PLAYGROUND_TEAM },
    trigger_id: triggerId(),
    view: { ...p.view, state: { values: p.values } },
  });
}

export function homeOpenedDelivery(user: string): SlackDelivery {
  return {
    path: "/slack/events",
    contentType: "application/json",
    body: JSON.stringify({
      type: "event_callback",
      team_id: PLAYGROUND_TEAM,
      api_app_id: "A0PLAYGROUND",
      event_id: `Ev${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`,
      event_time: Math.floor(Date.now() / 1000),
      event: { type: "app_home_opened", user, channel: `D${user.replace(/^[UW]/, "")}`, tab: "home" },
    }),
  };
}

/** The signed request, as Slack would send it now. */
export async function signedRequest(
  origin: string,
  secret: string,
  delivery: SlackDelivery,
): Promise<Request> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return new Request(`${origin}${delivery.path}`, {
    method: "POST",
    headers: {
      "content-type": delivery.contentType,
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": await signSlackRequest(secret, timestamp, delivery.body),
    },
    body: delivery.body,
  });
}
