/** The Hono app's types, declared once and shared by every route module. */
import type { Context } from "hono";
import type { Services } from "./services";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    services: Services;
  };
}

export type AppContext = Context<AppEnv>;
