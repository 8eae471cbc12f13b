/**
 * One E-utilities HTTP call, done the way NCBI asks: `tool` and `email` on every request
 * (plus `api_key` when configured — it is never logged), paced by the global NCBI limiter
 * (3/s without a key, 10/s with one), bounded by a per-call timeout.
 *
 * Failure policy: a 429 gets one in-call retry after the delay NCBI asks for (Retry-After,
 * else 1 s); everything else that goes wrong — 4xx/5xx, timeout, network error — and a
 * second 429 become `PubmedUnavailableError`, so the pipeline degrades to the knowledge base.
 */

import type { z } from "zod";
import type { Config } from "../../config";
import { errorMessage, type Logger } from "../../lib/log";
import { retryAfterSeconds } from "../../lib/retry-after";
import type { Metrics } from "../../observability/metrics";
import type { NcbiLimiter } from "./limiter";
import { PubmedUnavailableError } from "./types";

export type PubmedConfig = Pick<Config, "PUBMED_API_URL" | "NCBI_API_KEY" | "NCBI_EMAIL" | "NCBI_TOOL">;
export type Endpoint = "esearch" | "esummary" | "efetch";
export type EutilsCall = (endpoint: Endpoint, params: Record<string, string>) => Promise<string>;

export interface EutilsDeps {
  config: PubmedConfig;
  limiter: NcbiLimiter;
  log: Logger;
  /** One `pubmed_call` data point per HTTP request (cache hits make none). */
  metrics?: Metrics;
  timeoutMs: number;
  /** Give up (unavailable) rather than queue behind the limiter for longer than this. */
  maxQueueMs?: number;
}

const RATE_WITHOUT_KEY = 3;
const RATE_WITH_KEY = 10;
const DEFAULT_RETRY_AFTER_MS = 1000;
const MAX_RETRY_AFTER_MS = 10_000;
const DEFAULT_MAX_QUEUE_MS = 15_000;
/** Longer query strings go as a POST form, as NCBI recommends for long id lists. */
const MAX_GET_QUERY_CHARS = 2000;

const sleep = (ms: number) =>
  ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

/** Delay from a Retry-After header (seconds or HTTP date), bounded; NCBI usually sends none. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number {
  const seconds = retryAfterSeconds(header, now);
  return seconds === undefined ? DEFAULT_RETRY_AFTER_MS : Math.min(MAX_RETRY_AFTER_MS, seconds * 1000);
}

interface RawResponse {
  status: number;
  retryAfter: string | null;
  body: string;
}

export function createEutils(deps: EutilsDeps): EutilsCall {
  const { config, log, timeoutMs } = deps;
  const rate = config.NCBI_API_KEY ? RATE_WITH_KEY : RATE_WITHOUT_KEY;
  const maxQueueMs = deps.maxQueueMs ?? DEFAULT_MAX_QUEUE_MS;

  const unavailable = (endpoint: Endpoint, reason: string): PubmedUnavailableError => {
    log.warn("pubmed_unavailable", { endpoint, reason });
    return new PubmedUnavailableError(`PubMed ${endpoint} unavailable: ${reason}`);
  };

  /** Claims a send slot; if the limiter itself fails, falls back to one local interval. */
  async function reserveSlot(endpoint: Endpoint): Promise<number> {
    try {
      const wait = await deps.limiter(rate, maxQueueMs);
      if (wait < 0 || wait > maxQueueMs)
        throw unavailable(endpoint, `rate-limit queue over ${maxQueueMs} ms`);
      return Math.max(0, wait);
    } catch (err) {
      if (err instanceof PubmedUnavailableError) throw err;
      log.warn("ncbi_limiter_error", { error: errorMessage(err) });
      return Math.ceil(1000 / rate);
    }
  }

  function buildRequest(endpoint: Endpoint, params: Record<string, string>): Request {
    const query = new URLSearchParams({ db: "pubmed", ...params, tool: config.NCBI_TOOL });
    if (config.NCBI_EMAIL) query.set("email", config.NCBI_EMAIL);
    if (config.NCBI_API_KEY) query.set("api_key", config.NCBI_API_KEY);
    const url = `${config.PUBMED_API_URL}/${endpoint}.fcgi`;
    const encoded = query.toString();
    if (encoded.length <= MAX_GET_QUERY_CHARS) return new Request(`${url}?${encoded}`);
    return new Request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: encoded,
    });
  }

  async function send(endpoint: Endpoint, params: Record<string, string>): Promise<RawResponse> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(unavailable(endpoint, `timed out after ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const started = Date.now();
    try {
      const exchange = (async () => {
        const response = await fetch(buildRequest(endpoint, params), { signal: controller.signal });
        const body = await response.text();
        return { status: response.status, retryAfter: response.headers.get("retry-after"), body };
      })();
      // After a timeout the aborted exchange rejects too; that rejection is expected.
      exchange.catch(() => undefined);
      const raw = await Promise.race([exchange, timedOut]);
      log.debug("pubmed_request", { endpoint, status: raw.status, duration_ms: Date.now() - started });
      const outcome = raw.status >= 200 && raw.status < 300 ? "ok" : `http_${raw.status}`;
      deps.metrics?.write("pubmed_call", { endpoint, outcome, ms: Date.now() - started });
      return raw;
    } catch (err) {
      const outcome = err instanceof PubmedUnavailableError ? "timeout" : "network";
      deps.metrics?.write("pubmed_call", { endpoint, outcome, ms: Date.now() - started });
      if (err instanceof PubmedUnavailableError) throw err;
      // Network failure. The message may echo the URL (and so the api_key): describe, redacted.
      throw unavailable(endpoint, `network error: ${errorMessage(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  return async (endpoint, params) => {
    await sleep(await reserveSlot(endpoint));
    let raw = await send(endpoint, params);
    if (raw.status === 429) {
      const delay = retryAfterMs(raw.retryAfter);
      log.warn("pubmed_rate_limited", { endpoint, retry_after_ms: delay });
      // Wait for whichever is later: NCBI's delay or our next slot in the global schedule.
      await sleep(Math.max(delay, await reserveSlot(endpoint)));
      raw = await send(endpoint, params);
      if (raw.status === 429) throw unavailable(endpoint, "rate limited (HTTP 429) after one retry");
    }
    if (raw.status < 200 || raw.status >= 300) throw unavailable(endpoint, `HTTP ${raw.status}`);
    return raw.body;
  };
}

/** Parses and validates a JSON body; anything unexpected is an unavailable PubMed. */
export function parseJsonBody<S extends z.ZodType>(
  body: string,
  schema: S,
  endpoint: Endpoint,
  log: Logger,
): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    log.warn("pubmed_unavailable", { endpoint, reason: "response is not JSON" });
    throw new PubmedUnavailableError(`PubMed ${endpoint} unavailable: response is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    log.warn("pubmed_unavailable", { endpoint, reason: "unexpected response shape" });
    throw new PubmedUnavailableError(`PubMed ${endpoint} unavailable: unexpected response shape`);
  }
  return parsed.data;
}
