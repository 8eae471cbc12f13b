// The control API under /__control: reset, recorded requests, failure rules and per-service
// scripting (Slack files, LLM replies, PubMed articles, Threads container status).
import {
  ControlError,
  parseArticles,
  parseFailRule,
  parseLimits,
  parseReplies,
  parseService,
  parseSlackFile,
  parseThreadsStatus,
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
}

const OK = { ok: true };

function route(req: FakeRequest, { services, log, rules }: ControlDeps): FakeResponse {
  switch (`${req.method} ${req.path}`) {
    case "POST /reset":
      log.clear();
      rules.clear();
      for (const service of Object.values(services)) service.reset();
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
