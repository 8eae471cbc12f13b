/**
 * `/draft` — validate, record, enqueue, answer. The reply is ephemeral and says exactly
 * what was accepted; all slow work happens on the generation queue.
 */
import { physicianAndRequest, upsertPhysician } from "../../db/physicians";
import { isAllowed } from "../access";
import { generateModal } from "../blocks/modals";
import { createSlackClient, slackCall } from "../client";
import { parseDraftCommand } from "../draft-command";
import { lexicon } from "../lexicon";
import type { SlashCommand } from "../payloads/command";
import { syncSlackProfile } from "../profile-sync";
import type { HandlerContext } from "./context";
import { orderDraft } from "./order-draft";

export interface EphemeralReply {
  response_type: "ephemeral";
  text: string;
}

const reply = (text: string): EphemeralReply => ({ response_type: "ephemeral", text });

/** Returns the ephemeral reply, or null when the answer is a modal (empty 200). */
export async function handleSlashCommand(
  ctx: HandlerContext,
  cmd: SlashCommand,
): Promise<EphemeralReply | null> {
  const { services } = ctx;
  if (!isAllowed(services.config, cmd.team_id, cmd.user_id)) {
    services.log.warn("slack_access_refused", { team_id: cmd.team_id, user_id: cmd.user_id });
    return reply(lexicon("en").reply.notAllowed);
  }
  const parsed = parseDraftCommand(cmd.text);
  const who = { slackTeamId: cmd.team_id, slackUserId: cmd.user_id, displayName: cmd.user_name };
  const requestKey = `command:${cmd.team_id}:${cmd.trigger_id}`;
  // An order also needs to know whether Slack sent it before: read with the physician.
  const { physician, handled } =
    parsed.kind === "draft"
      ? await physicianAndRequest(services.db, who, requestKey)
      : { physician: await upsertPhysician(services.db, who), handled: undefined };
  ctx.defer(syncSlackProfile(services, physician));
  const lx = lexicon(physician.language);

  switch (parsed.kind) {
    case "help":
      return reply(lx.reply.help);
    case "topic_too_long":
      return reply(lx.reply.topicTooLong({ length: parsed.length, max: parsed.max }));
    case "unknown_platform":
      return reply(lx.reply.unknownPlatform({ given: parsed.given }));
    case "modal": {
      const slack = createSlackClient(services.config);
      const view = generateModal({
        language: physician.language,
        defaultPlatform: physician.defaultPlatform,
        channelId: cmd.channel_id,
      });
      await slackCall("views.open", () => slack.views.open({ trigger_id: cmd.trigger_id, view }));
      return null;
    }
    case "draft": {
      const platform = parsed.platform ?? physician.defaultPlatform;
      const outcome = await orderDraft(services, {
        physician,
        topic: parsed.topic,
        platform,
        ...(parsed.language ? { language: parsed.language } : {}),
        channelId: cmd.channel_id,
        requestKey,
        handled,
        requestId: ctx.requestId,
      });
      if (outcome.kind === "duplicate") return reply(lx.reply.alreadyReceived);
      if (outcome.kind === "rate_limited")
        return reply(lx.reply.rateLimited({ retryAfterSeconds: outcome.retryAfterS }));
      return reply(
        lx.reply.accepted({ topic: parsed.topic, platform, language: outcome.draft.language ?? "en" }),
      );
    }
  }
}
