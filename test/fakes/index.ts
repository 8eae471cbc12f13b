// Entry point for tests: the fake server, its control client, and the base URLs to hand
// the Worker so every external API call lands on the fakes.
export type { FakesClient } from "./client.js";
export { createFakesClient } from "./client.js";
export type { FakeServer, FakeServerOptions } from "./server.js";
export { startFakeServer } from "./server.js";
export * from "./telegram-updates.js";
export type * from "./types.js";

export interface FakeBaseUrls {
  SLACK_API_URL: string;
  ANTHROPIC_BASE_URL: string;
  OPENAI_BASE_URL: string;
  PUBMED_API_URL: string;
  TELEGRAM_API_URL: string;
  X_API_URL: string;
  /** X's consent page (x.com/i/oauth2/authorize); the token endpoints are under X_API_URL. */
  X_AUTHORIZE_URL: string;
  THREADS_API_URL: string;
  /** Threads' Authorization Window (threads.net/oauth/authorize). */
  THREADS_AUTHORIZE_URL: string;
}

export function fakeBaseUrls(url: string): FakeBaseUrls {
  const root = url.replace(/\/+$/, "");
  return {
    SLACK_API_URL: `${root}/slack/api`,
    ANTHROPIC_BASE_URL: `${root}/anthropic`,
    OPENAI_BASE_URL: `${root}/openai/v1`,
    PUBMED_API_URL: `${root}/pubmed`,
    TELEGRAM_API_URL: `${root}/telegram`,
    X_API_URL: `${root}/x`,
    X_AUTHORIZE_URL: `${root}/x/i/oauth2/authorize`,
    THREADS_API_URL: `${root}/threads/v1.0`,
    THREADS_AUTHORIZE_URL: `${root}/threads/oauth/authorize`,
  };
}
