/** What a Slack handler gets: the services and a way to finish trivial work after the ack. */
import type { Services } from "../../services";

export interface HandlerContext {
  services: Services;
  requestId: string;
  /** The Worker's origin as the request reached it (OAuth redirect URIs without PUBLIC_URL). */
  origin: string;
  /** Runs `work` after the response is sent (Slack's ack must not wait for it). */
  defer(work: Promise<unknown>): void;
}
