/**
 * The local playground's API (`/dev/*`): the page sends what a physician does in Slack
 * here, and it is delivered — signed with the Worker's own secret — to the real Slack
 * routes; the Worker's Slack Web API calls come back to `/dev/slack-api/` (SLACK_API_URL
 * in playground mode) and land in the Playground Durable Object, which the page follows
 * over a WebSocket. Absent (404) in production and for any host but loopback: it acts as
 * any physician, so it must never be reachable from outside this machine.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppContext, AppEnv } from "../app-context";
import { playgroundPage } from "../dev/page/html";
import { LOCAL_PHYSICIANS, localPhysician } from "../dev/physicians";
import {
  actionDelivery,
  commandDelivery,
  homeOpenedDelivery,
  type SlackDelivery,
  signedRequest,
  submissionDelivery,
} from "../dev/relay";
import { homeViewId } from "../dev/slack-sink";
import type { PlaygroundSnapshot } from "../durable/playground";
import { BadRequestError, NotFoundError } from "../lib/errors";
import { parseJsonBody } from "../lib/validate";
import { listOutbox } from "../publishers/outbox";
import { handleScheduled } from "../scheduled";

/** How the playground reaches the real routes: the app's own fetch, same isolate. */
export type Dispatch = (request: Request, env: Env, ctx: AppContext["executionCtx"]) => Promise<Response>;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

type Json = Record<string, unknown>;

const userField = z.string().refine((id) => localPhysician(id) !== undefined, "not a playground physician");
const commandSchema = z.object({ user: userField, text: z.string().max(4000) });
const actionSchema = z.object({
  user: userField,
  action: z.object({
    action_id: z.string().min(1),
    block_id: z.string().optional(),
    value: z.string().optional(),
    selected_option: z.object({ value: z.string() }).optional(),
  }),
  message: z.object({ channel: z.string().min(1), ts: z.string().min(1) }).optional(),
  viewId: z.string().optional(),
});
const submitSchema = z.object({
  user: userField,
  viewId: z.string().min(1),
  values: z.record(z.string(), z.unknown()),
});
const homeSchema = z.object({ user: userField });

function playground(c: AppContext) {
  const namespace = c.env.PLAYGROUND;
  if (!namespace) throw new NotFoundError("the playground is not bound here");
  return namespace.get(namespace.idFromName("playground"));
}

async function snapshotOf(c: AppContext): Promise<PlaygroundSnapshot> {
  return JSON.parse(await playground(c).snapshot()) as PlaygroundSnapshot;
}

/** A view the Worker opened (modal or App Home), as Slack stored it. */
async function storedView(c: AppContext, id: string): Promise<Json> {
  const view = await playground(c).view(id);
  if (view === null) throw new NotFoundError("no such view");
  return JSON.parse(view) as Json;
}

/** Web API arguments as Slack reads them: JSON, or a form whose structured fields are JSON. */
async function slackArgs(request: Request): Promise<Json> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const body: unknown = await request.json().catch(() => ({}));
    return body && typeof body === "object" ? (body as Json) : {};
  }
  const args: Json = Object.fromEntries(new URLSearchParams(await request.text()));
  for (const key of ["blocks", "attachments", "view", "metadata"]) {
    const value = args[key];
    if (typeof value !== "string") continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as written: the sink's check reports it.
    }
  }
  return args;
}

export function devRoutes(dispatch: Dispatch) {
  /** Sends a Slack request to the real route, signed as Slack would; the route's answer back. */
  const deliver = async (
    c: AppContext,
    delivery: SlackDelivery,
  ): Promise<{ status: number; body: unknown }> => {
    const secret = c.get("services").config.SLACK_SIGNING_SECRET;
    if (!secret)
      throw new BadRequestError("SLACK_SIGNING_SECRET is not set: npm start sets a local one", "no_secret");
    const origin = new URL(c.req.url).origin;
    const res = await dispatch(await signedRequest(origin, secret, delivery), c.env, c.executionCtx);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Plain text (Slack shows it as is).
    }
    return { status: res.status, body };
  };
  const responseUrl = (c: AppContext) =>
    `${new URL(c.req.url).origin}/dev/slack-response/${crypto.randomUUID()}`;

  return (
    new Hono<AppEnv>()
      .use(async (c, next) => {
        const host = new URL(c.req.url).hostname;
        if (c.get("services").config.ENVIRONMENT === "production" || !LOOPBACK.has(host)) {
          return c.json({ error: "not_found" }, 404);
        }
        await next();
      })
      // The page itself: one document, its script allowed by a per-response nonce.
      .get("/", (c) => {
        const nonce = crypto.randomUUID().replace(/-/g, "");
        return c.html(playgroundPage(nonce), 200, {
          "content-security-policy": [
            "default-src 'none'",
            `script-src 'nonce-${nonce}'`,
            `style-src 'nonce-${nonce}'`,
            "connect-src 'self'",
            "img-src 'self' data:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
          ].join("; "),
          "cache-control": "no-store",
        });
      })
      // The Worker's Slack Web API calls, in playground mode.
      .all("/slack-api/:method", async (c) => {
        if (!/^Bearer xoxb-/.test(c.req.header("authorization") ?? "")) {
          return c.json({ ok: false, error: "not_authed" });
        }
        const answer = await playground(c).slack(
          c.req.param("method"),
          JSON.stringify(await slackArgs(c.req.raw)),
        );
        return c.body(answer, 200, { "content-type": "application/json; charset=utf-8" });
      })
      // response_url posts (Slack answers a plain "ok").
      .post("/slack-response/:id", async (c) => {
        await playground(c).note("response_url", JSON.stringify(await slackArgs(c.req.raw)));
        return c.text("ok");
      })
      .get("/api/state", async (c) => {
        const snapshot = await snapshotOf(c);
        const outbox = await listOutbox(c.get("services").db);
        return c.json({ physicians: LOCAL_PHYSICIANS, ...snapshot, outbox });
      })
      .get("/feed", async (c) => playground(c).fetch(c.req.raw))
      .post("/api/reset", async (c) => {
        await playground(c).reset();
        return c.json({ ok: true });
      })
      .post("/api/command", async (c) => {
        const { user, text } = await parseJsonBody(c, commandSchema);
        const physician = localPhysician(user);
        const sentAt = Date.now();
        const reply = await deliver(
          c,
          commandDelivery({ user, userName: physician?.name ?? user, text, responseUrl: responseUrl(c) }),
        );
        await playground(c).note(
          "command_reply",
          JSON.stringify({ user, text, sentAt, status: reply.status, reply: reply.body }),
        );
        return c.json(reply);
      })
      .post("/api/action", async (c) => {
        const input = await parseJsonBody(c, actionSchema);
        const view = input.viewId ? await storedView(c, input.viewId) : undefined;
        const delivery = actionDelivery({
          user: input.user,
          action: input.action,
          message: input.message,
          view,
          responseUrl: responseUrl(c),
        });
        return c.json(await deliver(c, delivery));
      })
      .post("/api/submit", async (c) => {
        const input = await parseJsonBody(c, submitSchema);
        const view = await storedView(c, input.viewId);
        return c.json(await deliver(c, submissionDelivery({ user: input.user, view, values: input.values })));
      })
      .post("/api/home", async (c) => {
        const { user } = await parseJsonBody(c, homeSchema);
        const reply = await deliver(c, homeOpenedDelivery(user));
        return c.json({ ...reply, viewId: homeViewId(user) });
      })
      // "Run the scheduler now": the real scheduled handler, as the minute cron runs it.
      .post("/api/cron", async (c) => {
        const controller: ScheduledController = {
          scheduledTime: Date.now(),
          cron: "* * * * *",
          noRetry: () => undefined,
        };
        await handleScheduled(controller, c.env);
        return c.json({ ok: true });
      })
  );
}
