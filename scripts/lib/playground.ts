/** The bot token the Worker uses against the playground's local Slack sink (never a real one). */
export const PLAYGROUND_BOT_TOKEN = "xoxb-local-playground";
