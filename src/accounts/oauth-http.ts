/**
 * One OAuth/Graph HTTP call: a timeout, a zod-checked JSON answer, and errors that name the
 * platform and the status, never a URL (Threads puts tokens in query strings) or a token.
 */
import type { z } from "zod";
import { clip } from "../publishers/types";

export class OAuthError extends Error {
  override readonly name = "OAuthError";
  constructor(
    message: string,
    /** `refused`: the platform said no for good (bad code, revoked grant); `unavailable`: try later. */
    readonly kind: "refused" | "unavailable",
    /** The HTTP status, when the platform answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 10_000;

export async function oauthCall<T>(
  service: string,
  url: string,
  init: RequestInit,
  schema: z.ZodType<T>,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new OAuthError(`${service} did not answer`, "unavailable");
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.status >= 500 || res.status === 429) {
    throw new OAuthError(`${service} is unavailable (HTTP ${res.status})`, "unavailable", res.status);
  }
  if (!res.ok)
    throw new OAuthError(`${service} refused (HTTP ${res.status}): ${describe(body)}`, "refused", res.status);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new OAuthError(`${service} answered in an unexpected shape`, "unavailable");
  return parsed.data;
}

/** The platform's own words about a refusal: OAuth's `error`, or Graph's `error.message`. */
function describe(body: unknown): string {
  if (typeof body !== "object" || body === null) return "no details";
  const record = body as Record<string, unknown>;
  const graph = record.error;
  if (
    typeof graph === "object" &&
    graph !== null &&
    typeof (graph as { message?: unknown }).message === "string"
  ) {
    return clip((graph as { message: string }).message);
  }
  const parts = [record.error, record.error_description].filter((v): v is string => typeof v === "string");
  return parts.length > 0 ? clip(parts.join(": ")) : "no details";
}
