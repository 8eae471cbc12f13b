/**
 * The source-URL fetch at its edges: size caps are inclusive, a redirect must say where to,
 * over-long URLs are refused, an IP literal needs no DNS lookup, a body-less page is empty,
 * and DNS-over-HTTPS answers are told apart (NXDOMAIN is "no addresses", SERVFAIL or an HTTP
 * error is a failed lookup).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { dohResolver, fetchSourceText, SourceFetchError } from "../../src/platform/fetch-guard";

afterEach(() => vi.restoreAllMocks());

const PUBLIC = { allowPrivate: false } as const;
const htmlHeaders = { "content-type": "text/html; charset=utf-8" };

function mockFetch(handler: (url: string) => Response) {
  return vi
    .spyOn(globalThis, "fetch")
    .mockImplementation(async (input) => handler(input instanceof Request ? input.url : String(input)));
}

async function failure(promise: Promise<unknown>): Promise<SourceFetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SourceFetchError))
    throw new Error(`expected a SourceFetchError, got ${String(error)}`);
  return error;
}

describe("caps", () => {
  const page = `<p>${"x".repeat(93)}</p>`; // 100 bytes

  it("accepts a page of exactly maxBytes, declared or streamed", async () => {
    mockFetch(() => new Response(page, { headers: { ...htmlHeaders, "content-length": "100" } }));
    expect((await fetchSourceText("https://example.com/", { ...PUBLIC, maxBytes: 100 })).text).toHaveLength(
      93,
    );
    mockFetch(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(page));
              controller.close();
            },
          }),
          { headers: htmlHeaders },
        ),
    );
    expect((await fetchSourceText("https://example.com/", { ...PUBLIC, maxBytes: 100 })).text).toHaveLength(
      93,
    );
  });

  it("refuses a URL longer than 2,048 characters before any request", async () => {
    const spy = mockFetch(() => new Response(page, { headers: htmlHeaders }));
    const long = `https://example.com/${"a".repeat(2049 - "https://example.com/".length)}`;
    expect((await failure(fetchSourceText(long, PUBLIC))).reason).toBe("invalid_url");
    expect(spy).not.toHaveBeenCalled();
  });

  it("reads a page with no body as empty", async () => {
    mockFetch(() => new Response(null, { headers: htmlHeaders }));
    expect((await fetchSourceText("https://example.com/", PUBLIC)).text).toBe("");
  });
});

describe("redirects", () => {
  it("calls a redirect without a Location an HTTP error", async () => {
    mockFetch(() => new Response(null, { status: 302 }));
    const error = await failure(fetchSourceText("https://example.com/", PUBLIC));
    expect(error.reason).toBe("http_error");
    expect(error.message).toContain("redirected nowhere");
  });
});

describe("DNS over HTTPS", () => {
  const DOH = "https://dns.example/dns-query";

  it("fetches a public IP literal without asking DNS", async () => {
    const spy = mockFetch(() => new Response("<p>public</p>", { headers: htmlHeaders }));
    const result = await fetchSourceText("https://93.184.216.34/", { ...PUBLIC, resolve: dohResolver(DOH) });
    expect(result.text).toBe("public");
    expect(spy.mock.calls.map(([input]) => new URL(String(input)).host)).toEqual(["93.184.216.34"]);
  });

  it("answers NXDOMAIN with no addresses and SERVFAIL with a failed lookup", async () => {
    mockFetch(() => Response.json({ Status: 3 }));
    expect(await dohResolver(DOH)("nx.example.com")).toEqual([]);
    mockFetch(() => Response.json({ Status: 2 }));
    expect((await failure(dohResolver(DOH)("broken.example.com"))).reason).toBe("network");
  });

  it("names an HTTP error of the DNS service as such", async () => {
    mockFetch(() => new Response("bad gateway", { status: 502 }));
    const error = await failure(dohResolver(DOH)("any.example.com"));
    expect(error.message).toContain("HTTP 502");
  });
});
