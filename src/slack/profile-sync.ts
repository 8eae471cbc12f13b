/**
 * Slack already knows the physician: on first contact their profile (`users.info` with
 * `include_locale`) gives their name, the IANA time zone (`tz`) and their Slack language
 * (`locale`, "uk-UA" → Ukrainian). Read once, after the ack (a deferred call, never on
 * Slack's 3-second path); a failed read is retried on the next contact. Only defaults are
 * replaced — UTC, and English when Slack says Ukrainian — so a choice the physician made
 * in Settings stands; Settings let them change either afterwards.
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
      locale: z.string().optional(),
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
    const reply = await slackCall("users.info", () =>
      slack.users.info({ user: physician.slackUserId, include_locale: true }),
    );
    const parsed = profileSchema.safeParse(reply);
    const user = parsed.success ? parsed.data.user : undefined;
    const tz = user?.tz && isValidTimeZone(user.tz) ? user.tz : undefined;
    const name = user?.profile?.display_name || user?.real_name || user?.profile?.real_name || undefined;
    const ukrainian = /^uk\b/i.test(user?.locale ?? "");
    await services.db
      .update(physicians)
      .set({
        profileSyncedAt: Date.now(),
        ...(tz && physician.timezone === "UTC" ? { timezone: tz } : {}),
        ...(ukrainian && physician.language === "en" ? { language: "uk" as const } : {}),
        ...(name ? { displayName: name.slice(0, 100) } : {}),
        updatedAt: Date.now(),
      })
      .where(and(eq(physicians.id, physician.id), isNull(physicians.profileSyncedAt)));
    services.log.info("slack_profile_synced", {
      physician_id: physician.id,
      tz: tz ?? "none",
      locale: user?.locale ?? "none",
    });
  } catch (err) {
    services.log.warn("slack_profile_sync_failed", { physician_id: physician.id, error: errorMessage(err) });
  }
}
