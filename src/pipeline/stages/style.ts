/**
 * Style stage: the physician's own posts most like the topic — hybrid retrieval in their
 * namespace only (another physician's voice can never leak in), top 5, de-duplicated.
 */
import type { HybridDeps } from "../retrieval/hybrid";
import { hybridSearch } from "../retrieval/hybrid";
import type { StyleResult } from "../types";

export const STYLE_EXAMPLES = 5;

export async function retrieveStyle(
  deps: HybridDeps,
  physicianId: string,
  topic: string,
): Promise<StyleResult> {
  const chunks = await hybridSearch(deps, {
    collection: "style",
    namespace: physicianId,
    query: topic,
    topK: STYLE_EXAMPLES,
  });
  return {
    examples: chunks.map((c) => ({
      text: c.text,
      platform: typeof c.metadata.platform === "string" ? c.metadata.platform : undefined,
      date: typeof c.metadata.date === "string" ? c.metadata.date : undefined,
    })),
  };
}
