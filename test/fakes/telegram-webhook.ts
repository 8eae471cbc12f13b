// setWebhook / getWebhookInfo / deleteWebhook, per bot, validated like the Bot API: HTTPS
// on ports 80, 88, 443 or 8443, a secret_token of 1-256 characters [A-Za-z0-9_-], and
// allowed_updates a JSON array of update type names (unknown names ignored, as Telegram
// does). The fake delivers nothing: tests read the webhook through the control API and post
// updates themselves. Loopback URLs may use http and any port, as with a local Bot API
// server, so a Worker under test can register its own 127.0.0.1 address.
import type { BotMethod } from "./telegram-reply.js";
import { telegramError, telegramOk } from "./telegram-reply.js";
import type { TelegramWebhookState } from "./types.js";

const PORTS = new Set(["80", "88", "443", "8443"]);
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const SECRET = /^[A-Za-z0-9_-]*$/;
const SECRET_MAX = 256;
const DEFAULT_MAX_CONNECTIONS = 40;

/** The Update fields a bot can subscribe to. */
const UPDATE_TYPES = new Set([
  "message",
  "edited_message",
  "channel_post",
  "edited_channel_post",
  "business_connection",
  "business_message",
  "edited_business_message",
  "deleted_business_messages",
  "message_reaction",
  "message_reaction_count",
  "inline_query",
  "chosen_inline_result",
  "callback_query",
  "shipping_query",
  "pre_checkout_query",
  "purchased_paid_media",
  "poll",
  "poll_answer",
  "my_chat_member",
  "chat_member",
  "chat_join_request",
  "chat_boost",
  "removed_chat_boost",
]);

class Refusal extends Error {}

function readUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Refusal("Bad Request: invalid webhook URL specified");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Refusal("Bad Request: invalid webhook URL specified");
  }
  if (LOOPBACK.has(url.hostname)) return raw;
  if (url.protocol !== "https:")
    throw new Refusal("Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
  if (!PORTS.has(url.port || "443")) {
    throw new Refusal("Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
  }
  return raw;
}

function readSecret(value: unknown): string | undefined {
  if (value === undefined || value === "") return undefined;
  const secret = String(value);
  if (secret.length > SECRET_MAX) throw new Refusal("Bad Request: secret token is too long");
  if (!SECRET.test(secret)) throw new Refusal("Bad Request: secret token contains unallowed characters");
  return secret;
}

/** A JSON-serialized array in a form, or a real array in a JSON body. */
function readAllowedUpdates(value: unknown): string[] {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Refusal("Bad Request: can't parse allowed_updates JSON object");
    }
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string")) {
    throw new Refusal("Bad Request: expected an Array of String as allowed_updates");
  }
  return parsed.map((item) => item.toLowerCase()).filter((item) => UPDATE_TYPES.has(item));
}

function readMaxConnections(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_CONNECTIONS;
  const n = Number(value);
  return Number.isInteger(n) ? Math.min(100, Math.max(1, n)) : DEFAULT_MAX_CONNECTIONS;
}

export interface TelegramWebhooks {
  methods: Record<"setWebhook" | "getWebhookInfo" | "deleteWebhook", BotMethod>;
  get(botId: number): TelegramWebhookState | undefined;
  reset(): void;
}

export function createTelegramWebhooks(): TelegramWebhooks {
  const hooks = new Map<number, TelegramWebhookState>();
  /** "If not specified, the previous setting will be used": survives deleteWebhook. */
  const subscriptions = new Map<number, string[]>();

  function remove(botId: number) {
    const had = hooks.delete(botId);
    return telegramOk(true, had ? "Webhook was deleted" : "Webhook is already deleted");
  }

  const setWebhook: BotMethod = (args, botId) => {
    const raw = typeof args.url === "string" ? args.url : "";
    if (raw === "") return remove(botId);
    try {
      const url = readUrl(raw);
      const secretToken = readSecret(args.secret_token);
      if (args.allowed_updates !== undefined)
        subscriptions.set(botId, readAllowedUpdates(args.allowed_updates));
      const next: TelegramWebhookState = { url, maxConnections: readMaxConnections(args.max_connections) };
      if (secretToken !== undefined) next.secretToken = secretToken;
      const allowed = subscriptions.get(botId);
      if (allowed !== undefined) next.allowedUpdates = allowed;
      const same = JSON.stringify(hooks.get(botId)) === JSON.stringify(next);
      hooks.set(botId, next);
      return telegramOk(true, same ? "Webhook is already set" : "Webhook was set");
    } catch (error) {
      if (error instanceof Refusal) return telegramError(400, error.message);
      throw error;
    }
  };

  return {
    methods: {
      setWebhook,
      deleteWebhook: (_args, botId) => remove(botId),
      getWebhookInfo: (_args, botId) => {
        const hook = hooks.get(botId);
        const info: Record<string, unknown> = {
          url: hook?.url ?? "",
          has_custom_certificate: false,
          pending_update_count: 0,
        };
        if (hook !== undefined) {
          info.max_connections = hook.maxConnections;
          if (hook.allowedUpdates !== undefined) info.allowed_updates = hook.allowedUpdates;
        }
        return telegramOk(info);
      },
    },
    get: (botId) => {
      const hook = hooks.get(botId);
      return hook === undefined ? undefined : { ...hook };
    },
    reset: () => {
      hooks.clear();
      subscriptions.clear();
    },
  };
}
