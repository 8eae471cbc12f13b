// Builds one fresh instance of every fake service for a server.
import { createAnthropicFake } from "./anthropic.js";
import type { FakeClock } from "./clock.js";
import { createDohFake } from "./doh.js";
import type { ServiceFake } from "./http.js";
import type { LlmFake } from "./llm-reply.js";
import { createOpenAIFake } from "./openai.js";
import type { PubmedFake } from "./pubmed.js";
import { createPubmedFake } from "./pubmed.js";
import type { SlackFake } from "./slack.js";
import { createSlackFake } from "./slack.js";
import type { TelegramFake } from "./telegram.js";
import { createTelegramFake } from "./telegram.js";
import type { ThreadsFake } from "./threads.js";
import { createThreadsFake } from "./threads.js";
import type { ServiceName } from "./types.js";
import type { XFake } from "./x.js";
import { createXFake } from "./x.js";

export interface Services extends Record<ServiceName, ServiceFake> {
  slack: SlackFake;
  anthropic: LlmFake;
  openai: LlmFake;
  pubmed: PubmedFake;
  telegram: TelegramFake;
  threads: ThreadsFake;
  x: XFake;
}

/** `clock` drives OAuth code and token expiry in the X and Threads fakes. */
export function createServices(clock: FakeClock): Services {
  return {
    slack: createSlackFake(),
    anthropic: createAnthropicFake(),
    openai: createOpenAIFake(),
    pubmed: createPubmedFake(),
    telegram: createTelegramFake(),
    x: createXFake(clock),
    threads: createThreadsFake(clock),
    doh: createDohFake(),
  };
}
