/**
 * Slack request signing (v0): HMAC-SHA256 over `v0:{timestamp}:{raw body}` with the
 * signing secret. The timestamp must be within 5 minutes either way (replays, clock skew);
 * the comparison is Web Crypto's `verify`, which is constant-time.
 */
const MAX_SKEW_S = 300;

export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
}

/**
 * What can be checked before the body is read: a fresh timestamp and a well-formed
 * signature header. A request failing this is refused without reading a byte of its body.
 */
export function plausiblySigned(
  headers: Omit<SignedRequest, "rawBody">,
  nowS: number = Math.floor(Date.now() / 1000),
): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowS - Number(timestamp)) > MAX_SKEW_S) return false;
  return /^v0=[0-9a-f]{64}$/.test(signature);
}

export async function verifySlackSignature(
  secret: string,
  request: SignedRequest,
  nowS: number = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  const { timestamp, signature, rawBody } = request;
  if (!plausiblySigned({ timestamp, signature }, nowS)) return false;
  const match = /^v0=([0-9a-f]{64})$/.exec(signature ?? "");
  if (!match?.[1]) return false;
  const key = await hmacKey(secret, "verify");
  return crypto.subtle.verify(
    "HMAC",
    key,
    hexToBytes(match[1]),
    new TextEncoder().encode(`v0:${timestamp}:${rawBody}`),
  );
}

/** Signs a body the way Slack does (tests, the local playground). */
export async function signSlackRequest(secret: string, timestamp: string, rawBody: string): Promise<string> {
  const key = await hmacKey(secret, "sign");
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`v0:${timestamp}:${rawBody}`));
  return `v0=${[...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function hmacKey(secret: string, usage: "sign" | "verify") {
  return crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    [usage],
  );
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
