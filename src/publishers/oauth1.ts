/**
 * OAuth 1.0a request signing (RFC 5849, HMAC-SHA1) with Web Crypto, for X's user context.
 *
 * Signature base string = METHOD & enc(base URL) & enc(normalized parameters), where the
 * parameters are the query string, form body parameters (none for X's JSON bodies: a JSON
 * body is never part of the signature) and the oauth_* values, each percent-encoded by RFC
 * 3986 §2.1 rules (only ALPHA DIGIT - . _ ~ stay literal), sorted by name then value.
 * The key is enc(consumer secret) & enc(token secret).
 */

export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

/** RFC 5849 §3.6: UTF-8, then everything but unreserved characters as %XX (upper-case hex). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** RFC 5849 §3.4.1.2: lower-case scheme and host, default port dropped, no query or fragment. */
export function baseUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/** RFC 5849 §3.4.1.3.2: encoded name=value pairs sorted by name, then value, joined by "&". */
export function normalizeParameters(params: [string, string][]): string {
  return params
    .map(([name, value]): [string, string] => [percentEncode(name), percentEncode(value)])
    .sort(([an, av], [bn, bv]) => (an === bn ? compare(av, bv) : compare(an, bn)))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * The signature base string for `method url` with extra (form body) parameters. Query
 * parameters are read from `url` itself.
 */
export function signatureBaseString(method: string, url: string, params: [string, string][]): string {
  const query = [...new URL(url).searchParams.entries()];
  return [
    method.toUpperCase(),
    percentEncode(baseUrl(url)),
    percentEncode(normalizeParameters([...query, ...params])),
  ].join("&");
}

export async function hmacSha1Base64(key: string, text: string): Promise<string> {
  const encoder = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(text)));
  let binary = "";
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function signingKey(consumerSecret: string, tokenSecret: string): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

export interface SignOptions {
  /** Form-encoded body parameters (never a JSON body). */
  params?: [string, string][];
  nonce?: string;
  /** Seconds since the epoch. */
  timestamp?: number;
}

/** The `oauth_*` protocol parameters (without the signature) for one request. */
export function protocolParams(
  credentials: OAuth1Credentials,
  nonce: string,
  timestamp: number,
): [string, string][] {
  return [
    ["oauth_consumer_key", credentials.consumerKey],
    ["oauth_nonce", nonce],
    ["oauth_signature_method", "HMAC-SHA1"],
    ["oauth_timestamp", String(timestamp)],
    ["oauth_token", credentials.token],
    ["oauth_version", "1.0"],
  ];
}

/** The `Authorization: OAuth …` header value for a request. */
export async function authorizationHeader(
  credentials: OAuth1Credentials,
  method: string,
  url: string,
  options: SignOptions = {},
): Promise<string> {
  const nonce = options.nonce ?? randomNonce();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const oauth = protocolParams(credentials, nonce, timestamp);
  const base = signatureBaseString(method, url, [...oauth, ...(options.params ?? [])]);
  const signature = await hmacSha1Base64(
    signingKey(credentials.consumerSecret, credentials.tokenSecret),
    base,
  );
  const signed: [string, string][] = [...oauth, ["oauth_signature", signature]];
  const fields = signed
    .sort(([a], [b]) => compare(a, b))
    .map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`);
  return `OAuth ${fields.join(", ")}`;
}

/** 32 random alphanumeric characters (hex of 16 random bytes). */
export function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
