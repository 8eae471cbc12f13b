/** Data passed between pipeline stages. Plain objects: easy to log, test and store. */
import type { Language, Platform } from "../db/schema";
import type { LlmReply } from "../platform/llm/types";
import type { Preference } from "../voice/edit-rules";

export interface StyleExample {
  text: string;
  language: Language;
  platform?: string;
  date?: string;
  /** Whose words: `own` (their posts), `manual` (written in Slack), `edited` (a draft they edited). */
  origin?: string;
}

export interface StyleResult {
  examples: StyleExample[];
}

export type EvidenceKind = "knowledge" | "pubmed" | "url";

export interface EvidenceItem {
  /** The [n] the draft cites. */
  number: number;
  kind: EvidenceKind;
  /** PMID, knowledge chunk id, or the URL. */
  ref: string;
  title: string;
  url?: string;
  /** Excerpt or abstract the draft may rely on. */
  text: string;
  year?: string;
  /** The article's DOI (PubMed items), so a draft citing it by DOI resolves. */
  doi?: string;
}

/** FULL: knowledge base and PubMed; LIMITED: one of them; ABSENT: nothing to rely on. */
export type EvidenceLevel = "full" | "limited" | "absent";

export interface EvidenceResult {
  items: EvidenceItem[];
  level: EvidenceLevel;
  pubmed: "ok" | "empty" | "unavailable";
  pubmedQuery?: string;
  /** Human note for the card when something degraded. */
  note?: string;
}

export interface DraftingInput {
  physician: { displayName: string; specialty: string; language: Language };
  topic: string;
  platform: Platform;
  /** The language the post is written in (the draft's, chosen or resolved at ordering). */
  language: Language;
  style: StyleResult;
  /** What the physician's edits taught, strongest first (voice/lessons). */
  preferences?: Preference[];
  evidence: EvidenceResult;
  /** A suicide / self-harm / overdose topic: the drafter follows safe-messaging rules. */
  safeMessaging?: boolean;
  /** Present on the automatic revision after a failed claim check. */
  revision?: { previous: string; findings: string[] };
  /** A quick edit the physician asked for: the current text, what to do, and in which language. */
  rewrite?: { previous: string; instruction: string; language: Language };
}

export interface Drafter {
  readonly offline: boolean;
  draft(input: DraftingInput): Promise<DraftingOutput>;
}

export interface DraftingOutput {
  text: string;
  offline: boolean;
  llm?: LlmReply;
}

export type Verdict = "supported" | "unsupported" | "contradicted";

export type ClaimKind = "number" | "dose" | "drug" | "citation" | "attribution" | "general";

/** Why the deterministic rules did not accept a claim; rendered per language on the card. */
export type ReasonCode =
  | "unresolved_pmid"
  | "unresolved_doi"
  | "unresolved_url"
  | "missing_marker"
  | "cites_missing_evidence"
  | "number_not_in_evidence"
  | "unit_mismatch"
  | "out_of_range"
  | "other_subject"
  | "substance_not_in_evidence"
  | "attribution_unmatched"
  | "vague_attribution";

export interface RuleReason {
  code: ReasonCode;
  /** The offending unit as written: "900 mg", "PMID 12345678", "[7]", "Lancet". */
  detail: string;
}

export interface CheckedClaim {
  text: string;
  kind: ClaimKind;
  verdict: Verdict;
  evidence: number[];
  /** The LLM checker's note, when it gave one. */
  note?: string;
  /** Findings of the deterministic rules (empty when they accept the claim). */
  reasons?: RuleReason[];
  /** Who found the claim. */
  source?: "rules" | "llm" | "both";
}

/**
 * `llm`: LLM claims merged with the rules. `rules_only`: the LLM check failed, timed out
 * or answered unusably — only the rules ran, and the card says so. `rules`: no LLM by
 * design (offline drafting, a physician's edit).
 */
export type CheckMode = "llm" | "rules_only" | "rules";

export interface ClaimCheck {
  claims: CheckedClaim[];
  mode: CheckMode;
  llm?: LlmReply;
  /** Why the LLM check did not count (mode `rules_only`). */
  degraded?: string;
}
