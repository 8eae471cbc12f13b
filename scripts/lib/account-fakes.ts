/**
 * What `npm start` hands the Worker when the X, Threads and Telegram apps are not set up:
 * the loopback fakes' consent pages, token endpoints and Bot API, with placeholder client
 * ids (none of them reaches a real platform). The playground test starts its Worker the same way.
 */
import { fakeBaseUrls } from "../../test/fakes/index.js";

export function accountFakeSettings(fakesUrl: string, webhookSecret: string): Record<string, string> {
  const urls = fakeBaseUrls(fakesUrl);
  return {
    TELEGRAM_API_URL: urls.TELEGRAM_API_URL,
    TELEGRAM_BOT_TOKEN: "123456:playground-bot",
    TELEGRAM_WEBHOOK_SECRET: webhookSecret,
    X_API_URL: urls.X_API_URL,
    X_AUTHORIZE_URL: urls.X_AUTHORIZE_URL,
    X_CLIENT_ID: "playground-x-client",
    X_CLIENT_SECRET: "playground-x-secret",
    THREADS_API_URL: urls.THREADS_API_URL,
    THREADS_AUTHORIZE_URL: urls.THREADS_AUTHORIZE_URL,
    THREADS_APP_ID: "1000000000000001",
    THREADS_APP_SECRET: "playground-threads-secret",
  };
}
