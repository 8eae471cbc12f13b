import { afterEach, describe, expect, it, vi } from "vitest";
import {
  dohResolver,
  type FetchSourceOptions,
  fetchSourceText,
  SourceFetchError,
  type SourceFetchReason,
} from "../../src/platform/fetch-guard";
import { isBlockedHost, isPrivateAddress } from "../../src/platform/private-address";

type Handler = (url: string, init: RequestInit | undefined) => Response | Promise<Response>;

/** Mocks global fetch; the handler builds a NEW Response per call. */
function mockFetch(handler: Handler) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    return handler(url, init);
  });
}

function html(body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { headers: { "content-type": "text/html; charset=utf-8", ...headers } });
}

function redirect(location: string, status = 302): Response {
  return new Response(null, { status, headers: { location } });
}

const PUBLIC: FetchSourceOptions = { allowPrivate: false };

async function reasonOf(promise: Promise<unknown>): Promise<SourceFetchReason> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceFetchError) return error.reason;
    throw error;
  }
  throw new Error("expected a SourceFetchError");
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("fetchSourceText: address checks", () => {
  const blocked = [
    "http://127.0.0.1/",
    "http://127.1/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://0177.0.0.1/",
    "http://0x7f000001/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://[ff02::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[64:ff9b::a00:1]/",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://localhost:8787/admin",
    "http://app.localhost/",
    "http://printer.local/",
    "http://db.internal/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://intranet/",
  ];

  it.each(blocked)("refuses %s without fetching it", async (url) => {
    const fetchSpy = mockFetch(() => html("secret"));
    expect(await reasonOf(fetchSourceText(url, PUBLIC))).toBe("blocked_address");
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it.each([
    "ftp://example.com/file",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "not a url",
    "http://user:pass@example.com/",
    "https://token@example.com/",
  ])("refuses %s as an invalid URL", async (url) => {
    const fetchSpy = mockFetch(() => html("x"));
    expect(await reasonOf(fetchSourceText(url, PUBLIC))).toBe("invalid_url");
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("classifies public addresses as public", () => {
    for (const address of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isPrivateAddress(address)).toBe(false);
    }
    expect(isPrivateAddress("not-an-address")).toBe(true);
    expect(isBlockedHost("pubmed.ncbi.nlm.nih.gov")).toBe(false);
  });

  it("fetches a public page with redirect: manual and returns its text", async () => {
    const fetchSpy = mockFetch(() =>
      html("<html><head><title>Sleep &amp; mood</title></head><body><p>Caffeine lasts.</p></body></html>"),
    );
    const result = await fetchSourceText("https://example.com/article", PUBLIC);
    expect(result).toEqual({
      url: "https://example.com/article",
      title: "Sleep & mood",
      text: "Caffeine lasts.",
    });
    expect(fetchSpy.mock.calls[0]?.[1]?.redirect).toBe("manual");
  });

  it("allowPrivate lets a loopback address through, but keeps the other caps", async () => {
    mockFetch(() => html("<p>dev page</p>"));
    const result = await fetchSourceText("http://127.0.0.1:8787/page", { allowPrivate: true });
    expect(result.text).toBe("dev page");
    expect(await reasonOf(fetchSourceText("ftp://127.0.0.1/", { allowPrivate: true }))).toBe("invalid_url");
    mockFetch(() => new Response("%PDF", { headers: { "content-type": "application/pdf" } }));
    expect(await reasonOf(fetchSourceText("http://127.0.0.1/", { allowPrivate: true }))).toBe(
      "unsupported_type",
    );
  });
});

describe("fetchSourceText: redirects", () => {
  it("refuses a redirect to a private address", async () => {
    const fetchSpy = mockFetch(() => redirect("http://169.254.169.254/latest/meta-data/"));
    expect(await reasonOf(fetchSourceText("https://example.com/go", PUBLIC))).toBe("blocked_address");
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it("follows relative redirects and reports the final URL", async () => {
    mockFetch((url) => (url.endsWith("/old") ? redirect("/new", 301) : html("<p>moved here</p>")));
    const result = await fetchSourceText("https://example.com/old", PUBLIC);
    expect(result.url).toBe("https://example.com/new");
    expect(result.text).toBe("moved here");
  });

  it("stops after maxRedirects", async () => {
    let n = 0;
    const fetchSpy = mockFetch(() => redirect(`https://example.com/hop${++n}`));
    const outcome = fetchSourceText("https://example.com/start", { ...PUBLIC, maxRedirects: 2 });
    expect(await reasonOf(outcome)).toBe("too_many_redirects");
    expect(fetchSpy).toHaveBeenCalledTimes(3);
  });
});

describe("fetchSourceText: response caps", () => {
  it("stops reading a stream larger than maxBytes", async () => {
    let pulled = 0;
    let cancelled = false;
    mockFetch(() => {
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          controller.enqueue(new TextEncoder().encode("<p>".padEnd(1024, "x")));
        },
        cancel() {
          cancelled = true;
        },
      });
      return new Response(stream, { headers: { "content-type": "text/html" } });
    });
    const outcome = fetchSourceText("https://example.com/huge", { ...PUBLIC, maxBytes: 10_000 });
    expect(await reasonOf(outcome)).toBe("too_large");
    expect(pulled).toBeLessThan(20);
    expect(cancelled).toBe(true);
  });

  it("refuses a declared Content-Length above maxBytes", async () => {
    mockFetch(() => html("small", { "content-length": "99999999" }));
    expect(await reasonOf(fetchSourceText("https://example.com/", { ...PUBLIC, maxBytes: 1000 }))).toBe(
      "too_large",
    );
  });

  it.each(["application/pdf", "image/png", "application/json", ""])(
    "refuses content type %j",
    async (type) => {
      // A byte body, so the runtime adds no default text/plain type.
      const body = new TextEncoder().encode("data");
      mockFetch(() => new Response(body, { headers: type ? { "content-type": type } : {} }));
      expect(await reasonOf(fetchSourceText("https://example.com/file", PUBLIC))).toBe("unsupported_type");
    },
  );

  it("accepts text/plain and application/xhtml+xml", async () => {
    mockFetch(() => new Response("plain   text\n\n\nhere", { headers: { "content-type": "text/plain" } }));
    expect((await fetchSourceText("https://example.com/a.txt", PUBLIC)).text).toBe("plain text\n\nhere");
    mockFetch(() => new Response("<p>xhtml</p>", { headers: { "content-type": "application/xhtml+xml" } }));
    expect((await fetchSourceText("https://example.com/a.xhtml", PUBLIC)).text).toBe("xhtml");
  });

  it("times out a fetch that never answers", async () => {
    mockFetch(() => new Promise<Response>(() => undefined));
    const started = Date.now();
    expect(await reasonOf(fetchSourceText("https://example.com/slow", { ...PUBLIC, timeoutMs: 50 }))).toBe(
      "timeout",
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("times out a body that stalls", async () => {
    mockFetch(
      () =>
        new Response(new ReadableStream({ pull: () => new Promise(() => undefined) }), {
          headers: { "content-type": "text/html" },
        }),
    );
    expect(await reasonOf(fetchSourceText("https://example.com/stall", { ...PUBLIC, timeoutMs: 50 }))).toBe(
      "timeout",
    );
  });

  it("reports HTTP errors and network failures without the query string", async () => {
    mockFetch(() => new Response("nope", { status: 404 }));
    const error = await fetchSourceText("https://example.com/a?token=s3cret", PUBLIC).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SourceFetchError);
    expect((error as SourceFetchError).reason).toBe("http_error");
    expect((error as SourceFetchError).message).not.toContain("s3cret");
    mockFetch(() => Promise.reject(new TypeError("connection refused")));
    expect(await reasonOf(fetchSourceText("https://example.com/", PUBLIC))).toBe("network");
  });
});

describe("dohResolver", () => {
  function mockDoh(answers: Record<string, { type: number; data: string }[]>, page = "<p>public</p>") {
    return mockFetch((url, init) => {
      const parsed = new URL(url);
      if (parsed.host !== "dns.example") return html(page);
      expect(new Headers(init?.headers).get("accept")).toBe("application/dns-json");
      const key = `${parsed.searchParams.get("name")}/${parsed.searchParams.get("type")}`;
      return Response.json({ Status: 0, Answer: answers[key] ?? [] });
    });
  }
  const resolve = dohResolver("https://dns.example/dns-query");

  it("refuses a public-looking name that resolves to a private address", async () => {
    const fetchSpy = mockDoh({ "news.example.com/A": [{ type: 1, data: "10.0.0.5" }] });
    const outcome = fetchSourceText("https://news.example.com/story", { ...PUBLIC, resolve });
    expect(await reasonOf(outcome)).toBe("blocked_address");
    const hosts = fetchSpy.mock.calls.map(([input]) => new URL(String(input)).host);
    expect(hosts.every((host) => host === "dns.example")).toBe(true);
    const types = fetchSpy.mock.calls.map(([input]) => new URL(String(input)).searchParams.get("type"));
    expect(types.sort()).toEqual(["A", "AAAA"]);
  });

  it("refuses when ANY resolved address is private (IPv6 included)", async () => {
    mockDoh({
      "mixed.example.com/A": [{ type: 1, data: "93.184.216.34" }],
      "mixed.example.com/AAAA": [{ type: 28, data: "fd00::5" }],
    });
    const outcome = fetchSourceText("https://mixed.example.com/", { ...PUBLIC, resolve });
    expect(await reasonOf(outcome)).toBe("blocked_address");
  });

  it("lets a name with only public addresses through (CNAME records ignored)", async () => {
    mockDoh({
      "ok.example.com/A": [
        { type: 5, data: "cdn.example.net." },
        { type: 1, data: "93.184.216.34" },
      ],
      "ok.example.com/AAAA": [{ type: 28, data: "2606:2800:220:1::248" }],
    });
    expect(await resolve("ok.example.com")).toEqual(["93.184.216.34", "2606:2800:220:1::248"]);
    const result = await fetchSourceText("https://ok.example.com/", { ...PUBLIC, resolve });
    expect(result.text).toBe("public");
  });

  it("fails closed when the name does not resolve or DoH fails", async () => {
    mockDoh({});
    expect(await reasonOf(fetchSourceText("https://nx.example.com/", { ...PUBLIC, resolve }))).toBe(
      "network",
    );
    mockFetch(() => new Response("bad gateway", { status: 502 }));
    expect(await reasonOf(fetchSourceText("https://any.example.com/", { ...PUBLIC, resolve }))).toBe(
      "network",
    );
  });
});
