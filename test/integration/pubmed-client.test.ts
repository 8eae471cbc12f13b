import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pubmedCache } from "../../src/db/schema";
import { Logger } from "../../src/lib/log";
import { createPubmedClient } from "../../src/platform/pubmed/client";
import { doiOf } from "../../src/platform/pubmed/esummary";
import type { PubmedConfig } from "../../src/platform/pubmed/eutils";
import { retryAfterMs } from "../../src/platform/pubmed/eutils";
import { createNcbiLimiter } from "../../src/platform/pubmed/limiter";
import { type PubmedClient, PubmedUnavailableError } from "../../src/platform/pubmed/types";
import { createFakesClient } from "../fakes/client";
import { db } from "../helpers";

const fakes = createFakesClient(env.FAKES_URL);
const API_KEY = "ncbi-test-key-0123456789";

const baseConfig: PubmedConfig = {
  PUBMED_API_URL: `${env.FAKES_URL}/pubmed`,
  NCBI_API_KEY: undefined,
  NCBI_EMAIL: "dev@serotonin.test",
  NCBI_TOOL: "serotonin-script-test",
};

interface Setup {
  config?: Partial<PubmedConfig>;
  timeoutMs?: number;
}

/** Clients made in the current test: their cache writes finish before the test ends. */
const clients: PubmedClient[] = [];

function setup({ config, timeoutMs }: Setup = {}) {
  const rates: number[] = [];
  const limiter = async (rate: number) => {
    rates.push(rate);
    return 0;
  };
  const client = createPubmedClient({
    config: { ...baseConfig, ...config },
    db: db(),
    limiter,
    log: new Logger({}, "debug"),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  clients.push(client);
  return { client, rates };
}

/** Every log line written during the test, as text. */
function captureLogs(): () => string {
  const spies = (["log", "warn", "error"] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation(() => {}),
  );
  return () => spies.flatMap((spy) => spy.mock.calls.map((call) => String(call[0]))).join("\n");
}

const emptyEsearch = {
  header: { type: "esearch", version: "0.3" },
  esearchresult: {
    count: "0",
    retmax: "0",
    retstart: "0",
    idlist: [],
    translationset: [],
    querytranslation: "",
  },
};

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.settle()));
  vi.restoreAllMocks();
});

describe("PubmedClient.search", () => {
  it("returns PMIDs by relevance and identifies itself with tool and email, without api_key", async () => {
    captureLogs();
    const { client, rates } = setup();
    const ids = await client.search("cognitive behavioral therapy insomnia", { retmax: 3 });
    expect(ids).toHaveLength(3);
    expect(ids.every((id) => /^900000\d\d$/.test(id))).toBe(true);

    const [request, ...rest] = await fakes.requests("pubmed", "esearch");
    expect(rest).toHaveLength(0);
    expect(request?.query).toMatchObject({
      db: "pubmed",
      retmode: "json",
      sort: "relevance",
      retmax: "3",
      tool: "serotonin-script-test",
      email: "dev@serotonin.test",
    });
    expect(request?.query).not.toHaveProperty("api_key");
    expect(rates).toEqual([3]);
  });

  it("sends api_key when configured, paces at 10/s, and never logs the key", async () => {
    const logs = captureLogs();
    const { client, rates } = setup({ config: { NCBI_API_KEY: API_KEY } });
    await client.search("caffeine sleep");
    await fakes.fail({ service: "pubmed", status: 503 });
    await expect(client.summaries(["90000007"])).rejects.toBeInstanceOf(PubmedUnavailableError);

    const requests = await fakes.requests("pubmed");
    expect(requests.map((r) => r.query.api_key)).toEqual([API_KEY, API_KEY]);
    expect(rates).toEqual([10, 10]);
    expect(logs()).toContain("pubmed_unavailable");
    expect(logs()).not.toContain(API_KEY);
  });

  it("restricts the term to high-evidence publication types by default", async () => {
    captureLogs();
    const { client } = setup();
    await client.search("SSRIs anxiety");
    const [request] = await fakes.requests("pubmed", "esearch");
    expect(request?.query.term).toBe(
      "(SSRIs anxiety) AND (systematic review[pt] OR meta-analysis[pt] OR review[pt] OR " +
        "practice guideline[pt] OR guideline[pt] OR randomized controlled trial[pt])",
    );
  });

  it("searches once more without the filter when the filtered search finds nothing", async () => {
    captureLogs();
    const { client } = setup();
    await fakes.fail({ service: "pubmed", path: "esearch", status: 200, body: emptyEsearch });
    const ids = await client.search("exercise depression");
    expect(ids.length).toBeGreaterThan(0);
    const terms = (await fakes.requests("pubmed", "esearch")).map((r) => r.query.term);
    expect(terms).toHaveLength(2);
    expect(terms[0]).toContain("randomized controlled trial[pt]");
    expect(terms[1]).toBe("exercise depression");
  });

  it("does not filter when preferHighEvidence is false, and skips blank queries", async () => {
    captureLogs();
    const { client } = setup();
    await client.search("caffeine", { preferHighEvidence: false, retmax: 2 });
    expect(await client.search("   ")).toEqual([]);
    const requests = await fakes.requests("pubmed", "esearch");
    expect(requests.map((r) => [r.query.term, r.query.retmax])).toEqual([["caffeine", "2"]]);
  });
});

describe("PubmedClient.summaries", () => {
  it("drops a PMID that does not resolve and logs it", async () => {
    const logs = captureLogs();
    const { client } = setup();
    const result = await client.summaries(["90000001", "99999999"]);
    expect([...result.keys()]).toEqual(["90000001"]);
    expect(result.get("90000001")).toEqual({
      pmid: "90000001",
      title: "Cognitive behavioral therapy for insomnia in adults: a fictional randomized trial",
      journal: "Fict J Sleep Med",
      year: "2021",
      authors: ["Testova O", "Fakeson J", "Placeholder-Kim S"],
      pubTypes: ["Journal Article", "Randomized Controlled Trial"],
      doi: "10.5555/fake.90000001",
    });
    const [request] = await fakes.requests("pubmed", "esummary");
    expect(request?.query).toMatchObject({
      id: "90000001,99999999",
      retmode: "json",
      tool: "serotonin-script-test",
    });
    const unresolved = logs()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.event === "pubmed_unresolved");
    expect(unresolved).toMatchObject({ level: "info", endpoint: "esummary", pmids: ["99999999"] });
  });

  it("never sends malformed PMIDs and asks nothing for an empty list", async () => {
    captureLogs();
    const { client } = setup();
    expect((await client.summaries([])).size).toBe(0);
    const result = await client.summaries(["90000002", " 90000002 ", "abc", "1,2"]);
    expect([...result.keys()]).toEqual(["90000002"]);
    const requests = await fakes.requests("pubmed", "esummary");
    expect(requests.map((r) => r.query.id)).toEqual(["90000002"]);
  });

  it("reads the DOI from articleids or elocationid", () => {
    expect(doiOf({ articleids: [{ idtype: "doi", value: "10.1000/abc.1" }], elocationid: "" })).toBe(
      "10.1000/abc.1",
    );
    expect(
      doiOf({
        articleids: [],
        elocationid: "pii: S0140-6736(20)30001-2. doi: 10.1016/S0140-6736(20)30001-2.",
      }),
    ).toBe("10.1016/S0140-6736(20)30001-2");
    expect(doiOf({ articleids: [], elocationid: "pii: e123" })).toBeUndefined();
  });
});

describe("PubmedClient.abstracts", () => {
  it("parses structured and plain abstracts from efetch XML", async () => {
    captureLogs();
    await fakes.addPubmedArticles([
      {
        pmid: "90000050",
        title: "Light therapy & mood: a fictional trial",
        abstract: "OBJECTIVE: Test bright light <10,000 lux>. RESULTS: Mood improved & sleep too.",
        journal: "Fictional Journal",
        year: 2024,
        authors: ["Testova O"],
        pubTypes: ["Journal Article"],
      },
      {
        pmid: "90000051",
        title: "No abstract",
        abstract: "",
        journal: "Fictional Journal",
        year: 2024,
        authors: [],
        pubTypes: ["Letter"],
      },
    ]);
    const { client } = setup();
    const result = await client.abstracts(["90000050", "90000009", "90000051", "99999999"]);
    expect([...result.keys()]).toEqual(["90000050", "90000009"]);
    expect(result.get("90000050")).toBe(
      "OBJECTIVE: Test bright light <10,000 lux>.\nRESULTS: Mood improved & sleep too.",
    );
    expect(result.get("90000009")).toMatch(/^Regular physical activity is associated/);

    const [request] = await fakes.requests("pubmed", "efetch");
    expect(request?.query).toMatchObject({ retmode: "xml", email: "dev@serotonin.test" });
  });

  it("keeps every label of a corpus abstract", async () => {
    captureLogs();
    const { client } = setup();
    const text = (await client.abstracts(["90000001"])).get("90000001") ?? "";
    expect(text.split("\n").map((line) => line.split(":")[0])).toEqual([
      "BACKGROUND",
      "METHODS",
      "RESULTS",
      "CONCLUSIONS",
    ]);
  });
});

describe("PubmedClient cache (D1)", () => {
  it("answers a repeated search from the cache", async () => {
    captureLogs();
    const { client } = setup();
    const first = await client.search("caffeine insomnia");
    await client.settle(); // cache writes run behind the answer
    const second = await setup().client.search("caffeine insomnia");
    expect(second).toEqual(first);
    expect(await fakes.requests("pubmed")).toHaveLength(1);
  });

  it("caches summaries and abstracts per PMID, so overlapping requests only fetch what is new", async () => {
    captureLogs();
    const { client } = setup();
    await client.summaries(["90000001", "90000002"]);
    await client.settle();
    const again = await client.summaries(["90000002", "90000003"]);
    expect([...again.keys()]).toEqual(["90000002", "90000003"]);
    await client.abstracts(["90000004"]);
    await client.settle();
    expect((await client.abstracts(["90000004"])).get("90000004")).toMatch(/^Selective serotonin/);

    const requests = await fakes.requests("pubmed");
    expect(requests.map((r) => `${r.path} ${r.query.id}`)).toEqual([
      "/esummary.fcgi 90000001,90000002",
      "/esummary.fcgi 90000003",
      "/efetch.fcgi 90000004",
    ]);
  });

  it("ignores expired rows and overwrites them", async () => {
    captureLogs();
    const { client } = setup();
    await client.summaries(["90000005"]);
    await client.settle();
    await db()
      .update(pubmedCache)
      .set({ expiresAt: Date.now() - 1 });
    expect((await client.summaries(["90000005"])).get("90000005")?.year).toBe("2023");
    await client.settle();
    expect(await fakes.requests("pubmed", "esummary")).toHaveLength(2);
    const rows = await db().select().from(pubmedCache);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.expiresAt).toBeGreaterThan(Date.now() + 6 * 24 * 60 * 60 * 1000);
  });
});

describe("PubmedClient failures", () => {
  it("retries a 429 once after a second and succeeds", async () => {
    const logs = captureLogs();
    const { client, rates } = setup();
    await fakes.fail({ service: "pubmed", status: 429, times: 1 });
    const started = Date.now();
    const ids = await client.search("caffeine");
    expect(ids.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(await fakes.requests("pubmed")).toHaveLength(2);
    expect(rates).toHaveLength(2); // the retry takes a slot in the global schedule too
    expect(logs()).toContain("pubmed_rate_limited");
  });

  it("gives up with PubmedUnavailableError when 429 persists", async () => {
    captureLogs();
    const { client } = setup();
    await fakes.fail({ service: "pubmed", status: 429, times: -1 });
    await expect(client.summaries(["90000001"])).rejects.toBeInstanceOf(PubmedUnavailableError);
    expect(await fakes.requests("pubmed")).toHaveLength(2);
  });

  it("maps 503 to PubmedUnavailableError without retrying", async () => {
    captureLogs();
    const { client } = setup();
    await fakes.fail({ service: "pubmed", status: 503 });
    await expect(client.abstracts(["90000001"])).rejects.toBeInstanceOf(PubmedUnavailableError);
    expect(await fakes.requests("pubmed")).toHaveLength(1);
  });

  it("times out a slow call", async () => {
    captureLogs();
    const { client } = setup({ timeoutMs: 150 });
    await fakes.fail({ service: "pubmed", status: 200, delayMs: 1500 });
    const started = Date.now();
    await expect(client.search("caffeine")).rejects.toThrow(/timed out after 150 ms/);
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it("maps a dropped connection to PubmedUnavailableError", async () => {
    captureLogs();
    const { client } = setup();
    await fakes.fail({ service: "pubmed", status: 0 });
    await expect(client.search("caffeine")).rejects.toBeInstanceOf(PubmedUnavailableError);
  });

  it("maps malformed responses to PubmedUnavailableError and caches nothing", async () => {
    captureLogs();
    const { client } = setup();
    await fakes.fail({
      service: "pubmed",
      path: "esearch",
      status: 200,
      body: { esearchresult: { ERROR: "bad" } },
    });
    await expect(client.search("caffeine")).rejects.toBeInstanceOf(PubmedUnavailableError);
    await fakes.fail({ service: "pubmed", path: "esummary", status: 200, body: "<html>oops</html>" });
    await expect(client.summaries(["90000001"])).rejects.toBeInstanceOf(PubmedUnavailableError);
    await fakes.fail({
      service: "pubmed",
      path: "efetch",
      status: 200,
      body: "<html><body>oops</body></html>",
    });
    await expect(client.abstracts(["90000001"])).rejects.toBeInstanceOf(PubmedUnavailableError);
    expect(await db().select().from(pubmedCache)).toHaveLength(0);
  });

  it("reads Retry-After when a server sends one, bounded", () => {
    expect(retryAfterMs(null)).toBe(1000);
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs("3600")).toBe(10_000);
    expect(retryAfterMs(new Date(5_000).toUTCString(), 2_000)).toBe(3000);
    expect(retryAfterMs("soon")).toBe(1000);
  });
});

describe("PubmedClient with the NCBI_LIMITER Durable Object", () => {
  it("paces consecutive calls through the global schedule", async () => {
    captureLogs();
    const client = createPubmedClient({
      config: baseConfig,
      db: db(),
      limiter: createNcbiLimiter(env),
      log: new Logger({}, "error"),
    });
    const ids = await client.search("sleep deprivation anxiety", { preferHighEvidence: false, retmax: 2 });
    const summaries = await client.summaries(ids);
    expect(summaries.size).toBe(ids.length);
    const [first, second] = await fakes.requests("pubmed");
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(300);
  });
});
