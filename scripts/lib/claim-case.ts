/**
 * One labelled case of the claims eval (eval/cases/claims*.json) and how it is judged: the
 * same `checkClaims` the pipeline runs, with the case's recorded LLM answer replayed. Shared by
 * `npm run eval:claims` and the unit test that holds every development case to its label.
 */
import { z } from "zod";
import { checkClaims } from "../../src/pipeline/claims";
import type { CheckedClaim, EvidenceItem } from "../../src/pipeline/types";
import { replayRouter } from "../../src/platform/llm/replay";

const evidenceSchema = z.object({
  number: z.number().int(),
  kind: z.enum(["knowledge", "pubmed", "url"]),
  ref: z.string(),
  title: z.string(),
  text: z.string(),
  url: z.string().optional(),
  year: z.string().optional(),
  doi: z.string().optional(),
});
export const claimCaseSchema = z.object({
  id: z.string(),
  lang: z.enum(["en", "uk"]),
  kind: z.string(),
  draft: z.string(),
  evidence: z.array(evidenceSchema),
  llm: z.object({ claims: z.array(z.unknown()) }).nullable(),
  expect: z.enum(["supported", "unsupported"]),
  flag: z.string().optional(),
});
export const claimCaseFileSchema = z.object({ version: z.number(), cases: z.array(claimCaseSchema) });

export type ClaimCase = z.infer<typeof claimCaseSchema>;

export interface CaseOutcome {
  /** Some claim was marked not supported. */
  flagged: boolean;
  /** A not-supported claim names the case's offending unit (`flag`). */
  caught: boolean;
}

export async function runClaimCase(c: ClaimCase): Promise<CaseOutcome> {
  const evidence: EvidenceItem[] = c.evidence;
  const router = c.llm ? replayRouter(JSON.stringify(c.llm)) : undefined;
  const check = await checkClaims(c.draft, evidence, router, 1000);
  const flaggedClaims = check.claims.filter((claim) => claim.verdict !== "supported");
  const flag = c.flag?.toLowerCase();
  const names = (claim: CheckedClaim) =>
    [claim.text, claim.note ?? "", ...(claim.reasons ?? []).map((r) => r.detail)].some((s) =>
      flag ? s.toLowerCase().includes(flag) : false,
    );
  return { flagged: flaggedClaims.length > 0, caught: flag !== undefined && flaggedClaims.some(names) };
}

/** Whether the outcome matches the label: caught when unsupported, unflagged when supported. */
export const meetsLabel = (c: ClaimCase, o: CaseOutcome) =>
  c.expect === "unsupported" ? o.caught : !o.flagged;
