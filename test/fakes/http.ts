// Small HTTP vocabulary shared by the fake services: request/response shapes, mounts,
// response builders and helpers for reading loosely-typed parameters.
import type { ServiceName } from "./types.js";

export interface FakeRequest {
  method: string;
  /** Path relative to the mount prefix, e.g. "/chat.postMessage". */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  rawBody: Uint8Array;
  /** Origin of the fake server, e.g. "http://127.0.0.1:41234". */
  origin: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: string | Uint8Array;
}

export interface FailureContext {
  path: string;
  retryAfter: number;
}

/** One path prefix served by a fake service. */
export interface Mount {
  service: ServiceName;
  prefix: string;
  handle(req: FakeRequest): FakeResponse | Promise<FakeResponse>;
  /** The service's real error response for an injected failure. */
  failure(status: number, ctx: FailureContext): FakeResponse;
}

export interface ServiceFake {
  mounts: Mount[];
  /** Forget runtime state (scripted replies, registered data); keep id counters monotonic. */
  reset(): void;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

export function text(
  status: number,
  body: string,
  contentType = "text/plain; charset=utf-8",
  headers: Record<string, string> = {},
): FakeResponse {
  return { status, headers: { "content-type": contentType, ...headers }, body };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Query string merged with an object body (JSON or form); body wins. */
export function params(req: FakeRequest): Record<string, unknown> {
  return isRecord(req.body) ? { ...req.query, ...req.body } : { ...req.query };
}

export function str(source: Record<string, unknown>, key: string): string | undefined {
  const value = source[key];
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function bearerToken(headers: Record<string, string>): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "");
  return match?.[1];
}

/** Monotonic counter, so ids stay unique across resets within one server lifetime. */
export function sequence(start = 1): () => number {
  let next = start;
  return () => next++;
}

/** Rough token estimate used by the LLM fakes: ~4 characters per token. */
export function estimateTokens(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}
