/**
 * SSRF guard for the optional source URL a physician attaches to a draft. Only http(s),
 * no credentials in the URL, no private/loopback/link-local/CGNAT/unique-local/multicast/
 * unspecified IP literals (the WHATWG parser already folds `2130706433`, `0x7f.1`… into
 * dotted form; `parseIpv4` repeats the inet_aton rules anyway), no `localhost`/`.local`/
 * `.internal` names; with a `resolve` function (production: DNS over HTTPS) a name is
 * refused if ANY of its addresses is private. Redirects are followed by hand and every hop
 * is checked again. Only HTML/plain text, at most `maxBytes` read, one overall deadline.
 * `allowPrivate` (explicit dev configuration) skips only the address checks.
 *
 * Errors are `SourceFetchError` with a stable `reason`; messages name the host only, never
 * the path or query string (which may carry tokens).
 */
import { z } from "zod";
import { cleanPlainText, htmlToText } from "./html-text";
import { isBlockedHost, isPrivateAddress, parseIpv4 } from "./private-address";

export type SourceFetchReason =
  | "invalid_url"
  | "blocked_address"
  | "too_many_redirects"
  | "unsupported_type"
  | "too_large"
  | "timeout"
  | "http_error"
  | "network";

export class SourceFetchError extends Error {
  override readonly name = "SourceFetchError";
  constructor(
    readonly reason: SourceFetchReason,
    message: string,
  ) {
    super(message);
  }
}

export type Resolver = (host: string) => Promise<string[]>;

export interface FetchSourceOptions {
  /** Dev only: skip the address checks (scheme, size, time and type caps still apply). */
  allowPrivate: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  resolve?: Resolver;
}

export interface SourceText {
  /** The final URL, after redirects. */
  url: string;
  title: string;
  text: string;
}

const ALLOWED_TYPES = new Set(["text/html", "text/plain", "application/xhtml+xml"]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_URL_LENGTH = 2048;

export async function fetchSourceText(rawUrl: string, options: FetchSourceOptions): Promise<SourceText> {
  const timeoutMs = options.timeoutMs ?? 8000;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new SourceFetchError("timeout", `the source did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  deadline.catch(() => undefined);
  const within = <T>(work: Promise<T>): Promise<T> => Promise.race([work, deadline]);
  try {
    return await fetchGuarded(parseSourceUrl(rawUrl), options, within, controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

type Within = <T>(work: Promise<T>) => Promise<T>;

async function fetchGuarded(
  start: URL,
  options: FetchSourceOptions,
  within: Within,
  signal: AbortSignal,
): Promise<SourceText> {
  const maxRedirects = options.maxRedirects ?? 3;
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  let url = start;
  for (let hop = 0; ; hop++) {
    if (!options.allowPrivate) await checkAddress(url, options.resolve, within);
    const response = await guard(
      within(
        fetch(url.toString(), {
          redirect: "manual",
          signal,
          headers: { accept: "text/html, application/xhtml+xml, text/plain;q=0.9" },
        }),
      ),
      `could not reach ${url.host}`,
    );
    if (REDIRECT_STATUSES.has(response.status)) {
      discard(response);
      const location = response.headers.get("location");
      if (!location) throw new SourceFetchError("http_error", `${url.host} redirected nowhere`);
      if (hop >= maxRedirects)
        throw new SourceFetchError("too_many_redirects", `more than ${maxRedirects} redirects`);
      url = parseSourceUrl(location, url);
      continue;
    }
    if (!response.ok) {
      discard(response);
      throw new SourceFetchError("http_error", `${url.host} answered HTTP ${response.status}`);
    }
    const contentType = response.headers.get("content-type") ?? "";
    const mediaType = (contentType.split(";")[0] ?? "").trim().toLowerCase();
    if (!ALLOWED_TYPES.has(mediaType)) {
      discard(response);
      throw new SourceFetchError("unsupported_type", `${url.host} sent ${mediaType || "no content type"}`);
    }
    const declared = Number(response.headers.get("content-length") ?? 0);
    if (declared > maxBytes) {
      discard(response);
      throw new SourceFetchError("too_large", `the page is larger than ${maxBytes} bytes`);
    }
    const body = decode(await readCapped(response, maxBytes, within), contentType);
    const { title, text } =
      mediaType === "text/plain" ? { title: "", text: cleanPlainText(body) } : htmlToText(body);
    return { url: url.toString(), title, text };
  }
}

/** Parses (relative to `base` for redirects) and applies the scheme/credential rules. */
function parseSourceUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    if (raw.length > MAX_URL_LENGTH) throw new Error("too long");
    url = new URL(raw.trim(), base);
  } catch {
    throw new SourceFetchError("invalid_url", "the source URL is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new SourceFetchError("invalid_url", "only http and https source URLs are accepted");
  if (url.username || url.password)
    throw new SourceFetchError("invalid_url", "source URLs with credentials are not accepted");
  return url;
}

async function checkAddress(url: URL, resolve: Resolver | undefined, within: Within): Promise<void> {
  const host = url.hostname.toLowerCase().replace(/\.+$/, "");
  if (isBlockedHost(host)) throw new SourceFetchError("blocked_address", `${url.host} is a private address`);
  if (!resolve || host.startsWith("[") || parseIpv4(host) !== null) return;
  const addresses = await guard(within(resolve(host)), `could not resolve ${url.host}`);
  if (addresses.length === 0) throw new SourceFetchError("network", `could not resolve ${url.host}`);
  if (addresses.some(isPrivateAddress))
    throw new SourceFetchError("blocked_address", `${url.host} resolves to a private address`);
}

/** Turns anything but our own errors (and the deadline) into a `network` error. */
async function guard<T>(work: Promise<T>, message: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof SourceFetchError) throw error;
    throw new SourceFetchError("network", message);
  }
}

async function readCapped(response: Response, maxBytes: number, within: Within): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await guard(within(reader.read()), "the connection broke while reading");
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes)
        throw new SourceFetchError("too_large", `the page is larger than ${maxBytes} bytes`);
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1] ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

const DnsAnswer = z.object({
  Status: z.number().optional(),
  Answer: z.array(z.object({ type: z.number(), data: z.string() })).optional(),
});

/** A resolver over a DNS-over-HTTPS JSON endpoint (Cloudflare/Google `application/dns-json`). */
export function dohResolver(dohUrl: string): Resolver {
  const lookup = async (host: string, type: "A" | "AAAA"): Promise<string[]> => {
    const url = new URL(dohUrl);
    url.searchParams.set("name", host);
    url.searchParams.set("type", type);
    const response = await fetch(url.toString(), { headers: { accept: "application/dns-json" } });
    if (!response.ok) throw new SourceFetchError("network", `DNS lookup failed (HTTP ${response.status})`);
    const parsed = DnsAnswer.safeParse(await response.json());
    // NOERROR (0) and NXDOMAIN (3) are answers; anything else (SERVFAIL…) is a failure.
    if (!parsed.success || (parsed.data.Status ?? 0) !== 0) {
      if (parsed.success && parsed.data.Status === 3) return [];
      throw new SourceFetchError("network", "DNS lookup failed");
    }
    const wanted = type === "A" ? 1 : 28;
    return (parsed.data.Answer ?? []).filter((a) => a.type === wanted).map((a) => a.data.trim());
  };
  return async (host) => (await Promise.all([lookup(host, "A"), lookup(host, "AAAA")])).flat();
}
