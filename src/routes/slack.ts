/**
 * Slack's three request URLs. Every request is signature-checked first (slack-signature),
 * then validated with zod; a malformed payload is a 400, never a half-done action. Each
 * handler answers well inside Slack's 3 s: it validates, records, enqueues, and defers the
 * rest (`waitUntil` only for single quick Slack calls; real work goes to a queue).
 *
 * A failure while answering (Slack refusing `views.open` for an expired trigger, a 503, a
 * D1 hiccup) is never an HTTP 500, which Slack shows as a bare "failed with the error
 * http_service_error": the physician gets a short explanation instead, with HTTP 200.
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { AppContext, AppEnv } from "../app-context";
import { errorMessage } from "../lib/log";
import { createMetrics } from "../observability/metrics";
import { noticeModal } from "../slack/blocks/notice";
import { postToResponseUrl } from "../slack/client";
import { handleBlockActions } from "../slack/handlers/actions";
import { handleSlashCommand } from "../slack/handlers/command";
import type { HandlerContext } from "../slack/handlers/context";
import { handleEventCallback } from "../slack/handlers/events";
import { handleViewSubmission } from "../slack/handlers/submissions";
import { lexicon } from "../slack/lexicon";
import { slashCommandSchema } from "../slack/payloads/command";
import { eventEnvelopeSchema } from "../slack/payloads/event";
import { interactionSchema } from "../slack/payloads/interaction";
import { verifySlack } from "./slack-signature";

function handlerContext(c: AppContext): HandlerContext {
  const services = c.get("services");
  return {
    services,
    requestId: c.get("requestId"),
    origin: new URL(c.req.url).origin,
    defer(work) {
      c.executionCtx.waitUntil(
        work.catch((err: unknown) =>
          services.log.error("slack_deferred_failed", { error: errorMessage(err) }),
        ),
      );
    },
  };
}

function failed(c: AppContext, what: string, err: unknown): void {
  c.set("slackOutcome", "failed");
  c.get("services").log.error("slack_answer_failed", { what, error: errorMessage(err) });
}

/** Slack's view of a request: how it was answered and how fast (one `slack_request` point). */
const slackRequestMetric: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = Date.now();
  await next();
  const status = c.res.status;
  const outcome =
    c.get("slackOutcome") ??
    (status === 401 ? "unauthorized" : status >= 500 ? "error" : status >= 400 ? "invalid" : "ok");
  createMetrics(c.env.ANALYTICS).write("slack_request", {
    route: c.req.path.split("/").pop() ?? "",
    outcome,
    retry: c.req.header("x-slack-retry-num") ? "retry" : "",
    ack_ms: Date.now() - started,
  });
};

function invalid(c: AppContext, what: string) {
  c.get("services").log.warn("slack_payload_invalid", { what, path: c.req.path });
  return c.json({ error: "invalid_payload", message: `malformed Slack ${what} payload` }, 400);
}

export const slackRoutes = new Hono<AppEnv>()
  .use(slackRequestMetric)
  .use(...verifySlack)
  .post("/commands", async (c) => {
    const form = Object.fromEntries(new URLSearchParams(c.get("rawBody")));
    if (form.ssl_check === "1") return c.body(null, 200);
    const parsed = slashCommandSchema.safeParse(form);
    if (!parsed.success) return invalid(c, "command");
    try {
      const reply = await handleSlashCommand(handlerContext(c), parsed.data);
      return reply ? c.json(reply) : c.body(null, 200);
    } catch (err) {
      failed(c, "command", err);
      return c.json({ response_type: "ephemeral", text: lexicon("en").reply.genericError });
    }
  })
  .post("/interactions", async (c) => {
    const raw = new URLSearchParams(c.get("rawBody")).get("payload");
    let json: unknown;
    try {
      json = JSON.parse(raw ?? "");
    } catch {
      return invalid(c, "interaction");
    }
    const parsed = interactionSchema.safeParse(json);
    if (!parsed.success) return invalid(c, "interaction");
    const payload = parsed.data;
    const ctx = handlerContext(c);
    if (payload.type === "block_actions") {
      try {
        await handleBlockActions(ctx, payload);
      } catch (err) {
        failed(c, "block_actions", err);
        // The click had no visible effect: say so where the physician clicked.
        const url = payload.response_url;
        if (url) ctx.defer(postToResponseUrl(url, { text: lexicon("en").reply.genericError }));
      }
      return c.body(null, 200);
    }
    if (payload.type === "view_submission") {
      try {
        const reply = await handleViewSubmission(ctx, payload);
        return reply ? c.json(reply) : c.body(null, 200);
      } catch (err) {
        failed(c, "view_submission", err);
        // Keep the form open with its input, over a notice saying what happened.
        return c.json({ response_action: "push", view: noticeModal("en", lexicon("en").reply.genericError) });
      }
    }
    return c.body(null, 200);
  })
  .post("/events", async (c) => {
    let json: unknown;
    try {
      json = JSON.parse(c.get("rawBody"));
    } catch {
      return invalid(c, "event");
    }
    const parsed = eventEnvelopeSchema.safeParse(json);
    if (!parsed.success) return invalid(c, "event");
    if (parsed.data.type === "url_verification") return c.json({ challenge: parsed.data.challenge });
    if (parsed.data.type === "app_rate_limited") {
      // Slack is dropping our events for a minute; acknowledge so it does not disable them.
      c.get("services").log.warn("slack_events_rate_limited", {
        team_id: parsed.data.team_id,
        minute: parsed.data.minute_rate_limited,
      });
      return c.body(null, 200);
    }
    try {
      await handleEventCallback(handlerContext(c), parsed.data);
    } catch (err) {
      // Slack retries an event that got an error; this one (App Home) is not worth a retry storm.
      failed(c, "event", err);
    }
    return c.body(null, 200);
  });
