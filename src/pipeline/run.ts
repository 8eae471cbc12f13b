/**
 * The generation pipeline for one draft:
 *   style ∥ evidence → drafting → claim check (→ one revision) → platform fit.
 * Style and evidence run in parallel. Each stage logs one line with `duration_ms`, is
 * timed against its own limit and the attempt's budget, and reports progress to Slack.
 */
import { styleNamespaceOf } from "../db/physicians";
import type { Draft, Language, Physician } from "../db/schema";
import { errorMessage } from "../lib/log";
import { memoEmbedder } from "../platform/embeddings/memo";
import type { LlmReply } from "../platform/llm/types";
import type { PubmedClient } from "../platform/pubmed/types";
import { TransientError } from "../queues/retry";
import type { Services } from "../services";
import type { ProgressReporter } from "../slack/progress";
import { PROMPT_PREFERENCES, preferencesFor } from "../voice/edit-rules";
import { preferencesOf } from "../voice/lessons";
import { type VoiceResult, voiceQuietly } from "../voice/voice-check";
import { checkClaims, problems, revisionFindings } from "./claims";
import { type Drafter, llmDrafter, offlineDrafter, type RouterLike } from "./drafters";
import { fitToPlatform } from "./platform-fit";
import { languageOfDraft } from "./prompt";
import { recordingRouter } from "./recording-router";
import { type SafetyTopic, safetyTopic } from "./safe-messaging";
import { type EvidenceOutcome, gatherEvidence, PUBMED_DEADLINE_MS } from "./stages/evidence";
import { retrieveStyle } from "./stages/style";
import { Budget, type StageName } from "./timeouts";

/** Below this much budget, the automatic revision is skipped (it needs a draft and a check). */
const MIN_REVISION_BUDGET_MS = 20_000;
/** Time kept back from a stage so the LLM router's fallback answers before the stage timer. */
const LLM_MARGIN_MS = 250;

import type { CheckedClaim, CheckMode, StyleResult } from "./types";

export interface PipelineDeps {
  services: Services;
  /** Configured LLM router, or undefined for offline drafting. */
  router?: RouterLike;
  /** Filled with every LLM reply of this attempt as it arrives (kept even if the attempt fails). */
  llmCalls: LlmReply[];
  pubmed: PubmedClient;
  progress: ProgressReporter;
}

export interface PipelineResult {
  text: string;
  /** The text's voice score against the physician's own posts (absent: too few to compare). */
  voice?: VoiceResult;
  /** The language the text is in (a translation changes the draft's). */
  language: Language;
  offline: boolean;
  revised: boolean;
  claims: CheckedClaim[];
  /** How the final text's claims were checked (the card says when only the rules ran). */
  checkMode: CheckMode;
  /** Set for suicide / self-harm / overdose topics (safe-messaging rules applied). */
  safety: SafetyTopic | null;
  evidence: EvidenceOutcome;
  style: StyleResult;
  parts: number;
  /** Stage durations (ms) for the job audit and analytics. */
  stages: Record<string, number>;
  /** Stage start offsets (ms from the attempt's start), to show what overlapped. */
  starts: Record<string, number>;
  llmCalls: LlmReply[];
  needsReview: boolean;
}

export async function runPipeline(
  deps: PipelineDeps,
  draft: Draft,
  physician: Physician,
): Promise<PipelineResult> {
  const { progress } = deps;
  // One embedding per distinct text in this attempt: style and knowledge searches share it.
  const services = { ...deps.services, embedder: memoEmbedder(deps.services.embedder) };
  const budget = new Budget(services.config.GENERATION_BUDGET_S * 1000);
  const t0 = Date.now();
  const stages: Record<string, number> = {};
  const starts: Record<string, number> = {};
  const log = services.log.child({ draft_id: draft.id, physician_id: physician.id });
  const stage = async <T>(name: StageName, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    starts[name] ??= started - t0;
    let outcome = "error";
    try {
      const result = await budget.run(name, work);
      outcome = "ok";
      return result;
    } finally {
      // A revision runs drafting and checking twice: durations add up (the metric counts each run).
      stages[name] = (stages[name] ?? 0) + Date.now() - started;
      log.info("stage", { stage: name, duration_ms: stages[name], started_ms: starts[name] });
      services.metrics.write("stage", {
        stage: name,
        outcome,
        platform: draft.platform,
        ms: Date.now() - started,
      });
    }
  };
  const llmCalls = deps.llmCalls;
  const router = deps.router
    ? recordingRouter(deps.router, llmCalls, services.config.LLM_TIMEOUT_S * 1000)
    : undefined;
  // The router gets slightly less than the stage so its fallback can answer before the
  // stage's own timer fires.
  const llmTimeout = (name: StageName) => Math.max(0, budget.limit(name) - LLM_MARGIN_MS);
  const drafter: Drafter = router ? llmDrafter(router, () => llmTimeout("llm_complete")) : offlineDrafter();

  const language = languageOfDraft(draft, physician);
  const safety = safetyTopic(draft.topic);
  if (safety) log.info("safe_messaging", { topic_class: safety });
  await progress.set("style", "running");
  await progress.set("evidence", "running");
  let styleFailed = false;
  const preferences = preferencesOf(services.db, physician.id)
    .then((rows) => preferencesFor(rows, { language, platform: draft.platform }, PROMPT_PREFERENCES))
    .catch((err: unknown) => {
      log.warn("voice_preferences_unavailable", { error: errorMessage(err) });
      return [];
    });
  const [style, evidence] = await Promise.all([
    // Style examples are optional: a failing search (D1, embeddings) drafts without them.
    stage("style_match", () =>
      retrieveStyle(services, styleNamespaceOf(physician), draft.topic, {
        platform: draft.platform,
        language,
      }).catch((err: unknown) => {
        styleFailed = true;
        log.warn("style_unavailable", { error: errorMessage(err) });
        return { examples: [] };
      }),
    ).then(async (r) => {
      await progress.set("style", styleFailed ? "skipped" : "done", r.examples.length);
      return r;
    }),
    stage("evidence", () =>
      gatherEvidence(
        {
          ...services,
          pubmed: deps.pubmed,
          physicianId: physician.id,
          queryLlm: router,
          queryTimeoutMs: llmTimeout("evidence"),
          pubmedDeadlineMs: Math.min(PUBMED_DEADLINE_MS, budget.limit("evidence") - 1000),
        },
        { topic: draft.topic, sourceUrl: draft.sourceUrl },
      ),
    ).then(async (r) => {
      await progress.set("evidence", "done", r.items.length);
      return r;
    }),
  ]);
  if (styleFailed) evidence.notes.push("style_unavailable");
  if (evidence.timings.pubmed !== undefined) stages.pubmed = evidence.timings.pubmed;
  if (evidence.pubmedQuery) log.info("pubmed_query", { query: evidence.pubmedQuery });

  const input = {
    physician: {
      displayName: physician.displayName,
      specialty: physician.specialty,
      language: physician.language,
    },
    topic: draft.topic,
    platform: draft.platform,
    language,
    style,
    preferences: await preferences,
    evidence,
    safeMessaging: safety === "safe_messaging",
  };

  await progress.set("drafting", "running");
  let drafted = await stage("llm_complete", () => drafter.draft(input));
  await progress.set("drafting", "done");

  await progress.set("checking", "running");
  let check = await stage("claim_check", () =>
    checkClaims(drafted.text, evidence.items, router, llmTimeout("claim_check")),
  );
  let revised = false;
  const findings = revisionFindings(check.claims);
  if (findings.length > 0 && !drafter.offline) {
    // One automatic revision with the findings — best effort: with too little budget left,
    // or if the revision runs out of time, the first draft stands and goes to review.
    if (budget.remaining() < MIN_REVISION_BUDGET_MS) {
      log.warn("draft_revision_skipped", { findings: findings.length, remaining_ms: budget.remaining() });
    } else {
      log.info("draft_revision", { findings: findings.length });
      try {
        const revision = await stage("llm_complete", () =>
          drafter.draft({ ...input, revision: { previous: drafted.text, findings } }),
        );
        const recheck = await stage("claim_check", () =>
          checkClaims(revision.text, evidence.items, router, llmTimeout("claim_check")),
        );
        drafted = revision;
        check = recheck;
        revised = true;
      } catch (err) {
        if (!(err instanceof TransientError)) throw err;
        log.warn("draft_revision_abandoned", { error: errorMessage(err) });
      }
    }
  }
  if (check.degraded) log.warn("claim_check_degraded", { reason: check.degraded, mode: check.mode });
  const remaining = problems(check.claims);
  // Claims to review are a result for the physician (⚠️), not a failure of the stage.
  await progress.set(
    "checking",
    remaining.length ? "review" : "done",
    remaining.length ? remaining.length : check.claims.length,
  );

  await progress.set("fitting", "running");
  const fit = await stage("platform_fit", async () => fitToPlatform(draft.platform, drafted.text));
  await progress.set("fitting", "done", fit.parts.length);
  // The score is never worth failing or retrying a draft: out of time, the card shows none.
  const voice = await stage("voice", () =>
    voiceQuietly(services, styleNamespaceOf(physician), drafted.text),
  ).catch(() => undefined);

  return {
    text: drafted.text,
    voice,
    language,
    offline: drafted.offline,
    revised,
    claims: check.claims,
    checkMode: check.mode,
    safety,
    evidence,
    style,
    parts: fit.parts.length,
    stages,
    starts,
    llmCalls,
    needsReview: remaining.length > 0,
  };
}
