// One HTTP server on 127.0.0.1 hosting every fake external API under its own path prefix,
// plus the /__control API. Records each request, then applies any matching failure rule
// before the service's own handler answers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { createClock } from "./clock.js";
import { CONTROL_PREFIX, handleControl } from "./control.js";
import { FailureRules } from "./failures.js";
import type { FakeRequest, FakeResponse, Mount } from "./http.js";
import { json, text } from "./http.js";
import { RequestLog } from "./request-log.js";
import { createServices } from "./services.js";
import type { FailRule } from "./types.js";

export interface FakeServer {
  /** e.g. "http://127.0.0.1:41234" */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
}

const DEFAULT_RETRY_AFTER_SECONDS = 1;

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function parseBody(contentType: string | undefined, raw: Uint8Array): unknown {
  if (raw.byteLength === 0) return null;
  const body = Buffer.from(raw).toString("utf8");
  const type = contentType?.toLowerCase() ?? "";
  if (type.includes("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(body));
  if (type.includes("json") || (type === "" && /^\s*[[{]/.test(body))) {
    try {
      return JSON.parse(body);
    } catch {
      return body;
    }
  }
  return body;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function send(res: ServerResponse, response: FakeResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const body = typeof response.body === "string" ? Buffer.from(response.body, "utf8") : response.body;
  res.writeHead(response.status, { ...response.headers, "content-length": String(body.byteLength) });
  res.end(body);
}

/** The failure a rule asks for: the service's real error, or the rule's body verbatim. */
function ruleResponse(mount: Mount, rule: FailRule, path: string): FakeResponse {
  const real = mount.failure(rule.status, {
    path,
    retryAfter: rule.retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS,
  });
  if (rule.body === undefined) return real;
  const headers = { ...real.headers };
  delete headers["content-type"];
  return typeof rule.body === "string"
    ? text(rule.status, rule.body, undefined, headers)
    : json(rule.status, rule.body, headers);
}

function isSlowSuccess(rule: FailRule): boolean {
  return rule.status >= 200 && rule.status < 300 && rule.body === undefined;
}

export async function startFakeServer(opts: FakeServerOptions = {}): Promise<FakeServer> {
  const clock = createClock();
  const services = createServices(clock);
  const log = new RequestLog();
  const rules = new FailureRules();
  const closing = new AbortController();
  const mounts = Object.values(services)
    .flatMap((service) => service.mounts)
    .sort((a, b) => b.prefix.length - a.prefix.length);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
    const url = new URL(req.url ?? "/", origin);
    const rawBody = await readBody(req);
    const headers = flatHeaders(req);
    const base = {
      method: req.method ?? "GET",
      query: Object.fromEntries(url.searchParams),
      headers,
      body: parseBody(headers["content-type"], rawBody),
      rawBody,
      origin,
    };
    const { pathname } = url;

    if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      send(
        res,
        handleControl(
          { ...base, path: pathname.slice(CONTROL_PREFIX.length) },
          { services, log, rules, clock },
        ),
      );
      return;
    }

    const mount = mounts.find((m) => pathname === m.prefix || pathname.startsWith(`${m.prefix}/`));
    if (mount === undefined) {
      send(res, json(404, { error: `no fake service is mounted at ${pathname}` }));
      return;
    }
    const request: FakeRequest = { ...base, path: pathname.slice(mount.prefix.length) || "/" };
    log.add({
      service: mount.service,
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      body: request.body,
      at: Date.now(),
    });

    const rule = rules.take(mount.service, request.path);
    if (rule !== undefined) {
      if (rule.delayMs !== undefined && rule.delayMs > 0)
        await sleep(rule.delayMs, undefined, { signal: closing.signal });
      if (rule.lose === true) {
        // The platform acts on the request; the answer never arrives.
        await mount.handle(request);
        req.socket.destroy();
        return;
      }
      if (rule.status === 0) {
        req.socket.destroy();
        return;
      }
      if (!isSlowSuccess(rule)) {
        send(res, ruleResponse(mount, rule, request.path));
        return;
      }
    }
    send(res, await mount.handle(request));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (closing.signal.aborted) {
        res.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      // The URL may carry credentials (Telegram puts the bot token in the path): log the method only.
      console.error(`[fakes] ${req.method} request failed: ${message}`);
      send(res, json(500, { error: `fake server error: ${message}` }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fake server is not listening on TCP");
  const { port } = address;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
