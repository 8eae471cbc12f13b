/**
 * Citations and attributions in draft text: PMIDs, DOIs, URLs, `[n]` markers, named
 * attributions (author et al., a journal, a university, "a 2019 study") and unattributed
 * study phrases ("studies show"). Each is resolved against this draft's evidence only: a
 * citation that is not one of the retrieved-and-resolved evidence items is never trusted.
 */
import type { EvidenceItem } from "../types";

export interface Citation {
  kind: "pmid" | "doi" | "url";
  /** What the draft says, e.g. "PMID 12345678", the DOI or the URL. */
  raw: string;
  /** PMID digits, DOI lower-cased, or the normalised URL. */
  value: string;
  start: number;
  end: number;
}

/** "PMID 123", "PMID: 123", "PMID-123", "PMIDs 123, 456 and 789", "PubMed ID 123", "PMC123". */
const PMID_LIST =
  /\b(?:PMIDs?|PubMed(?:\s+IDs?)?)\s*[:#–-]?\s*(\d{1,10}(?:\s*(?:,|;|and|&|та|і|й)\s*\d{1,10})*)\b/giu;
const PMC = /\bPMC\s*-?\s*(\d{4,10})\b/gu;
const DOI = /\b(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/[^\s"<>\]]+)/giu;
const URL_PATTERN =
  /(?<![@\p{L}\p{N}./])(?:https?:\/\/(?:[^\s<>"'()\]]|\([^\s<>"'()]*\))+|(?:www\.)?(?:[a-z0-9-]+\.)+(?:com|org|net|gov|edu|int|io|ai|ly|uk|ua|de|info|health|med|co|eu|ca|au|nz|fr|pl)(?:\/[^\s<>"'\])]*)?)(?![\p{L}\p{N}])/giu;
const TRAILING = /[.,;:!?)\]}»”"']+$/u;

/** Host without "www." and the path without a trailing slash, lower-cased (query kept). */
export function normaliseUrl(url: string): string {
  const withScheme = /^https?:\/\//i.test(url) ? url : `https://${url}`;
  try {
    const parsed = new URL(withScheme);
    const host = parsed.hostname.toLowerCase().replace(/^www\./, "");
    const path = parsed.pathname.replace(/\/+$/, "");
    return `${host}${path}${parsed.search}`.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

/** PMIDs, DOIs and URLs the text cites; a pubmed.ncbi.nlm.nih.gov URL is also its PMID. */
export function citationsIn(text: string): Citation[] {
  const out: Citation[] = [];
  const taken: [number, number][] = [];
  const overlaps = (start: number, end: number) => taken.some(([s, e]) => start < e && end > s);
  for (const m of text.matchAll(DOI)) {
    const start = m.index ?? 0;
    const doi = (m[1] ?? "").replace(TRAILING, "");
    const raw = m[0].slice(0, m[0].indexOf(m[1] ?? "") + doi.length);
    out.push({ kind: "doi", raw, value: doi.toLowerCase(), start, end: start + raw.length });
    taken.push([start, start + raw.length]);
  }
  for (const m of text.matchAll(URL_PATTERN)) {
    const start = m.index ?? 0;
    const raw = trimUrl(m[0]);
    if (overlaps(start, start + raw.length) || /^\d+(\.\d+)+$/.test(raw)) continue;
    const pubmed =
      /(?:pubmed\.ncbi\.nlm\.nih\.gov\/|ncbi\.nlm\.nih\.gov\/pubmed\/|[?&]term=)(\d{1,10})/i.exec(raw);
    if (pubmed?.[1]) out.push({ kind: "pmid", raw, value: pubmed[1], start, end: start + raw.length });
    else out.push({ kind: "url", raw, value: normaliseUrl(raw), start, end: start + raw.length });
    taken.push([start, start + raw.length]);
  }
  for (const m of text.matchAll(PMID_LIST)) {
    const start = m.index ?? 0;
    if (overlaps(start, start + m[0].length)) continue;
    // One citation per PMID in a list, all spanning the list (its digits are not quantities).
    for (const id of (m[1] ?? "").match(/\d{1,10}/g) ?? [])
      out.push({ kind: "pmid", raw: m[0], value: id, start, end: start + m[0].length });
  }
  for (const m of text.matchAll(PMC)) {
    const start = m.index ?? 0;
    if (overlaps(start, start + m[0].length)) continue;
    out.push({ kind: "pmid", raw: m[0], value: `PMC${m[1] ?? ""}`, start, end: start + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Trailing punctuation is not part of a URL, except a ")" that closes one inside it. */
function trimUrl(url: string): string {
  let out = url.replace(TRAILING, "");
  const opened = (out.match(/\(/g) ?? []).length - (out.match(/\)/g) ?? []).length;
  if (opened > 0 && url.slice(out.length).startsWith(")")) out += ")";
  return out;
}

function doisIn(text: string): string[] {
  return [...text.matchAll(DOI)].map((m) => (m[1] ?? "").replace(TRAILING, ""));
}

/** True when the citation names one of this draft's evidence items. */
export function resolves(citation: Citation, evidence: EvidenceItem[]): boolean {
  switch (citation.kind) {
    case "pmid":
      return evidence.some((e) => e.kind === "pubmed" && e.ref === citation.value);
    case "doi":
      // Equality with a DOI the evidence states, never a substring (a truncated DOI is another DOI).
      return evidence.some((e) =>
        [e.doi ?? "", ...doisIn(e.url ?? ""), ...doisIn(e.text)].some(
          (doi) => doi.toLowerCase() === citation.value,
        ),
      );
    case "url":
      return evidence.some((e) => {
        if (!e.url) return false;
        const known = normaliseUrl(e.url);
        // A bare host or a shorter path names the same page or site the evidence came from.
        return known === citation.value || known.startsWith(`${citation.value}/`);
      });
  }
}

/** `[n]`, `[1, 3]`, `[2–4]` markers: the numbers they cite. */
export function markersIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\[(\d+(?:\s*[,–-]\s*\d+)*)\]/g)) {
    for (const part of (m[1] ?? "").split(/\s*,\s*/)) {
      const range = /^(\d+)\s*[–-]\s*(\d+)$/.exec(part);
      if (range) {
        const lo = Number(range[1]);
        const hi = Math.min(Number(range[2]), lo + 50);
        for (let n = lo; n <= hi; n++) out.push(n);
      } else if (/^\d+$/.test(part)) out.push(Number(part));
    }
  }
  return [...new Set(out)];
}

export const MARKER = /\s*\[\d+(?:\s*[,–-]\s*\d+)*\]/g;

/** A named source the sentence attributes a statement to. */
export interface Attribution {
  kind: "author" | "journal" | "institution" | "year";
  /** The name as written ("Smith", "Lancet", "Harvard", "2019"). */
  name: string;
  raw: string;
}

const JOURNALS = [
  "Lancet",
  "JAMA",
  "BMJ",
  "NEJM",
  "New England Journal",
  "Nature",
  "Science",
  "Cochrane",
  "Pediatrics",
  "American Journal of Psychiatry",
  "British Journal of Psychiatry",
  "World Psychiatry",
  "Sleep Medicine",
  "PLOS",
  "Psychological Medicine",
  "Journal of Clinical Psychiatry",
];
const INSTITUTIONS: [string, string][] = [
  ["Harvard", "Harvard|Гарвард"],
  ["Stanford", "Stanford|Стенфорд|Стэнфорд"],
  ["Oxford", "Oxford|Оксфорд"],
  ["Cambridge", "Cambridge|Кембрідж"],
  ["Johns Hopkins", "Johns Hopkins|Джонс[ -]Гопкінс"],
  ["Mayo Clinic", "Mayo Clinic|Клінік\\p{L}* Мейо"],
  ["Yale", "Yale|Єльськ"],
  ["WHO", "WHO|World Health Organi[sz]ation|ВООЗ|Всесвітн\\p{L}* організаці\\p{L}* охорони здоров"],
  ["NICE", "NICE"],
  ["CDC", "CDC"],
  ["NIH", "NIH|National Institutes of Health"],
  ["APA", "APA|American Psychiatric Association|American Psychological Association"],
  ["MIT", "MIT"],
];
const AUTHOR_ET_AL =
  /(?<![\p{L}])(\p{Lu}[\p{L}'’-]+)\s+(?:et\s+al\.?|and\s+colleagues|та\s+співавт\p{L}*\.?|і\s+співавт\p{L}*\.?)/gu;
const AUTHOR_YEAR = /(?<![\p{L}])(\p{Lu}[\p{L}'’-]{2,})\s*\((?:19|20)\d{2}\)/gu;
const YEAR_STUDY =
  /(?<![\p{L}\p{N}])((?:19|20)\d{2})\s*(?:-year\s+)?(?:study|trial|meta-analysis|review|paper|survey|report|дослідженн\p{L}*|метааналіз\p{L}*|огляд\p{L}*)|(?<![\p{L}])(?:study|trial|meta-analysis|review|paper|survey|дослідженн\p{L}*|метааналіз\p{L}*)\s+(?:\p{L}+\s+){0,3}(?:in|from|of|від|за)?\s*((?:19|20)\d{2})(?:\s*(?:року|р\.))?/giu;

export function attributionsIn(text: string): Attribution[] {
  const out: Attribution[] = [];
  const add = (a: Attribution) => {
    if (!out.some((b) => b.kind === a.kind && b.name.toLowerCase() === a.name.toLowerCase())) out.push(a);
  };
  for (const m of text.matchAll(AUTHOR_ET_AL)) add({ kind: "author", name: m[1] ?? "", raw: m[0] });
  for (const m of text.matchAll(AUTHOR_YEAR)) {
    const name = m[1] ?? "";
    if (JOURNALS.some((j) => j.toLowerCase() === name.toLowerCase())) continue;
    add({ kind: "author", name, raw: m[0] });
  }
  for (const journal of JOURNALS) {
    const pattern = new RegExp(`(?<![\\p{L}])${journal.replace(/ /g, "\\s+")}(?![\\p{L}])`, "u");
    const m = pattern.exec(text);
    if (m) add({ kind: "journal", name: journal, raw: m[0] });
  }
  for (const [name, alternatives] of INSTITUTIONS) {
    const caseSensitive = /^[A-Z]{3,4}$/.test(name);
    const pattern = new RegExp(`(?<![\\p{L}])(?:${alternatives})`, caseSensitive ? "u" : "iu");
    const m = pattern.exec(text);
    if (m) add({ kind: "institution", name, raw: m[0] });
  }
  for (const m of text.matchAll(YEAR_STUDY)) {
    const year = m[1] ?? m[2];
    if (year) add({ kind: "year", name: year, raw: m[0] });
  }
  return out;
}

/** True when an evidence item names this source (title, text, year). */
export function attributionResolves(attribution: Attribution, evidence: EvidenceItem[]): boolean {
  if (attribution.kind === "year") {
    return evidence.some((e) => e.year === attribution.name || e.title.includes(attribution.name));
  }
  if (attribution.kind === "institution") {
    const alternatives = INSTITUTIONS.find(([name]) => name === attribution.name)?.[1] ?? attribution.name;
    const caseSensitive = /^[A-Z]{3,4}$/.test(attribution.name);
    const pattern = new RegExp(`(?<![\\p{L}])(?:${alternatives})`, caseSensitive ? "u" : "iu");
    return evidence.some((e) => pattern.test(`${e.title}\n${e.text}\n${e.url ?? ""}`));
  }
  const name = attribution.name.toLowerCase();
  return evidence.some((e) => `${e.title}\n${e.text}`.toLowerCase().includes(name));
}

/**
 * "Studies show", "a meta-analysis found", "вчені довели": a statement leaning on research
 * without naming it. Acceptable only with a `[n]` marker to real evidence.
 */
const VAGUE_RESEARCH = [
  /\b(?:stud(?:y|ies)|research|trials?|meta-analys[ie]s|(?:systematic\s+)?reviews?|scientists|researchers|experts|data|evidence)\s+(?:\p{L}+\s+){0,3}?(?:show|shows|showed|shown|found|find|finds|prove|proves|proved|proven|suggest|suggests|suggested|demonstrate|demonstrates|demonstrated|confirm|confirms|confirmed|report|reports|reported|agree|agrees|say|says)\b/iu,
  /\baccording\s+to\s+(?:a|the|one|recent|new)\s+(?:\p{L}+\s+){0,2}?(?:study|trial|research|meta-analysis|review|survey)\b/iu,
  /(?<![\p{L}])(?:дослідженн\p{L}*|вчені|науковці|метааналіз\p{L}*|мета-аналіз\p{L}*|огляд\p{L}*|експерти)\s+(?:\p{L}+\s+){0,3}?(?:показ\p{L}*|довел\p{L}*|довод\p{L}*|довів|встанови\p{L}*|виявил\p{L}*|підтверд\p{L}*|свідч\p{L}*|стверджу\p{L}*)/iu,
  /(?<![\p{L}])згідно\s+з\s+(?:\p{L}+\s+){0,2}?(?:дослідженн\p{L}*|метааналіз\p{L}*|огляд\p{L}*)/iu,
];

export function vagueResearchIn(text: string): string | undefined {
  for (const pattern of VAGUE_RESEARCH) {
    const m = pattern.exec(text);
    if (m) return m[0];
  }
  return undefined;
}
