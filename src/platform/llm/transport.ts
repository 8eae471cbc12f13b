/**
 * The one HTTP call both LLM providers make: a JSON POST with a deadline, its answer
 * validated with zod, every failure an `LlmError` (status → kind, Retry-After kept, no
 * key ever in a message). Plain `fetch` instead of the vendors' SDKs: the two SDKs were a
 * third of the production bundle and most of its start-up time, for one endpoint each.
 */
import type { z } from "zod";
import { httpLlmError, networkLlmError, timeoutLlmError } from "./http-errors";
import { LlmError, type ProviderName } from "./types";

export interface JsonPost<T> {
  provider: ProviderName;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  /** The 2xx answer's shape. */
  reply: z.ZodType<T>;
  /** A short, key-free detail from an error answer's JSON (a code or type). */
  errorDetail: (body: unknown) => string | undefined;
}

export async function postJson<T>(call: JsonPost<T>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(call.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...call.headers },
      body: JSON.stringify(call.body),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (err) {
    throw isTimeout(err) ? timeoutLlmError(call.provider) : networkLlmError(call.provider, err);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw isTimeout(err) ? timeoutLlmError(call.provider) : networkLlmError(call.provider, err);
  }
  const body = parseJson(text);
  if (!res.ok) throw httpLlmError(call.provider, res.status, call.errorDetail(body) ?? "error", res.headers);
  const parsed = call.reply.safeParse(body);
  if (!parsed.success) throw new LlmError(call.provider, "server", `${call.provider}: reply not understood`);
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
}
