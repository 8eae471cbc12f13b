/** Events API envelopes: the URL handshake and event callbacks we subscribe to. */
import { z } from "zod";

export const urlVerificationSchema = z.object({ type: z.literal("url_verification"), challenge: z.string() });

export const appHomeOpenedSchema = z.looseObject({
  type: z.literal("app_home_opened"),
  user: z.string(),
  tab: z.string().optional(),
  channel: z.string().optional(),
});

export const eventCallbackSchema = z.object({
  type: z.literal("event_callback"),
  team_id: z.string(),
  event_id: z.string(),
  event_time: z.number().optional(),
  event: z.looseObject({ type: z.string() }),
});

/** Slack tells us it is dropping our events (over 30,000 an hour); it carries no event_id. */
export const appRateLimitedSchema = z.looseObject({
  type: z.literal("app_rate_limited"),
  team_id: z.string(),
  minute_rate_limited: z.number(),
});

export const eventEnvelopeSchema = z.discriminatedUnion("type", [
  urlVerificationSchema,
  eventCallbackSchema,
  appRateLimitedSchema,
]);
