/**
 * Slack already knows the physician: on first contact their profile (`users.info`) gives
 * the IANA time zone (`tz`) and their name. Read once, after the ack (a deferred call, never
 * on Slack's 3-second path); a failed read is retried on the next contact. A time zone the
 * physician set themselves is never overwritten (only the default UTC is replaced), and
 * Settings let them change it afterwards.
 */
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { type Physician, physicians } from "../db/schema";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import { createSlackClient, slackCall } from "./client";
import { isValidTimeZone } from "./time";

const profileSchema = z.object({
  user: z
    .object({
      tz: z.string().optional(),
      real_name: z.string().optional(),
      profile: z
        .object({ display_name: z.string().optional(), real_name: z.string().optional() })
        .loose()
        .optional(),
    })
    .loose(),
});

export async function syncSlackProfile(services: Services, physician: Physician): Promise<void> {
  if (physician.profileSyncedAt !== null || !services.config.SLACK_BOT_TOKEN) return;
  try {
    const slack = createSlackClient(services.config);
    const reply = await slackCall("users.info", () => slack.users.info({ user: physician.slackUserId }));
    const parsed = profileSchema.safeParse(reply);
    const user = parsed.success ? parsed.data.user : undefined;
    const tz = user?.tz && isValidTimeZone(user.tz) ? user.tz : undefined;
    const name = user?.profile?.display_name || user?.real_name || user?.profile?.real_name || undefined;
    await services.db
      .update(physicians)
      .set({
        profileSyncedAt: Date.now(),
        ...(tz && physician.timezone === "UTC" ? { timezone: tz } : {}),
        ...(name ? { displayName: name.slice(0, 100) } : {}),
        updatedAt: Date.now(),
      })
      .where(and(eq(physicians.id, physician.id), isNull(physicians.profileSyncedAt)));
    services.log.info("slack_profile_synced", { physician_id: physician.id, tz: tz ?? "none" });
  } catch (err) {
    services.log.warn("slack_profile_sync_failed", { physician_id: physician.id, error: errorMessage(err) });
  }
}
