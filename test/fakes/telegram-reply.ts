// The Bot API's answer shapes: {ok:true, result, description?} and
// {ok:false, error_code, description, parameters?}.
import type { FakeResponse } from "./http.js";
import { json } from "./http.js";

export function telegramOk(result: unknown, description?: string): FakeResponse {
  return json(200, description === undefined ? { ok: true, result } : { ok: true, result, description });
}

export function telegramError(
  status: number,
  description: string,
  extra: Record<string, unknown> = {},
): FakeResponse {
  return json(status, { ok: false, error_code: status, description, ...extra });
}

export type BotMethod = (args: Record<string, unknown>, botId: number) => FakeResponse;
