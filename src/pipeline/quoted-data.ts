/**
 * Retrieved text handed to an LLM as quoted data: evidence items, style examples, the
 * draft under check. Anything inside that looks like one of our data tags is defanged,
 * so a hostile page or abstract cannot close the data block and speak as the prompt.
 */
import type { EvidenceItem } from "./types";

/** Evidence as quoted data: tag-like text inside it cannot close the data block. */
export function evidenceBlock(evidence: EvidenceItem[]): string {
  if (evidence.length === 0) return "<evidence>(none)</evidence>";
  const items = evidence.map(
    (e) => `<item number="${e.number}">\n${quoteData(e.title)}\n${quoteData(e.text)}\n</item>`,
  );
  return `<evidence>\n${items.join("\n")}\n</evidence>`;
}

/** Neutralises anything that looks like one of our data tags. */
export function quoteData(text: string): string {
  return text.replace(
    /<\s*\/?\s*(evidence|item|draft|example|source|generated|published)\b[^>]*>/giu,
    (tag) => tag.replace(/</g, "‹").replace(/>/g, "›"),
  );
}
