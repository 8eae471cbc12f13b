// Fetch-only client for the fakes' /__control API. No Node imports: usable from Node tests
// and from tests running inside workerd alike.
import { approveConsent, deliverUpdate } from "./client-flows.js";
import type {
  ApproveConsentOptions,
  FailRule,
  FakeUserInput,
  PlatformLimitsConfig,
  PubmedArticle,
  RecordedRequest,
  RegisteredSlackFile,
  ScriptedReply,
  ServiceName,
  SlackFileInput,
  TelegramChannelInput,
  TelegramSentMessage,
  TelegramWebhookState,
  ThreadsPostRecord,
  ThreadsStatusConfig,
  XTweetRecord,
} from "./types.js";

export interface FakesClient {
  /** Clears recordings, failure rules, scripted replies and runtime-added files/articles. */
  reset(): Promise<void>;
  fail(rule: FailRule): Promise<void>;
  requests(service: ServiceName, pathContains?: string): Promise<RecordedRequest[]>;
  /** Polls until at least `count` matching requests were recorded; throws after `timeoutMs`. */
  waitForRequests(
    service: ServiceName,
    pathContains: string,
    count: number,
    timeoutMs?: number,
  ): Promise<RecordedRequest[]>;
  setSlackFile(file: SlackFileInput): Promise<RegisteredSlackFile>;
  queueAnthropic(responses: ScriptedReply | ScriptedReply[]): Promise<void>;
  queueOpenAI(responses: ScriptedReply | ScriptedReply[]): Promise<void>;
  addPubmedArticles(articles: PubmedArticle | PubmedArticle[]): Promise<void>;
  setThreadsStatus(config: ThreadsStatusConfig): Promise<void>;
  /** X's daily cap and Threads' publishing quota. */
  setPlatformLimits(config: PlatformLimitsConfig): Promise<void>;
  /** Moves the X and Threads OAuth fakes' clock forward (codes and tokens expire by it). */
  advanceClock(seconds: number): Promise<void>;
  addXUser(user: FakeUserInput): Promise<void>;
  addThreadsUser(user: FakeUserInput): Promise<void>;
  /** As if the user removed the app in their settings: all their grants and tokens stop working. */
  revokeXUser(username: string): Promise<void>;
  revokeThreadsUser(username: string): Promise<void>;
  xTweets(): Promise<XTweetRecord[]>;
  threadsPosts(): Promise<ThreadsPostRecord[]>;
  addTelegramChannel(channel: TelegramChannelInput | TelegramChannelInput[]): Promise<void>;
  telegramMessages(chatId?: number): Promise<TelegramSentMessage[]>;
  /** The bot's webhook (by the number before ":" in its token), or null if none is set. */
  telegramWebhook(botId: number): Promise<TelegramWebhookState | null>;
  /** Posts an update to the bot's webhook as Telegram would; null if its allowed_updates skip it. */
  deliverTelegramUpdate(botId: number, update: Record<string, unknown>): Promise<Response | null>;
  /**
   * Walks an X or Threads consent page of the fakes: returns the redirect's Location (the
   * product's callback with code and state, or the error) without following it.
   */
  approveConsent(authorizeUrl: string, opts?: ApproveConsentOptions): Promise<string>;
}

const POLL_INTERVAL_MS = 50;

export function createFakesClient(baseUrl: string): FakesClient {
  const root = `${baseUrl.replace(/\/+$/, "")}/__control`;

  async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.headers = { "content-type": "application/json" };
      init.body = JSON.stringify(body);
    }
    const response = await fetch(`${root}${path}`, init);
    const text = await response.text();
    if (!response.ok)
      throw new Error(`fakes control ${method} ${path} failed: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  const requests = (service: ServiceName, pathContains?: string): Promise<RecordedRequest[]> => {
    const query = new URLSearchParams({ service });
    if (pathContains !== undefined) query.set("path", pathContains);
    return call<RecordedRequest[]>("GET", `/requests?${query}`);
  };

  const telegramWebhook = (botId: number) =>
    call<TelegramWebhookState | null>("GET", `/telegram/webhook?botId=${botId}`);

  return {
    reset: async () => {
      await call("POST", "/reset", {});
    },
    fail: async (rule) => {
      await call("POST", "/fail", rule);
    },
    requests,
    waitForRequests: async (service, pathContains, count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await requests(service, pathContains);
        if (found.length >= count) return found;
        if (Date.now() >= deadline) {
          throw new Error(
            `timed out after ${timeoutMs}ms waiting for ${count} ${service} request(s) matching "${pathContains}" (saw ${found.length})`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      }
    },
    setSlackFile: (file) => call<RegisteredSlackFile>("POST", "/slack/files", file),
    queueAnthropic: async (responses) => {
      await call("POST", "/anthropic/responses", responses);
    },
    queueOpenAI: async (responses) => {
      await call("POST", "/openai/responses", responses);
    },
    addPubmedArticles: async (articles) => {
      await call("POST", "/pubmed/articles", articles);
    },
    setThreadsStatus: async (config) => {
      await call("POST", "/threads/status", config);
    },
    setPlatformLimits: async (config) => {
      await call("POST", "/limits", config);
    },
    advanceClock: async (seconds) => {
      await call("POST", "/clock", { advanceSeconds: seconds });
    },
    addXUser: async (user) => {
      await call("POST", "/x/users", user);
    },
    addThreadsUser: async (user) => {
      await call("POST", "/threads/users", user);
    },
    revokeXUser: async (username) => {
      await call("POST", "/x/revoke-user", { username });
    },
    revokeThreadsUser: async (username) => {
      await call("POST", "/threads/revoke-user", { username });
    },
    xTweets: () => call<XTweetRecord[]>("GET", "/x/tweets"),
    threadsPosts: () => call<ThreadsPostRecord[]>("GET", "/threads/posts"),
    addTelegramChannel: async (channel) => {
      await call("POST", "/telegram/channels", channel);
    },
    telegramMessages: (chatId) =>
      call<TelegramSentMessage[]>(
        "GET",
        `/telegram/messages${chatId === undefined ? "" : `?chatId=${chatId}`}`,
      ),
    telegramWebhook,
    deliverTelegramUpdate: async (botId, update) => {
      const hook = await telegramWebhook(botId);
      if (hook === null) throw new Error(`bot ${botId} has no webhook set`);
      return deliverUpdate(hook, update);
    },
    approveConsent,
  };
}
