/**
 * The deterministic claim rules. They run over the whole final text, always, whatever an
 * LLM checker says: every sentence is read for checkable units — numbers with their unit
 * and subject, drug and substance names, PMIDs, DOIs, URLs, `[n]` markers, named and
 * unnamed research attributions — and each unit must be stated by this draft's evidence
 * (the items the sentence cites, or any item when it cites none). A sentence with no
 * checkable unit is left to the LLM checker.
 */

import { keywords, prefixOverlap, wordPrefixes } from "../retrieval/keywords";
import type { CheckedClaim, ClaimKind, EvidenceItem, RuleReason } from "../types";
import {
  attributionResolves,
  attributionsIn,
  citationsIn,
  MARKER,
  markersIn,
  resolves,
  vagueResearchIn,
} from "./citations";
import { extractQuantities, type Quantity, quantityLabel, sameKind, supports } from "./quantities";
import { draftSentences } from "./sentences";
import { namesSubstance, substancesIn } from "./substances";
import { hasCyrillic } from "./tokens";
import { unitOf } from "./units";

interface EvidenceQuantity {
  quantity: Quantity;
  /** Substances named in the evidence sentence the quantity is in. */
  substances: string[];
  /** That sentence, for the topic check. */
  sentence: string;
  /** Word prefixes of the clause around the quantity, and its script: read once per check. */
  clause: Set<string>;
  cyrillic: boolean;
}

interface IndexedEvidence {
  item: EvidenceItem;
  quantities: EvidenceQuantity[];
  substances: string[];
}

/** Evidence read once per check: quantities per sentence, substances per item. */
export class EvidenceIndex {
  readonly items: IndexedEvidence[];
  readonly evidence: EvidenceItem[];
  constructor(evidence: EvidenceItem[]) {
    // Instructions planted in retrieved text are not facts: they support nothing.
    this.evidence = evidence.map((item) => ({ ...item, text: withoutInstructions(item.text) }));
    this.items = this.evidence.map((item) => {
      const quantities = draftSentences(`${item.title}.\n${item.text}`).flatMap((sentence) => {
        const substances = substancesIn(sentence);
        const cyrillic = hasCyrillic(sentence);
        return extractQuantities(sentence, { generous: true }).map((quantity) => ({
          quantity,
          substances,
          sentence,
          clause: wordPrefixes(clauseAround(sentence, quantity.start, quantity.end)),
          cyrillic,
        }));
      });
      return { item, quantities, substances: substancesIn(`${item.title}\n${item.text}`) };
    });
  }

  known(n: number): boolean {
    return this.evidence.some((e) => e.number === n);
  }

  pool(cited: number[]): IndexedEvidence[] {
    const valid = cited.filter((n) => this.known(n));
    return valid.length ? this.items.filter((e) => valid.includes(e.item.number)) : this.items;
  }
}

/** Sentences addressed to a model ("ignore previous instructions", "SYSTEM: …", HTML comments). */
const INSTRUCTION =
  /ignore\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier)\s+instructions|^\s*(?:system|assistant|user|developer)\s*:|you\s+are\s+now\b|mark\s+(?:every|all)\s+claims?|(?:add|cite|insert)\s+(?:the\s+)?(?:pmid|doi|link|url)|ігноруй|ігноруйте|познач\p{L}*\s+(?:всі|усі|кожне)\s+твердженн|<!--/iu;

export function withoutInstructions(text: string): string {
  const cleaned = text.replace(/<!--[\s\S]*?-->/g, " ");
  return draftSentences(cleaned)
    .filter((sentence) => !INSTRUCTION.test(sentence))
    .join(" ");
}

/** Rule verdicts for every sentence of `draft` that has a checkable unit. */
export function ruleClaims(draft: string, evidence: EvidenceItem[] | EvidenceIndex): CheckedClaim[] {
  const index = evidence instanceof EvidenceIndex ? evidence : new EvidenceIndex(evidence);
  const out: CheckedClaim[] = [];
  for (const sentence of draftSentences(draft)) {
    const claim = checkStatement(sentence, markersIn(sentence), index);
    if (claim) out.push(claim);
  }
  return out;
}

/**
 * Checks one statement whose cited evidence numbers are `cited` (its markers, or the
 * numbers an LLM claim gives). Undefined when the statement has no checkable unit.
 */
export function checkStatement(
  statement: string,
  cited: number[],
  index: EvidenceIndex,
): CheckedClaim | undefined {
  const reasons: RuleReason[] = [];
  const kinds = new Set<ClaimKind>();
  const valid = cited.filter((n) => index.known(n));
  for (const n of cited) if (!index.known(n)) reasons.push({ code: "missing_marker", detail: `[${n}]` });
  if (cited.length > 0) kinds.add("general");

  let body = statement.replace(MARKER, "").trim();
  // Citations: resolved against all of this draft's evidence.
  const citations = citationsIn(body);
  for (const c of citations) {
    kinds.add("citation");
    if (!resolves(c, index.evidence)) {
      const code =
        c.kind === "pmid" ? "unresolved_pmid" : c.kind === "doi" ? "unresolved_doi" : "unresolved_url";
      reasons.push({ code, detail: c.kind === "pmid" ? `PMID ${c.value}` : c.raw });
    }
  }
  // Numbers inside citations (PMID digits, DOI prefixes) are not quantities.
  for (const c of [...citations].reverse()) body = `${body.slice(0, c.start)} ${body.slice(c.end)}`;

  const pool = index.pool(valid);
  const poolItems = pool.map((p) => p.item);
  const attributions = attributionsIn(body);
  for (const a of attributions) {
    kinds.add("attribution");
    if (!attributionResolves(a, poolItems))
      reasons.push({ code: "attribution_unmatched", detail: a.raw.trim() });
  }
  const vague = attributions.length === 0 ? vagueResearchIn(body) : undefined;
  if (vague) {
    kinds.add("attribution");
    if (valid.length === 0) reasons.push({ code: "vague_attribution", detail: vague.trim() });
  }

  const substances = substancesIn(body);
  for (const substance of substances) {
    kinds.add("drug");
    if (!pool.some((p) => namesSubstance(substance, p.substances)))
      reasons.push({ code: "substance_not_in_evidence", detail: substance });
  }

  // A phone number ("call 988", "лінія 7333") is contact information, not a claim.
  const phoneContext = PHONE_CONTEXT.test(body);
  for (const quantity of extractQuantities(body)) {
    if (quantity.dimension === "count" && phoneContext) continue;
    // "In my 12 years of practice": the physician's own experience, not a medical claim.
    if (isExperience(body, quantity)) continue;
    // Years named with a study are judged as the attribution they are part of.
    if (quantity.dimension === "year" && attributions.length > 0) continue;
    kinds.add(quantity.dimension === "mass" || quantity.dimension === "volume" ? "dose" : "number");
    const reason = quantityReason(quantity, substances, topicTerms(body, quantity), pool);
    if (reason) reasons.push(reason);
  }

  if (kinds.size === 0 || (kinds.size === 1 && kinds.has("general") && reasons.length === 0))
    return undefined;
  return {
    text: statement.replace(MARKER, "").trim(),
    kind: primaryKind(kinds),
    verdict: reasons.length > 0 ? "unsupported" : "supported",
    evidence: valid,
    reasons,
    source: "rules",
  };
}

const PHONE_CONTEXT =
  /\b(?:call|dial|text|phone|hotline|helpline|lifeline)\b|(?<![\p{L}])(?:телефон\p{L}*|номер\p{L}*|дзвон\p{L}*|зателефон\p{L}*|лінія|лінії|гаряч\p{L}*)/iu;

const FIRST_PERSON =
  /\b(?:i|i've|i'm|my|me)\b|(?<![\p{L}])(?:я|мій|моя|моє|мої|моєї|моїй|моїх|мого|мене|мені)(?![\p{L}])/iu;
const PRACTICE =
  /^\s*(?:of|in)?\s*(?:my\s+)?(?:practice|experience|career|work|clinical|practising|practicing)|^\s*(?:практики|досвіду|роботи|стажу|кар['’ʼ]єри|практикую|працюю)/iu;

/** A span of years the physician speaks about themselves, or followed by "of practice". */
function isExperience(sentence: string, quantity: Quantity): boolean {
  const years = quantity.dimension === "time" && /\b(?:years?)\b|рок|рік/iu.test(quantity.raw);
  if (!years) return false;
  return PRACTICE.test(sentence.slice(quantity.end)) || FIRST_PERSON.test(sentence);
}

const KIND_ORDER: ClaimKind[] = ["citation", "attribution", "dose", "drug", "number", "general"];

function primaryKind(kinds: Set<ClaimKind>): ClaimKind {
  return KIND_ORDER.find((k) => kinds.has(k)) ?? "general";
}

/** Undefined when some evidence states the quantity, about the same substance. */
const CLAUSE_BREAK = /[,;:—–()]|\s(?:and|but|while|whereas|і|й|а|але|тоді як)\s/giu;

/** The clause of `sentence` around [start, end): what a number in it is about. */
export function clauseAround(sentence: string, start: number, end: number): string {
  let from = 0;
  let to = sentence.length;
  for (const m of sentence.matchAll(CLAUSE_BREAK)) {
    const at = m.index ?? 0;
    if (at + m[0].length <= start) from = at + m[0].length;
    else if (at >= end) {
      to = at;
      break;
    }
  }
  return `${sentence.slice(from, start)} ${sentence.slice(end, to)}`;
}

/** Content words of the claim's clause outside the quantity itself. */
function topicTerms(sentence: string, quantity: Quantity): string[] {
  return keywords(clauseAround(sentence, quantity.start, quantity.end), 20).filter(
    (t) => !/^\d/.test(t) && unitOf(t) === undefined,
  );
}

function sameNumbers(a: Quantity, b: Quantity): boolean {
  return a.values.length === b.values.length && a.values.every((v, i) => v === b.values[i]);
}

/** How many of the claim's content words an evidence sentence shares (undefined across languages). */
function topicOverlap(terms: string[], claim: Quantity, evidence: EvidenceQuantity): number | undefined {
  if (terms.length === 0 || claim.cyrillic !== evidence.cyrillic) return undefined;
  return prefixOverlap(terms, evidence.clause);
}

function quantityReason(
  quantity: Quantity,
  substances: string[],
  terms: string[],
  pool: IndexedEvidence[],
): RuleReason | undefined {
  const detail = quantityLabel(quantity);
  if (quantity.dimension === "year") {
    const stated = pool.some(
      (p) =>
        p.item.year === String(quantity.lo) ||
        p.quantities.some((q) => q.quantity.dimension === "year" && q.quantity.lo === quantity.lo),
    );
    return stated ? undefined : { code: "number_not_in_evidence", detail };
  }
  const aboutSubject = (p: IndexedEvidence, q: EvidenceQuantity) =>
    substances.length === 0 ||
    q.substances.some((s) => substances.includes(s)) ||
    (q.substances.length === 0 && p.substances.some((s) => substances.includes(s)));

  let otherSubject = false;
  let support = -1;
  let conflict = -1;
  let literal = false;
  for (const p of pool) {
    for (const q of p.quantities) {
      const overlap = topicOverlap(terms, quantity, q);
      if (supports(q.quantity, quantity)) {
        if (aboutSubject(p, q)) {
          support = Math.max(support, overlap ?? Number.POSITIVE_INFINITY);
          if (sameNumbers(q.quantity, quantity)) literal = true;
        } else otherSubject = true;
      } else if (sameKind(q.quantity, quantity) && overlap !== undefined && aboutSubject(p, q)) {
        conflict = Math.max(conflict, overlap);
      }
    }
  }
  // A matching number elsewhere does not count when the sentence that is about the same
  // thing says something else ("5 hours" of sleep vs a "five hours" half-life, when the
  // evidence says adults need 7–9 hours of sleep).
  // "12 months" supported only by converting "one year", while the evidence writes "12" as
  // "12-week": the number was most likely carried over with the wrong unit.
  const miswritten =
    !literal &&
    pool.some((p) =>
      p.quantities.some(
        (q) =>
          sameNumbers(q.quantity, quantity) &&
          q.quantity.dimension === quantity.dimension &&
          !supports(q.quantity, quantity),
      ),
    );
  if (support >= 0 && !miswritten && !(conflict >= 2 && conflict > support)) return undefined;
  if (miswritten) return { code: "unit_mismatch", detail };
  if (otherSubject && support < 0) return { code: "other_subject", detail };
  const all = pool.flatMap((p) => p.quantities.map((q) => q.quantity));
  // The same number written with another unit or counted thing ("900 participants").
  const sameNumberOtherUnit = (q: Quantity) =>
    !sameKind(q, quantity) && q.values.some((v) => quantity.values.includes(v));
  if (all.some(sameNumberOtherUnit)) return { code: "unit_mismatch", detail };
  // A range or limit in the same dimension that the claim falls outside of ("up to 400 mg").
  if (all.some((q) => sameKind(q, quantity) && q.lo !== q.hi)) return { code: "out_of_range", detail };
  return { code: "number_not_in_evidence", detail };
}
