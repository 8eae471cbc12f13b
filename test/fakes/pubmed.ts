// Fake NCBI E-utilities for PubMed: esearch.fcgi, esummary.fcgi and efetch.fcgi under
// /pubmed, GET or POST form, over the built-in TEST DATA corpus plus runtime additions.
import type { FailureContext, FakeRequest, FakeResponse, Mount, ServiceFake } from "./http.js";
import { json, params, str, text } from "./http.js";
import { PUBMED_CORPUS } from "./pubmed-corpus.js";
import { queryKeywords, searchArticles, stopwordsIn } from "./pubmed-search.js";
import { esummaryJson } from "./pubmed-summary.js";
import type { EsearchResult } from "./pubmed-xml.js";
import { efetchText, efetchXml, esearchXml, esummaryXml } from "./pubmed-xml.js";
import type { PubmedArticle } from "./types.js";

export interface PubmedFake extends ServiceFake {
  addArticles(articles: PubmedArticle[]): void;
}

const XML = "text/xml; charset=UTF-8";

function failure(status: number, _ctx: FailureContext): FakeResponse {
  if (status === 429) {
    return json(429, { error: "API rate limit exceeded", "api-key": "127.0.0.1", count: "4", limit: "3" });
  }
  if (status >= 500) {
    return text(
      status,
      `<html><head><title>${status} Error</title></head><body><h1>${status} Error</h1></body></html>`,
      "text/html",
    );
  }
  return json(status, { error: "Bad request" });
}

function intParam(args: Record<string, unknown>, key: string, fallback: number): number {
  const value = Number.parseInt(str(args, key) ?? "", 10);
  return Number.isNaN(value) || value < 0 ? fallback : value;
}

function idList(args: Record<string, unknown>): string[] {
  return (str(args, "id") ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
}

export function createPubmedFake(): PubmedFake {
  const added = new Map<string, PubmedArticle>();
  const all = (): PubmedArticle[] => {
    const merged = new Map(PUBMED_CORPUS.map((article) => [article.pmid, article]));
    for (const [pmid, article] of added) merged.set(pmid, article);
    return [...merged.values()];
  };
  const lookup = (pmid: string) => all().find((article) => article.pmid === pmid);

  function esearch(args: Record<string, unknown>): FakeResponse {
    const term = str(args, "term") ?? "";
    const keywords = queryKeywords(term);
    const matches = searchArticles(all(), keywords);
    const retstart = intParam(args, "retstart", 0);
    const ids = matches
      .slice(retstart, retstart + intParam(args, "retmax", 20))
      .map((article) => article.pmid);
    const result: EsearchResult = {
      count: matches.length,
      retmax: ids.length,
      retstart,
      ids,
      queryTranslation: keywords.map((keyword) => `"${keyword}"[All Fields]`).join(" OR "),
    };
    if (str(args, "retmode") !== "json") return text(200, esearchXml(result), XML);
    const esearchresult: Record<string, unknown> = {
      count: String(result.count),
      retmax: String(result.retmax),
      retstart: String(result.retstart),
      idlist: result.ids,
      translationset: [],
      querytranslation: result.queryTranslation,
    };
    if (result.count === 0) {
      esearchresult.warninglist = {
        phrasesignored: stopwordsIn(term),
        quotedphrasesnotfound: [],
        outputmessages: ["No items found."],
      };
    }
    return json(200, { header: { type: "esearch", version: "0.3" }, esearchresult });
  }

  function efetch(args: Record<string, unknown>): FakeResponse {
    const articles = idList(args).flatMap((id) => lookup(id) ?? []);
    if (str(args, "retmode") === "text") return text(200, efetchText(articles));
    return text(200, efetchXml(articles), XML);
  }

  const mount: Mount = {
    service: "pubmed",
    prefix: "/pubmed",
    failure,
    handle(req: FakeRequest) {
      const args = params(req);
      const db = str(args, "db") ?? "pubmed";
      if (db !== "pubmed") return json(400, { error: `Invalid db name specified: ${db}` });
      switch (req.path) {
        case "/esearch.fcgi":
          return esearch(args);
        case "/esummary.fcgi":
          return str(args, "retmode") === "json"
            ? json(200, esummaryJson(idList(args), lookup))
            : text(200, esummaryXml(idList(args), lookup), XML);
        case "/efetch.fcgi":
          return efetch(args);
        default:
          return text(404, "<html><body><h1>404 Not Found</h1></body></html>", "text/html");
      }
    },
  };

  return {
    mounts: [mount],
    reset: () => added.clear(),
    addArticles(articles) {
      for (const article of articles) added.set(article.pmid, article);
    },
  };
}
