// Meta Graph error bodies ({error:{message, type, code, error_subcode?, fbtrace_id}}), shared
// by the Threads API fake and its OAuth endpoints.
import type { FakeResponse } from "./http.js";
import { json, sequence } from "./http.js";

const nextTrace = sequence();

export function graphError(
  status: number,
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): FakeResponse {
  const fbtrace_id = `AFakeTrace${nextTrace().toString(36).padStart(6, "0")}`;
  return json(status, { error: { message, type: "OAuthException", code, ...extra, fbtrace_id } }, headers);
}

export function unknownObject(id: string, verb: "get" | "post"): FakeResponse {
  return graphError(
    400,
    100,
    `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    { type: "GraphMethodException", error_subcode: 33 },
  );
}

/** Code 190 (an access token that does not work), with the header Graph adds to it. */
export function invalidToken(message: string, subcode?: number): FakeResponse {
  const extra = subcode === undefined ? {} : { error_subcode: subcode };
  return graphError(400, 190, message, extra, {
    "www-authenticate": `OAuth "Facebook Platform" "invalid_token" "${message.replaceAll('"', "'")}"`,
  });
}

/** Graph's wording for an expiry instant: "Tuesday, 04-Jul-23 02:11:32 PDT", Pacific time. */
export function graphTime(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: "America/Los_Angeles",
      weekday: "long",
      day: "2-digit",
      month: "short",
      year: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    })
      .formatToParts(new Date(ms))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday}, ${parts.day}-${parts.month}-${parts.year} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}
