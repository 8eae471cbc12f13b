/** The Hono app's types, declared once and shared by every route module. */
import type { Context } from "hono";
import type { Services } from "./services";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    services: Services;
    /** The raw request body, kept by the Slack signature check. */
    rawBody: string;
    /** Set when a Slack handler failed and answered with an apology (for the request metric). */
    slackOutcome: "failed" | undefined;
  };
}

export type AppContext = Context<AppEnv>;
