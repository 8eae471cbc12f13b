/**
 * The draft card's size-sensitive parts and the budget that keeps a card inside Slack's
 * limits (≤ 50 blocks, ≤ 3,000 chars a section, ≤ 12,000 chars of text in all): the draft
 * text, the numbered sources, the checked claims, and a final guard that drops optional
 * blocks — never the status section or the actions.
 */
import type { AnyMessageBlock, SectionBlock } from "slack-web-api-client";
import type { Lexicon } from "../lexicon";
import { escapeMrkdwn, slackLink, splitForSections, truncate } from "../mrkdwn";
import { blocksTextLength, SLACK_LIMITS, section } from "./elements";
import type { CitationModel, ClaimModel, DraftCardModel } from "./models";

/**
 * What the builder aims for; the guard enforces CARD_TEXT_MAX. Kept well below it because
 * Slack counts block containers too (bolt-js #2867: a card of 11.3k text chars was refused).
 */
export const CARD_TEXT_BUDGET = 10_000;
/** Slack has rejected `msg_blocks_too_long` near 13k; we promise 12k. */
export const CARD_TEXT_MAX = 12_000;
export const MAX_TEXT_SECTIONS = 8;
/** Room kept for evidence when the draft text is long. */
const EVIDENCE_RESERVE_MAX = 4_000;
const MIN_TEXT_BUDGET = 1_500;
const CITATION_TITLE_MAX = 200;
const CLAIM_TEXT_MAX = 280;
const NOTE_MAX = 280;

/** Block ids of optional blocks, in the order the guard drops them. */
export const OPTIONAL_BLOCK_IDS = {
  verdicts: "draft_verdicts",
  evidence: "draft_evidence",
  publications: "draft_publications",
  textPrefix: "draft_text_",
} as const;

/**
 * Joins as many lines as fit in `max` characters; when some are left out, ends with the
 * "+N more" line (room for it is always kept). Null when not even one line fits.
 */
export function fitLines(
  lines: string[],
  max: number,
  more: (n: number) => string,
): { text: string; left: number } | null {
  const reserve = more(lines.length).length + 1;
  const shown: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const isLast = i === lines.length - 1;
    const cost = line.length + (shown.length > 0 ? 1 : 0);
    if (used + cost + (isLast ? 0 : reserve) > max) break;
    shown.push(line);
    used += cost;
  }
  if (shown.length === 0) return null;
  const left = lines.length - shown.length;
  if (left > 0) shown.push(more(left));
  return { text: shown.join("\n"), left };
}

export function citationUrl(citation: CitationModel): string | null {
  if (citation.kind === "pubmed") {
    const pmid = citation.ref.trim();
    return /^\d{1,10}$/.test(pmid) ? `https://pubmed.ncbi.nlm.nih.gov/${pmid}/` : null;
  }
  if (citation.kind === "url") return citation.url ?? citation.ref;
  return null;
}

/** "[2] Title · PMID 31234567" linked to PubMed; a knowledge-base passage is marked as such. */
function citationLine(citation: CitationModel, lex: Lexicon): string {
  const title = truncate(citation.title.trim() || citation.ref, CITATION_TITLE_MAX);
  const url = citationUrl(citation);
  if (citation.kind === "knowledge")
    return `[${citation.number}] ${escapeMrkdwn(title)} — _${lex.card.knowledgeSource}_`;
  const pmid = citation.kind === "pubmed" && url !== null ? ` · PMID ${citation.ref.trim()}` : "";
  return `[${citation.number}] ${slackLink(url, title)}${pmid}`;
}

/** One claim: number, text, sources; a flagged one also says why (rules first, then the checker). */
function claimLine(claim: ClaimModel, lex: Lexicon, withNote: boolean, position: number): string {
  const cites = claim.citationNumbers.length > 0 ? ` [${claim.citationNumbers.join(", ")}]` : "";
  const text = escapeMrkdwn(truncate(claim.text.trim(), CLAIM_TEXT_MAX));
  if (claim.verdict === "supported") return `${lex.verdictEmoji.supported} ${position}. ${text}${cites}`;
  const why = withNote
    ? [
        ...(claim.reasons ?? []),
        ...(claim.note?.trim() ? [escapeMrkdwn(truncate(claim.note.trim(), NOTE_MAX))] : []),
      ].join("; ")
    : "";
  const note = why ? `: ${why}` : "";
  return `${lex.verdictEmoji[claim.verdict]} ${position}. ${text} — _${lex.verdict[claim.verdict]}_${note}${cites}`;
}

/** The draft text as escaped sections; `shortened` when it had to be cut to fit. */
export function draftTextSections(
  model: DraftCardModel,
  budget: number,
  lex: Lexicon,
): { blocks: SectionBlock[]; shortened: boolean } {
  const escaped = escapeMrkdwn(model.text.trim());
  if (escaped === "") {
    return {
      blocks: [section(`_${lex.card.emptyText}_`, `${OPTIONAL_BLOCK_IDS.textPrefix}0`)],
      shortened: false,
    };
  }
  const cap = Math.max(MIN_TEXT_BUDGET, budget);
  const shown = escaped.length > cap ? truncate(escaped, cap) : escaped;
  const pieces = splitForSections(shown, SLACK_LIMITS.sectionText);
  const kept = pieces.slice(0, MAX_TEXT_SECTIONS);
  return {
    blocks: kept.map((piece, i) => section(piece, `${OPTIONAL_BLOCK_IDS.textPrefix}${i}`)),
    shortened: shown !== escaped || kept.length < pieces.length,
  };
}

/** The numbered sources, every one linked where it has a public address; null when none. */
export function sourcesSection(model: DraftCardModel, max: number, lex: Lexicon): SectionBlock | null {
  if (model.citations.length === 0) return null;
  const limit = Math.min(max, SLACK_LIMITS.sectionText);
  const heading = `*${lex.card.sourcesHeading}*`;
  const lines = [...model.citations].sort((a, b) => a.number - b.number).map((c) => citationLine(c, lex));
  const list = fitLines(lines, limit - heading.length - 1, (n) => lex.card.more({ count: n }));
  return list === null ? null : section(`${heading}\n${list.text}`, OPTIONAL_BLOCK_IDS.evidence);
}

/**
 * The checked claims. Clean: one summary line. Otherwise every claim in text order, each
 * flagged one with its reason; when room is short, the flagged ones only, then without
 * reasons, then a single collapsed line.
 */
export function claimsSection(model: DraftCardModel, max: number, lex: Lexicon): SectionBlock | null {
  const limit = Math.min(max, SLACK_LIMITS.sectionText);
  const claims = [...model.claims].sort((a, b) => a.ordinal - b.ordinal);
  const flagged = claims.filter((c) => c.verdict !== "supported");
  const one = (text: string) => (text.length <= limit ? section(text, OPTIONAL_BLOCK_IDS.verdicts) : null);
  // No claims were split out, but the text cites sources (an extractive offline draft):
  // say where its statements come from rather than "nothing to check".
  if (claims.length === 0)
    return one(`_${model.citations.length > 0 ? lex.card.noClaimsCited : lex.card.noClaims}_`);
  if (flagged.length === 0) {
    return one(lex.card.claimsClean({ count: claims.length }));
  }
  const heading = `*${lex.card.claimsHeading}*`;
  const more = (n: number) => lex.card.more({ count: n });
  const room = limit - heading.length - 1;
  // Positions are the claim's place in the text (1-based), kept when supported ones are left out.
  const numbered = claims.map((c, i) => ({ claim: c, position: i + 1 }));
  const attempts = [
    numbered.map(({ claim, position }) => claimLine(claim, lex, true, position)),
    numbered
      .filter(({ claim }) => claim.verdict !== "supported")
      .map(({ claim, position }) => claimLine(claim, lex, true, position)),
    numbered
      .filter(({ claim }) => claim.verdict !== "supported")
      .map(({ claim, position }) => claimLine(claim, lex, false, position)),
  ];
  for (const [i, lines] of attempts.entries()) {
    const list = fitLines(lines, room, more);
    const last = i === attempts.length - 1;
    if (list !== null && (list.left === 0 || last))
      return section(`${heading}\n${list.text}`, OPTIONAL_BLOCK_IDS.verdicts);
  }
  return one(`_${lex.card.detailsCollapsed({ count: flagged.length })}_`);
}

/** How much of the budget the evidence parts would like (so a long text leaves them room). */
export function evidenceReserve(model: DraftCardModel, lex: Lexicon): number {
  const want =
    (sourcesSection(model, SLACK_LIMITS.sectionText, lex)?.text?.text.length ?? 0) +
    (claimsSection(model, SLACK_LIMITS.sectionText, lex)?.text?.text.length ?? 0);
  return Math.min(want, EVIDENCE_RESERVE_MAX);
}

/**
 * Last line of defence: while the card breaks a limit, drop optional blocks (verdicts,
 * evidence, publications, then draft text from the end). Header, context, status section
 * and actions always stay.
 */
export function enforceCardLimits(blocks: AnyMessageBlock[]): AnyMessageBlock[] {
  let out = blocks;
  const fits = () => out.length <= SLACK_LIMITS.messageBlocks && blocksTextLength(out) <= CARD_TEXT_MAX;
  const dropOrder = [
    OPTIONAL_BLOCK_IDS.verdicts,
    OPTIONAL_BLOCK_IDS.evidence,
    OPTIONAL_BLOCK_IDS.publications,
  ];
  for (const id of dropOrder) {
    if (fits()) return out;
    out = out.filter((b) => b.block_id !== id);
  }
  while (!fits()) {
    const textBlocks = out.filter((b) => b.block_id?.startsWith(OPTIONAL_BLOCK_IDS.textPrefix));
    const last = textBlocks[textBlocks.length - 1];
    if (last === undefined || textBlocks.length === 1) break;
    out = out.filter((b) => b !== last);
  }
  return out;
}
