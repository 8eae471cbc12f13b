/**
 * `/draft` — validate, record, enqueue, answer. The reply is ephemeral and says exactly
 * what was accepted; all slow work happens on the generation queue.
 */
import { upsertPhysician } from "../../db/physicians";
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
  if (parsed.kind === "draft") {
    // The order reads and (on first contact) creates the physician in its own transaction.
    const outcome = await orderDraft(services, {
      who,
      topic: parsed.topic,
      ...(parsed.platform ? { platform: parsed.platform } : {}),
      ...(parsed.language ? { language: parsed.language } : {}),
      channelId: cmd.channel_id,
      requestKey: `command:${cmd.team_id}:${cmd.trigger_id}`,
      requestId: ctx.requestId,
    });
    ctx.defer(syncSlackProfile(services, outcome.physician));
    const lx = lexicon(outcome.physician.language);
    if (outcome.kind === "duplicate") return reply(lx.reply.alreadyReceived);
    if (outcome.kind === "rate_limited")
      return reply(lx.reply.rateLimited({ retryAfterSeconds: outcome.retryAfterS }));
    const { draft } = outcome;
    return reply(
      lx.reply.accepted({ topic: parsed.topic, platform: draft.platform, language: draft.language ?? "en" }),
    );
  }

  const physician = await upsertPhysician(services.db, who);
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
  }
}
