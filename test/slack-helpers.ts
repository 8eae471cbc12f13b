/**
 * Signed Slack requests against the app, with queue producers that record what was sent
 * (the real consumers are exercised in the queue and e2e tests), plus the fake Slack's
 * view of what the app called.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { app } from "../src/app";
import { signSlackRequest } from "../src/slack/verify";
import { createFakesClient } from "./fakes/client";
import type { RecordedRequest } from "./fakes/types";

export const SIGNING_SECRET = "test-signing-secret";
export const TEAM = "T_TEAM";

export interface Recorded {
  generate: unknown[];
  publish: unknown[];
  index: unknown[];
}

export function fakes() {
  return createFakesClient(env.FAKES_URL);
}

function recordingQueue(sink: unknown[]): Queue {
  return {
    send: async (body: unknown) => {
      sink.push(body);
    },
    sendBatch: async (messages: Iterable<MessageSendRequest>) => {
      for (const m of messages) sink.push(m.body);
    },
    metrics: async () => ({ backlogCount: 0, backlogBytes: 0 }),
  } as unknown as Queue;
}

export interface SlackCallOptions {
  timestamp?: number;
  secret?: string;
  headers?: Record<string, string>;
  envOverrides?: Partial<Record<string, unknown>>;
  /** Called when the response is there, before deferred work is waited for. */
  onAnswered?: () => void;
}

/** Posts a signed body to a Slack route; waits for deferred work before returning. */
export async function slackPost(
  path: string,
  body: string,
  options: SlackCallOptions = {},
): Promise<{ res: Response; queued: Recorded }> {
  const ts = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = await signSlackRequest(options.secret ?? SIGNING_SECRET, ts, body);
  const queued: Recorded = { generate: [], publish: [], index: [] };
  const testEnv = {
    ...env,
    ...options.envOverrides,
    GENERATE_QUEUE: recordingQueue(queued.generate),
    PUBLISH_QUEUE: recordingQueue(queued.publish),
    INDEX_QUEUE: recordingQueue(queued.index),
  };
  const ctx = createExecutionContext();
  const res = await app.request(
    path,
    {
      method: "POST",
      headers: {
        "content-type": path.endsWith("/events") ? "application/json" : "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": ts,
        "x-slack-signature": signature,
        ...options.headers,
      },
      body,
    },
    testEnv,
    ctx,
  );
  options.onAnswered?.();
  await waitOnExecutionContext(ctx);
  return { res, queued };
}

export function commandBody(fields: Partial<Record<string, string>> = {}): string {
  return new URLSearchParams({
    command: "/draft",
    text: "",
    team_id: TEAM,
    user_id: "U_DOC1",
    user_name: "doc1",
    channel_id: "C_GENERAL",
    response_url: `${env.FAKES_URL}/slack/response/cmd`,
    trigger_id: `trig-${crypto.randomUUID()}`,
    ...fields,
  } as Record<string, string>).toString();
}

export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function blockAction(actionId: string, value: string, user = "U_DOC1", extra: object = {}): string {
  return interactionBody({
    type: "block_actions",
    user: { id: user, team_id: TEAM },
    team: { id: TEAM },
    trigger_id: `trig-${crypto.randomUUID()}`,
    response_url: `${env.FAKES_URL}/slack/response/act`,
    container: { type: "message", message_ts: "1.1", channel_id: "C_GENERAL" },
    actions: [{ action_id: actionId, block_id: "b", value, type: "button" }],
    ...extra,
  });
}

type StateValue = Record<string, unknown>;

export function viewSubmission(
  callbackId: string,
  values: Record<string, StateValue>,
  metadata: object = {},
  user = "U_DOC1",
): string {
  const state: Record<string, Record<string, StateValue>> = {};
  for (const [id, value] of Object.entries(values)) state[id] = { [id]: value };
  return interactionBody({
    type: "view_submission",
    user: { id: user, team_id: TEAM },
    team: { id: TEAM },
    trigger_id: `trig-${crypto.randomUUID()}`,
    view: {
      id: `V${crypto.randomUUID().slice(0, 8)}`,
      callback_id: callbackId,
      private_metadata: JSON.stringify(metadata),
      state: { values: state },
    },
  });
}

/** Requests the fake Slack received for a method, oldest first. */
export async function slackCalls(method: string): Promise<RecordedRequest[]> {
  return fakes().requests("slack", method);
}

/**
 * The body of a recorded Slack API call as an object. The client sends form-encoded
 * fields with JSON-encoded values (`view`, `blocks`); those are decoded too.
 */
export function bodyOf(request: RecordedRequest | undefined): Record<string, unknown> {
  const body = request?.body;
  if (!body || typeof body !== "object") return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    out[key] = typeof value === "string" && /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** An `app_home_opened` event body, as Slack sends it when the physician opens App Home. */
export function homeOpened(user: string, eventId = `Ev${crypto.randomUUID().slice(0, 8)}`): string {
  return JSON.stringify({
    type: "event_callback",
    team_id: TEAM,
    event_id: eventId,
    event_time: 1,
    event: { type: "app_home_opened", user, tab: "home", channel: "D1" },
  });
}

/** Opens App Home for `user` and returns the view the Worker published (as JSON text). */
export async function openHome(user: string, envOverrides: Record<string, unknown> = {}): Promise<string> {
  await slackPost("/slack/events", homeOpened(user), { envOverrides });
  return JSON.stringify(bodyOf((await slackCalls("views.publish")).at(-1)).view);
}

/** A text input's state value in a view submission. */
export const plain = (value: string) => ({ type: "plain_text_input", value });
/** A static select's state value in a view submission. */
export const select = (value: string) => ({ type: "static_select", selected_option: { value } });
