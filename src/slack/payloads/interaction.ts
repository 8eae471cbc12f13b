/**
 * Interactivity payloads (a JSON `payload` form field): button clicks (`block_actions`),
 * modal submissions (`view_submission`) and closes. Only the fields we use are required;
 * unknown fields pass through untouched.
 */
import { z } from "zod";

const stateValue = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  /** Checkboxes. */
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_date: z.string().nullish(),
  selected_time: z.string().nullish(),
  files: z.array(z.looseObject({ id: z.string() })).nullish(),
});

export const viewSchema = z.looseObject({
  id: z.string(),
  callback_id: z.string().default(""),
  private_metadata: z.string().default(""),
  hash: z.string().optional(),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), stateValue)) }).default({ values: {} }),
});

const userSchema = z.looseObject({
  id: z.string().min(1),
  team_id: z.string().optional(),
  name: z.string().optional(),
});

export const blockActionsSchema = z.looseObject({
  type: z.literal("block_actions"),
  user: userSchema,
  team: z.looseObject({ id: z.string() }).nullish(),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  container: z
    .looseObject({ type: z.string(), message_ts: z.string().optional(), channel_id: z.string().optional() })
    .optional(),
  channel: z.looseObject({ id: z.string() }).nullish(),
  view: viewSchema.nullish(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.string(),
        block_id: z.string().optional(),
        value: z.string().optional(),
        selected_option: z.object({ value: z.string() }).nullish(),
      }),
    )
    .min(1),
});

export const viewSubmissionSchema = z.looseObject({
  type: z.literal("view_submission"),
  user: userSchema,
  team: z.looseObject({ id: z.string() }).nullish(),
  trigger_id: z.string().optional(),
  view: viewSchema,
});

export const viewClosedSchema = z.looseObject({ type: z.literal("view_closed"), user: userSchema });

export const interactionSchema = z.discriminatedUnion("type", [
  blockActionsSchema,
  viewSubmissionSchema,
  viewClosedSchema,
]);

export type BlockActions = z.infer<typeof blockActionsSchema>;
export type ViewSubmission = z.infer<typeof viewSubmissionSchema>;
export type SlackView = z.infer<typeof viewSchema>;
export type Interaction = z.infer<typeof interactionSchema>;

/**
 * The clicking user's own team. In a shared (Slack Connect) channel `team` is the host
 * workspace while `user.team_id` is the user's home workspace: access is decided by the
 * latter, so an external user is never treated as a member of the host's allow-list.
 */
export function interactionTeamId(payload: {
  team?: { id: string } | null;
  user: { team_id?: string };
}): string {
  return payload.user.team_id ?? payload.team?.id ?? "";
}
