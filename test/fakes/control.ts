// The control API under /__control: reset, recorded requests, failure rules, the fake clock
// and per-service scripting (Slack files, LLM replies, PubMed articles, Threads container
// status, X/Threads accounts and what they posted, Telegram channels and sent messages).
import type { FakeClock } from "./clock.js";
import {
  ControlError,
  parseArticles,
  parseClock,
  parseFailRule,
  parseFakeUser,
  parseLimits,
  parseQueryInteger,
  parseReplies,
  parseService,
  parseSlackFile,
  parseTelegramChannels,
  parseThreadsStatus,
  parseUsername,
} from "./control-payloads.js";
import type { FailureRules } from "./failures.js";
import type { FakeRequest, FakeResponse } from "./http.js";
import { json } from "./http.js";
import type { RequestLog } from "./request-log.js";
import type { Services } from "./services.js";

export const CONTROL_PREFIX = "/__control";

export interface ControlDeps {
  services: Services;
  log: RequestLog;
  rules: FailureRules;
  clock: FakeClock;
}

const OK = { ok: true };

function revoked(found: boolean, username: string): FakeResponse {
  return found ? json(200, OK) : json(404, { error: `no fake user @${username}` });
}

function route(req: FakeRequest, { services, log, rules, clock }: ControlDeps): FakeResponse {
  switch (`${req.method} ${req.path}`) {
    case "POST /reset":
      log.clear();
      rules.clear();
      clock.reset();
      for (const service of Object.values(services)) service.reset();
      return json(200, OK);
    case "POST /clock":
      clock.advance(parseClock(req.body));
      return json(200, OK);
    case "GET /requests": {
      const service = req.query.service === undefined ? undefined : parseService(req.query.service);
      return json(200, log.list(service, req.query.path));
    }
    case "POST /fail":
      rules.add(parseFailRule(req.body));
      return json(200, OK);
    case "POST /slack/files":
      return json(200, services.slack.addFile(parseSlackFile(req.body), req.origin));
    case "POST /anthropic/responses":
      services.anthropic.queue(parseReplies(req.body));
      return json(200, OK);
    case "POST /openai/responses":
      services.openai.queue(parseReplies(req.body));
      return json(200, OK);
    case "POST /pubmed/articles":
      services.pubmed.addArticles(parseArticles(req.body));
      return json(200, OK);
    case "POST /threads/status":
      services.threads.setStatus(parseThreadsStatus(req.body));
      return json(200, OK);
    case "POST /limits": {
      const limits = parseLimits(req.body);
      if (limits.x) services.x.setDailyLimit(limits.x);
      if (limits.threads) services.threads.setQuota(limits.threads);
      return json(200, OK);
    }
    case "POST /x/users":
      return json(200, services.x.oauth.users.add(parseFakeUser(req.body, "x")));
    case "POST /threads/users":
      return json(200, services.threads.oauth.users.add(parseFakeUser(req.body, "threads")));
    case "POST /x/revoke-user": {
      const username = parseUsername(req.body);
      return revoked(services.x.oauth.revokeUser(username), username);
    }
    case "POST /threads/revoke-user": {
      const username = parseUsername(req.body);
      return revoked(services.threads.oauth.revokeUser(username), username);
    }
    case "GET /x/tweets":
      return json(200, services.x.tweets());
    case "GET /threads/posts":
      return json(200, services.threads.posts());
    case "POST /telegram/channels":
      for (const channel of parseTelegramChannels(req.body)) services.telegram.chats.addChannel(channel);
      return json(200, OK);
    case "GET /telegram/messages":
      return json(200, services.telegram.chats.messages(parseQueryInteger(req.query.chatId, "chatId")));
    case "GET /telegram/webhook": {
      const botId = parseQueryInteger(req.query.botId, "botId");
      if (botId === undefined) throw new ControlError('"botId" is required');
      return json(200, services.telegram.webhooks.get(botId) ?? null);
    }
    default:
      return json(404, { error: `unknown control route ${req.method} ${CONTROL_PREFIX}${req.path}` });
  }
}

export function handleControl(req: FakeRequest, deps: ControlDeps): FakeResponse {
  try {
    return route(req, deps);
  } catch (error) {
    if (error instanceof ControlError) return json(400, { error: error.message });
    throw error;
  }
}
