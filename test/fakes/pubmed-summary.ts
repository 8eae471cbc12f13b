// esummary (retmode=json) document summaries for the PubMed fake, in the E-utilities shape.
import { parseAuthor } from "./pubmed-authors.js";
import type { PubmedArticle } from "./types.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function pubDate(article: PubmedArticle): string {
  return article.month ? `${article.year} ${article.month}` : String(article.year);
}

function sortPubDate(article: PubmedArticle): string {
  const month = String(Math.max(1, MONTHS.indexOf(article.month ?? "Jan") + 1)).padStart(2, "0");
  return `${article.year}/${month}/01 00:00`;
}

function summary(article: PubmedArticle): Record<string, unknown> {
  const names = article.authors.map((author) => {
    const { lastName, initials } = parseAuthor(author);
    return `${lastName} ${initials}`.trim();
  });
  const articleIds: Array<Record<string, unknown>> = [{ idtype: "pubmed", idtypen: 1, value: article.pmid }];
  if (article.doi) articleIds.push({ idtype: "doi", idtypen: 3, value: article.doi });
  return {
    uid: article.pmid,
    pubdate: pubDate(article),
    epubdate: "",
    source: article.journalAbbrev ?? article.journal,
    authors: names.map((name) => ({ name, authtype: "Author", clusterid: "" })),
    lastauthor: names.at(-1) ?? "",
    title: article.title,
    sorttitle: article.title.toLowerCase(),
    volume: "",
    issue: "",
    pages: "",
    lang: ["eng"],
    issn: "",
    essn: "",
    pubtype: article.pubTypes,
    recordstatus: "PubMed - indexed for MEDLINE",
    pubstatus: "4",
    articleids: articleIds,
    history: [],
    references: [],
    attributes: ["Has Abstract"],
    pmcrefcount: "",
    fulljournalname: article.journal,
    elocationid: article.doi ? `doi: ${article.doi}` : "",
    doctype: "citation",
    sortpubdate: sortPubDate(article),
    sortfirstauthor: names[0] ?? "",
  };
}

export function esummaryJson(ids: string[], lookup: (pmid: string) => PubmedArticle | undefined): unknown {
  if (ids.length === 0) return { esummaryresult: ["Empty id list - nothing todo"] };
  const uids: string[] = [];
  const result: Record<string, unknown> = {};
  for (const id of ids) {
    const article = lookup(id);
    if (article === undefined) {
      result[id] = { uid: id, error: "cannot get document summary" };
      continue;
    }
    uids.push(id);
    result[id] = summary(article);
  }
  return { header: { type: "esummary", version: "0.3" }, result: { uids, ...result } };
}
