/**
 * Runs a quick edit: the current text rewritten (by the language model, or mechanically for
 * the kinds that need none), then the same claim check against the evidence the draft was
 * written from, then the platform fit. No retrieval: the voice and the evidence are the
 * draft's own. The result is persisted like any generation, as a new version.
 */
import { getCurrentText } from "../db/drafts";
import { styleNamespaceOf } from "../db/physicians";
import { loadEvidence, openClaims } from "../db/review-gate";
import type { Draft, Physician } from "../db/schema";
import { PermanentError } from "../queues/retry";
import { textLanguage } from "../voice/language";
import { voiceQuietly } from "../voice/voice-check";
import { checkClaims, problems } from "./claims";
import { llmDrafter } from "./drafters";
import { fitToPlatform } from "./platform-fit";
import { offlineRewrite, type QuickEdit, rewriteInstruction, translationTarget } from "./rewrite";
import type { PipelineDeps, PipelineResult } from "./run";
import { safetyTopic } from "./safe-messaging";

/** The rewrite and its check share one budget, well inside the generation budget. */
const REWRITE_TIMEOUT_MS = 60_000;

export async function runRewrite(
  deps: PipelineDeps,
  draft: Draft,
  physician: Physician,
  kind: QuickEdit,
): Promise<PipelineResult> {
  const { services, progress, router } = deps;
  const { db } = services;
  const t0 = Date.now();
  const stages: Record<string, number> = {};
  const starts: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    starts[name] ??= started - t0;
    try {
      return await work();
    } finally {
      stages[name] = (stages[name] ?? 0) + Date.now() - started;
    }
  };
  const [previous, items, flaggedRows] = await Promise.all([
    getCurrentText(db, draft),
    loadEvidence(db, draft.id),
    openClaims(db, draft),
  ]);
  if (previous === undefined) throw new PermanentError("quick edit: the draft has no text");
  const flagged = flaggedRows.map((r) => r.text);
  // The text's own language, by its letters (an English post quoting «ви» is still English).
  const from = textLanguage(previous);
  const to = kind === "translate" ? translationTarget(from) : from;
  const evidence = {
    items,
    level: items.length > 0 ? ("full" as const) : ("absent" as const),
    pubmed: "ok" as const,
    notes: [],
    timings: {},
  };

  await progress.set("drafting", "running");
  const text = await timed("llm_complete", async () => {
    if (!router) {
      // The click was refused when this would change nothing or need a model; should the
      // text have changed since, the version stays as it was rather than failing the draft.
      return offlineRewrite(kind, previous, flagged) ?? previous;
    }
    const drafted = await llmDrafter(router, () => REWRITE_TIMEOUT_MS).draft({
      physician: {
        displayName: physician.displayName,
        specialty: physician.specialty,
        language: physician.language,
      },
      topic: draft.topic,
      platform: draft.platform,
      language: to,
      style: { examples: [] },
      evidence,
      safeMessaging: draft.safety === "safe_messaging",
      rewrite: {
        previous,
        instruction: rewriteInstruction(kind, from, flagged),
        language: to,
      },
    });
    return drafted.text;
  });
  await progress.set("drafting", "done");

  await progress.set("checking", "running");
  const check = await timed("claim_check", () => checkClaims(text, items, router, REWRITE_TIMEOUT_MS));
  const remaining = problems(check.claims);
  await progress.set(
    "checking",
    remaining.length ? "review" : "done",
    remaining.length || check.claims.length,
  );

  await progress.set("fitting", "running");
  const fit = await timed("platform_fit", async () => fitToPlatform(draft.platform, text));
  await progress.set("fitting", "done", fit.parts.length);

  const voice = await timed("voice", () => voiceQuietly(services, styleNamespaceOf(physician), text));
  return {
    text,
    voice,
    language: to,
    offline: !router,
    revised: false,
    claims: check.claims,
    checkMode: check.mode,
    safety: safetyTopic(draft.topic),
    evidence,
    style: { examples: [] },
    parts: fit.parts.length,
    stages,
    starts,
    llmCalls: deps.llmCalls,
    needsReview: remaining.length > 0,
  };
}
