/**
 * One OAuth/Graph HTTP call: a timeout, a zod-checked JSON answer, and errors that name the
 * platform and the status, never a URL (Threads puts tokens in query strings) or a token.
 */
import type { z } from "zod";
import { type ApiReply, exchangeJson } from "../lib/http-json";
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
  let reply: ApiReply;
  try {
    reply = await exchangeJson((input, options) => fetch(input, options), url, init, TIMEOUT_MS);
  } catch {
    throw new OAuthError(`${service} did not answer`, "unavailable");
  }
  const { status, body } = reply;
  if (status >= 500 || status === 429) {
    throw new OAuthError(`${service} is unavailable (HTTP ${status})`, "unavailable", status);
  }
  if (status < 200 || status >= 300)
    throw new OAuthError(`${service} refused (HTTP ${status}): ${describe(body)}`, "refused", status);
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
