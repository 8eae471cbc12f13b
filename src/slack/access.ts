/** Allow-lists: ALLOWED_SLACK_TEAMS / ALLOWED_SLACK_USERS; an empty list allows everyone. */
import type { Config } from "../config";

export function isAllowed(config: Config, teamId: string, userId: string): boolean {
  const teamOk = config.ALLOWED_SLACK_TEAMS.length === 0 || config.ALLOWED_SLACK_TEAMS.includes(teamId);
  const userOk = config.ALLOWED_SLACK_USERS.length === 0 || config.ALLOWED_SLACK_USERS.includes(userId);
  return teamOk && userOk;
}
