/** Data passed between pipeline stages. Plain objects: easy to log, test and store. */
import type { Language, Platform } from "../db/schema";
import type { LlmReply } from "../platform/llm/types";

export interface StyleExample {
  text: string;
  platform?: string;
  date?: string;
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
  style: StyleResult;
  evidence: EvidenceResult;
  /** Present on the automatic revision after a failed claim check. */
  revision?: { previous: string; findings: string[] };
}

export interface DraftingOutput {
  text: string;
  offline: boolean;
  llm?: LlmReply;
}

export type Verdict = "supported" | "unsupported" | "contradicted";

export interface CheckedClaim {
  text: string;
  kind: "number" | "dose" | "drug" | "general";
  verdict: Verdict;
  evidence: number[];
  note?: string;
}

export interface ClaimCheck {
  claims: CheckedClaim[];
  llm?: LlmReply;
  /** Set when the LLM check failed and only the exact rules ran. */
  degraded?: string;
}
