// XML (and plain-text) renderings used by the PubMed fake: efetch PubmedArticleSet records
// and the esearch eSearchResult document, XML-escaped.
import { parseAuthor } from "./pubmed-authors.js";
import { pubDate } from "./pubmed-summary.js";
import type { PubmedArticle } from "./types.js";

const XML_DECLARATION = '<?xml version="1.0" ?>\n';
const PUBMED_DOCTYPE =
  '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" ' +
  '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n';

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

interface AbstractSection {
  label?: string;
  text: string;
}

/** "BACKGROUND: … METHODS: …" becomes labelled sections, as in structured PubMed abstracts. */
export function abstractSections(abstract: string): AbstractSection[] {
  const matches = [...abstract.matchAll(/(?:^|(?<=[.!?])\s+)([A-Z][A-Z /&]{2,}):\s+/g)];
  if (matches[0]?.index !== 0) return [{ text: abstract }];
  return matches.map((match, i) => {
    const start = match.index + match[0].length;
    const end = matches[i + 1]?.index ?? abstract.length;
    return { label: match[1] ?? "", text: abstract.slice(start, end).trim() };
  });
}

function abstractXml(abstract: string): string {
  const parts = abstractSections(abstract).map(({ label, text }) =>
    label === undefined
      ? `<AbstractText>${escapeXml(text)}</AbstractText>`
      : `<AbstractText Label="${escapeXml(label)}" NlmCategory="${escapeXml(label)}">${escapeXml(text)}</AbstractText>`,
  );
  return `<Abstract>${parts.join("")}</Abstract>`;
}

function articleXml(article: PubmedArticle): string {
  const pmid = escapeXml(article.pmid);
  const authors = article.authors
    .map((author) => {
      const { lastName, initials } = parseAuthor(author);
      return `<Author ValidYN="Y"><LastName>${escapeXml(lastName)}</LastName><Initials>${escapeXml(initials)}</Initials></Author>`;
    })
    .join("");
  const pubTypes = article.pubTypes
    .map((type) => `<PublicationType>${escapeXml(type)}</PublicationType>`)
    .join("");
  const month = article.month ? `<Month>${escapeXml(article.month)}</Month>` : "";
  const doi = article.doi ? escapeXml(article.doi) : undefined;
  return [
    "<PubmedArticle>",
    '<MedlineCitation Status="MEDLINE" Owner="NLM">',
    `<PMID Version="1">${pmid}</PMID>`,
    '<Article PubModel="Print">',
    "<Journal>",
    `<JournalIssue CitedMedium="Internet"><PubDate><Year>${article.year}</Year>${month}</PubDate></JournalIssue>`,
    `<Title>${escapeXml(article.journal)}</Title>`,
    `<ISOAbbreviation>${escapeXml(article.journalAbbrev ?? article.journal)}</ISOAbbreviation>`,
    "</Journal>",
    `<ArticleTitle>${escapeXml(article.title)}</ArticleTitle>`,
    doi ? `<ELocationID EIdType="doi" ValidYN="Y">${doi}</ELocationID>` : "",
    abstractXml(article.abstract),
    `<AuthorList CompleteYN="Y">${authors}</AuthorList>`,
    "<Language>eng</Language>",
    `<PublicationTypeList>${pubTypes}</PublicationTypeList>`,
    "</Article>",
    "</MedlineCitation>",
    "<PubmedData>",
    "<PublicationStatus>ppublish</PublicationStatus>",
    `<ArticleIdList><ArticleId IdType="pubmed">${pmid}</ArticleId>`,
    doi ? `<ArticleId IdType="doi">${doi}</ArticleId>` : "",
    "</ArticleIdList>",
    "</PubmedData>",
    "</PubmedArticle>",
  ].join("");
}

export function efetchXml(articles: PubmedArticle[]): string {
  const body = articles.map((article) => `${articleXml(article)}\n`).join("");
  return `${XML_DECLARATION}${PUBMED_DOCTYPE}<PubmedArticleSet>\n${body}</PubmedArticleSet>\n`;
}

/** rettype=abstract&retmode=text: the numbered plain-text listing PubMed produces. */
export function efetchText(articles: PubmedArticle[]): string {
  return articles
    .map((article, i) => {
      const source = `${i + 1}. ${article.journalAbbrev ?? article.journal}. ${pubDate(article)}.`;
      const doi = article.doi ? ` doi: ${article.doi}.` : "";
      const authors = `${article.authors.join(", ")}.`;
      return `${source}${doi}\n\n${article.title}\n\n${authors}\n\n${article.abstract}\n\nPMID: ${article.pmid}\n`;
    })
    .join("\n\n");
}

export interface EsearchResult {
  count: number;
  retmax: number;
  retstart: number;
  ids: string[];
  queryTranslation: string;
}

export function esearchXml(result: EsearchResult): string {
  const ids = result.ids.map((id) => `<Id>${escapeXml(id)}</Id>`).join("");
  return (
    `${XML_DECLARATION}<eSearchResult><Count>${result.count}</Count><RetMax>${result.retmax}</RetMax>` +
    `<RetStart>${result.retstart}</RetStart><IdList>${ids}</IdList><TranslationSet/>` +
    `<QueryTranslation>${escapeXml(result.queryTranslation)}</QueryTranslation></eSearchResult>\n`
  );
}

/** esummary without retmode=json: the classic eSummaryResult/DocSum document. */
export function esummaryXml(ids: string[], lookup: (pmid: string) => PubmedArticle | undefined): string {
  const item = (name: string, type: string, value: string) =>
    `<Item Name="${name}" Type="${type}">${escapeXml(value)}</Item>`;
  const docs = ids.map((id) => {
    const article = lookup(id);
    if (article === undefined) return `<ERROR>UID=${escapeXml(id)}: cannot get document summary</ERROR>`;
    const authors = article.authors.map((author) => item("Author", "String", author)).join("");
    return [
      `<DocSum><Id>${escapeXml(id)}</Id>`,
      item("PubDate", "Date", pubDate(article)),
      item("Source", "String", article.journalAbbrev ?? article.journal),
      `<Item Name="AuthorList" Type="List">${authors}</Item>`,
      item("Title", "String", article.title),
      item("FullJournalName", "String", article.journal),
      article.doi ? item("DOI", "String", article.doi) : "",
      "</DocSum>",
    ].join("");
  });
  return `${XML_DECLARATION}<eSummaryResult>${docs.join("")}</eSummaryResult>\n`;
}
