/**
 * Slack's three request URLs. Every request is signature-checked first (slack-signature),
 * then validated with zod; a malformed payload is a 400, never a half-done action. Each
 * handler answers well inside Slack's 3 s: it validates, records, enqueues, and defers the
 * rest (`waitUntil` only for single quick Slack calls; real work goes to a queue).
 */
import { Hono } from "hono";
import type { AppContext, AppEnv } from "../app-context";
import { errorMessage } from "../lib/log";
import { handleBlockActions } from "../slack/handlers/actions";
import { handleSlashCommand } from "../slack/handlers/command";
import type { HandlerContext } from "../slack/handlers/context";
import { handleEventCallback } from "../slack/handlers/events";
import { handleViewSubmission } from "../slack/handlers/submissions";
import { slashCommandSchema } from "../slack/payloads/command";
import { eventEnvelopeSchema } from "../slack/payloads/event";
import { interactionSchema } from "../slack/payloads/interaction";
import { verifySlack } from "./slack-signature";

function handlerContext(c: AppContext): HandlerContext {
  const services = c.get("services");
  return {
    services,
    requestId: c.get("requestId"),
    defer(work) {
      c.executionCtx.waitUntil(
        work.catch((err: unknown) =>
          services.log.error("slack_deferred_failed", { error: errorMessage(err) }),
        ),
      );
    },
  };
}

function invalid(c: AppContext, what: string) {
  c.get("services").log.warn("slack_payload_invalid", { what, path: c.req.path });
  return c.json({ error: "invalid_payload", message: `malformed Slack ${what} payload` }, 400);
}

export const slackRoutes = new Hono<AppEnv>()
  .use(...verifySlack)
  .post("/commands", async (c) => {
    const form = Object.fromEntries(new URLSearchParams(c.get("rawBody")));
    if (form.ssl_check === "1") return c.body(null, 200);
    const parsed = slashCommandSchema.safeParse(form);
    if (!parsed.success) return invalid(c, "command");
    const reply = await handleSlashCommand(handlerContext(c), parsed.data);
    return reply ? c.json(reply) : c.body(null, 200);
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
      await handleBlockActions(ctx, payload);
      return c.body(null, 200);
    }
    if (payload.type === "view_submission") {
      const reply = await handleViewSubmission(ctx, payload);
      return reply ? c.json(reply) : c.body(null, 200);
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
    await handleEventCallback(handlerContext(c), parsed.data);
    return c.body(null, 200);
  });
