/**
 * Events API callbacks. Each event id is recorded in D1 first, so Slack's retries
 * (X-Slack-Retry-Num) never repeat the work. `app_home_opened` publishes the Home tab.
 */
import { getPhysician, upsertPhysician } from "../../db/physicians";
import { recordSlackRequest } from "../../db/slack-requests";
import { isAllowed } from "../access";
import { appHomeOpenedSchema } from "../payloads/event";
import { syncSlackProfile } from "../profile-sync";
import type { HandlerContext } from "./context";
import { publishHome } from "./home";

export interface EventCallback {
  team_id: string;
  event_id: string;
  event: { type: string };
}

export async function handleEventCallback(ctx: HandlerContext, envelope: EventCallback): Promise<void> {
  const { services } = ctx;
  if (!(await recordSlackRequest(services.db, `event:${envelope.event_id}`, envelope.event.type))) {
    services.log.info("slack_event_duplicate", { event_id: envelope.event_id });
    return;
  }
  const homeOpened = appHomeOpenedSchema.safeParse(envelope.event);
  if (homeOpened.success) {
    if (homeOpened.data.tab && homeOpened.data.tab !== "home") return;
    if (!isAllowed(services.config, envelope.team_id, homeOpened.data.user)) return;
    const physician = await upsertPhysician(services.db, {
      slackTeamId: envelope.team_id,
      slackUserId: homeOpened.data.user,
    });
    // Home shows the physician's time zone: read it from Slack before publishing the view.
    ctx.defer(
      syncSlackProfile(services, physician).then(async () =>
        publishHome(services, (await getPhysician(services.db, physician.id)) ?? physician),
      ),
    );
    return;
  }
  services.log.debug("slack_event_ignored", { event_type: envelope.event.type });
}
