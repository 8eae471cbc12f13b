// Fetch-only client for the fakes' /__control API. No Node imports: usable from Node tests
// and from tests running inside workerd alike.
import type {
  FailRule,
  PlatformLimitsConfig,
  PubmedArticle,
  RecordedRequest,
  RegisteredSlackFile,
  ScriptedReply,
  ServiceName,
  SlackFileInput,
  ThreadsStatusConfig,
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
  };
}
