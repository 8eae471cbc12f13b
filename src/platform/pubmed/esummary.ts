/**
 * esummary (retmode=json): validates the response and turns each document summary into a
 * `PubmedSummary`. A PMID that is absent from `result.uids`, carries an `error`, or whose
 * summary is malformed does not resolve — it is reported back so the caller can drop it.
 */
import { z } from "zod";
import { decodeXmlEntities } from "./efetch-xml";
import type { PubmedSummary } from "./types";

export function esummaryParams(pmids: string[]): Record<string, string> {
  return { id: pmids.join(","), retmode: "json" };
}

export const esummaryResponse = z.object({
  result: z.looseObject({ uids: z.array(z.string()) }),
});

const documentSummary = z.object({
  uid: z.string(),
  title: z.string(),
  source: z.string().default(""),
  fulljournalname: z.string().default(""),
  pubdate: z.string().default(""),
  epubdate: z.string().default(""),
  sortpubdate: z.string().default(""),
  authors: z.array(z.object({ name: z.string() })).default([]),
  pubtype: z.array(z.string()).default([]),
  articleids: z.array(z.object({ idtype: z.string(), value: z.string() })).default([]),
  elocationid: z.string().default(""),
});

type DocumentSummary = z.infer<typeof documentSummary>;

/** The cached form of a summary: the port type, checked again when read back. */
export const pubmedSummarySchema = z.object({
  pmid: z.string(),
  title: z.string(),
  journal: z.string(),
  year: z.string(),
  authors: z.array(z.string()),
  pubTypes: z.array(z.string()),
  doi: z.string().optional(),
});

export interface EsummaryResult {
  resolved: Map<string, PubmedSummary>;
  unresolved: string[];
}

/** Titles may carry escaped inline markup ("&lt;i&gt;"): decode, then drop the tags. */
function plainText(text: string): string {
  return decodeXmlEntities(text)
    .replace(/<\/?[a-zA-Z][^>]*>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

const DOI = /^10\.\d{4,9}\/\S+$/;

export function doiOf(doc: Pick<DocumentSummary, "articleids" | "elocationid">): string | undefined {
  const fromIds = doc.articleids.find((id) => id.idtype.toLowerCase() === "doi")?.value.trim();
  if (fromIds && DOI.test(fromIds)) return fromIds;
  // elocationid: "doi: 10.1000/xyz" or "pii: S0140-6736(20)30001-2. doi: 10.1016/…".
  const match = /doi:\s*(10\.\d{4,9}\/[^\s;]+)/i.exec(doc.elocationid);
  return match?.[1]?.replace(/\.$/, "");
}

function yearOf(doc: DocumentSummary): string {
  for (const date of [doc.pubdate, doc.sortpubdate, doc.epubdate]) {
    const match = /\b(\d{4})\b/.exec(date);
    if (match?.[1]) return match[1];
  }
  return "";
}

function toSummary(pmid: string, doc: DocumentSummary): PubmedSummary {
  const summary: PubmedSummary = {
    pmid,
    title: plainText(doc.title),
    journal: plainText(doc.source || doc.fulljournalname),
    year: yearOf(doc),
    authors: doc.authors.map((author) => author.name.trim()).filter(Boolean),
    pubTypes: doc.pubtype,
  };
  const doi = doiOf(doc);
  if (doi) summary.doi = doi;
  return summary;
}

/** Splits the requested PMIDs into resolved summaries (in request order) and the rest. */
export function readEsummary(response: z.infer<typeof esummaryResponse>, pmids: string[]): EsummaryResult {
  const uids = new Set(response.result.uids);
  const resolved = new Map<string, PubmedSummary>();
  const unresolved: string[] = [];
  for (const pmid of pmids) {
    const raw: unknown = uids.has(pmid) ? response.result[pmid] : undefined;
    const parsed = documentSummary.safeParse(raw);
    const hasError = typeof raw === "object" && raw !== null && "error" in raw;
    if (!parsed.success || hasError || parsed.data.uid !== pmid || !parsed.data.title.trim()) {
      unresolved.push(pmid);
      continue;
    }
    resolved.set(pmid, toSummary(pmid, parsed.data));
  }
  return { resolved, unresolved };
}
