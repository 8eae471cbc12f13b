/**
 * Claim check. The LLM extracts the draft's factual claims as structured output (zod-
 * validated) and judges each against the numbered evidence; a deterministic layer then
 * checks what can be checked exactly, with or without an LLM:
 * - a citation marker [n] must name an evidence item that exists;
 * - a number in a claim must appear in the evidence it cites (or any evidence, if uncited).
 * Offline, the same deterministic rules extract claims sentence by sentence.
 */
import { z } from "zod";
import type { LlmReply, LlmRequest } from "../platform/llm/types";
import { keywordOverlap, keywords } from "./retrieval/keywords";
import type { CheckedClaim, ClaimCheck, EvidenceItem } from "./types";

const DRUG_WORDS =
  /\b(ssri|snri|sertraline|fluoxetine|escitalopram|citalopram|paroxetine|venlafaxine|duloxetine|bupropion|mirtazapine|trazodone|amitriptyline|benzodiazepines?|diazepam|lorazepam|alprazolam|clonazepam|zolpidem|zopiclone|melatonin|quetiapine|lithium|antidepressants?|сертралін|флуоксетин|есциталопрам|бензодіазепін\w*|мелатонін|антидепресант\w*)\b/iu;
const DOSE = /\b\d+(?:[.,]\d+)?\s?(?:mg|мг|mcg|мкг|g|г|ml|мл)\b/iu;
const NUMBER = /\d+(?:[.,]\d+)?\s?%?/u;

const claimSchema = z.object({
  text: z.string().min(1),
  kind: z.enum(["number", "dose", "drug", "general"]).catch("general"),
  evidence: z.array(z.number().int()).catch([]),
  verdict: z.enum(["supported", "unsupported", "contradicted"]),
  note: z.string().optional(),
});
const replySchema = z.object({ claims: z.array(claimSchema).max(40) });

const JSON_SCHEMA = {
  type: "object",
  properties: {
    claims: {
      type: "array",
      items: {
        type: "object",
        properties: {
          text: { type: "string", description: "the claim, quoted or closely paraphrased from the draft" },
          kind: { type: "string", enum: ["number", "dose", "drug", "general"] },
          evidence: {
            type: "array",
            items: { type: "integer" },
            description: "numbers of the evidence items that state it",
          },
          verdict: { type: "string", enum: ["supported", "unsupported", "contradicted"] },
          note: { type: "string", description: "why, briefly, when not supported" },
        },
        required: ["text", "kind", "evidence", "verdict"],
      },
    },
  },
  required: ["claims"],
};

export interface ClaimRouter {
  complete(request: LlmRequest): Promise<LlmReply>;
}

export async function checkClaims(
  draft: string,
  evidence: EvidenceItem[],
  router: ClaimRouter | undefined,
  timeoutMs: number,
): Promise<ClaimCheck> {
  if (!router) return { claims: offlineClaims(draft, evidence) };
  let reply: LlmReply;
  try {
    reply = await router.complete({
      purpose: "claims",
      system: [
        {
          text:
            "You are a meticulous medical fact checker. Extract every factual claim in the draft: numbers, doses, drug names, " +
            "effects, risks, recommendations. For each, give the numbers of the evidence items that state it and a verdict: " +
            "supported (the cited evidence states it), unsupported (no evidence item states it), contradicted (evidence says " +
            "otherwise). Opinions, feelings and the physician's own experience are not claims.",
          cacheable: true,
        },
      ],
      messages: [
        {
          role: "user",
          content: `Evidence:\n${evidence.map((e) => `[${e.number}] ${e.title}\n${e.text}`).join("\n\n") || "(none)"}\n\nDraft:\n${draft}`,
        },
      ],
      maxTokens: 3000,
      temperature: 0,
      json: { name: "claim_check", schema: JSON_SCHEMA },
      timeoutMs,
    });
  } catch (err) {
    // The draft exists; a checker that failed (truncated output, providers down) must not
    // discard it. The exact rules still run, and the card shows the result.
    return {
      claims: offlineClaims(draft, evidence),
      degraded: err instanceof Error ? err.message.slice(0, 200) : "llm failed",
    };
  }
  const parsed = replySchema.safeParse(safeJson(reply.text));
  // An unusable structured reply is not evidence of anything: fall back to the exact rules.
  const claims = parsed.success
    ? parsed.data.claims.map((c) => ({ ...c, note: c.note }))
    : offlineClaims(draft, evidence);
  return { claims: enforceExactRules(claims, draft, evidence), llm: reply };
}

/** Sentence-level claims with deterministic verdicts (offline mode, and the LLM's safety net). */
export function offlineClaims(draft: string, evidence: EvidenceItem[]): CheckedClaim[] {
  const claims: CheckedClaim[] = [];
  for (const sentence of draft.match(/[^.!?\n]+[.!?]?(?:\s*\[\d+\])*/g) ?? []) {
    const text = sentence.trim();
    const cited = [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    const kind = DOSE.test(text)
      ? "dose"
      : DRUG_WORDS.test(text)
        ? "drug"
        : NUMBER.test(text.replace(/\[\d+\]/g, ""))
          ? "number"
          : "general";
    if (kind === "general" && cited.length === 0) continue; // opinion, opening, closing
    const sources = cited.length ? evidence.filter((e) => cited.includes(e.number)) : evidence;
    const terms = keywords(text);
    const best = Math.max(0, ...sources.map((e) => keywordOverlap(terms, e.text)));
    const supported = sources.length > 0 && best >= Math.min(3, terms.length);
    claims.push({
      text: text.replace(/\s*\[\d+\]/g, "").trim(),
      kind,
      evidence: cited.filter((n) => evidence.some((e) => e.number === n)),
      verdict: supported ? "supported" : "unsupported",
      note: supported ? undefined : "no evidence item states this",
    });
  }
  return enforceExactRules(claims, draft, evidence);
}

function enforceExactRules(claims: CheckedClaim[], draft: string, evidence: EvidenceItem[]): CheckedClaim[] {
  const known = new Set(evidence.map((e) => e.number));
  const out = claims.map((claim) => {
    const valid = claim.evidence.filter((n) => known.has(n));
    let { verdict, note } = claim;
    if (claim.evidence.length > 0 && valid.length === 0 && verdict === "supported") {
      verdict = "unsupported";
      note = "cites a source that is not in the evidence";
    }
    const numbers = (claim.text.replace(/\[\d+\]/g, "").match(/\d+(?:[.,]\d+)?/g) ?? []).map((n) =>
      n.replace(",", "."),
    );
    const pool = (valid.length ? evidence.filter((e) => valid.includes(e.number)) : evidence).map((e) =>
      e.text.replace(/,(\d)/g, ".$1"),
    );
    const missing = numbers.filter(
      (n) => !pool.some((t) => new RegExp(`(^|[^\\d.])${n.replace(".", "\\.")}([^\\d]|$)`).test(t)),
    );
    if (verdict === "supported" && missing.length > 0) {
      verdict = "unsupported";
      note = `the number ${missing.join(", ")} is not in the cited evidence`;
    }
    return { ...claim, evidence: valid, verdict, note };
  });
  // Markers in the draft that point nowhere are a finding of their own.
  for (const m of draft.matchAll(/\[(\d+)\]/g)) {
    const n = Number(m[1]);
    if (!known.has(n) && !out.some((c) => c.note?.includes(`[${n}]`))) {
      out.push({
        text: `[${n}]`,
        kind: "general",
        evidence: [],
        verdict: "unsupported",
        note: `cites [${n}], which is not in the evidence`,
      });
    }
  }
  return out;
}

/** Claims that need the automatic revision: unsupported numbers, doses, drugs — or anything contradicted. */
export function revisionFindings(claims: CheckedClaim[]): string[] {
  return claims
    .filter((c) => c.verdict === "contradicted" || (c.verdict === "unsupported" && c.kind !== "general"))
    .map((c) => `"${c.text}" — ${c.verdict}${c.note ? `: ${c.note}` : ""}`);
}

export function problems(claims: CheckedClaim[]): CheckedClaim[] {
  return claims.filter((c) => c.verdict !== "supported");
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
