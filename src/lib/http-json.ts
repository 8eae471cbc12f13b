/**
 * One HTTP exchange with a JSON answer, under a timeout: what the publishers' API calls and
 * the sign-in (OAuth, Graph, Bot API) calls share. Each caller turns `NoAnswer` and the status
 * into its own error type; nothing here names the URL, which may carry a token.
 */

export interface ApiReply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null when the body was empty or not JSON. */
  body: unknown;
}

/** No answer at all: the network failed, or the timeout ran out (`timedOut`). */
export class NoAnswer extends Error {
  override readonly name = "NoAnswer";
  constructor(readonly timedOut: boolean) {
    super(timedOut ? "timed out" : "network error");
  }
}

export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

export async function exchangeJson(
  fetcher: Fetcher,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<ApiReply> {
  try {
    const res = await fetcher(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: parseJson(text) };
  } catch (err) {
    throw new NoAnswer(err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"));
  }
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
