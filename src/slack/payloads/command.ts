/** Slash command payload (application/x-www-form-urlencoded). */
import { z } from "zod";

export const slashCommandSchema = z.object({
  command: z.string().min(1),
  text: z.string().default(""),
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  user_name: z.string().optional(),
  channel_id: z.string().min(1),
  channel_name: z.string().optional(),
  response_url: z.url().optional(),
  trigger_id: z.string().min(1),
  api_app_id: z.string().optional(),
  enterprise_id: z.string().optional(),
});

export type SlashCommand = z.infer<typeof slashCommandSchema>;
