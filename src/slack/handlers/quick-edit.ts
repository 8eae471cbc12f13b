/**
 * A quick edit chosen on the card: the draft goes back on the generation queue with the
 * edit it should get (`pending_rewrite`), like Regenerate — the same limit, the same
 * progress message, the same check — and comes back as a new version. Kinds that need the
 * language model are refused where none is connected; "drop the flagged claims" only where
 * some are flagged.
 */
import { getCurrentText, transitionDraft } from "../../db/drafts";
import { openClaims } from "../../db/review-gate";
import type { Draft, DraftStatus } from "../../db/schema";
import { checkLimit, type LimiterOwner } from "../../durable/limits";
import { OFFLINE_QUICK_EDITS, offlineRewrite, type QuickEdit } from "../../pipeline/rewrite";
import type { Services } from "../../services";
import type { ActionOutcome } from "./draft-actions";
import { enqueueGeneration } from "./order-draft";

const REWRITABLE: DraftStatus[] = ["ready", "needs_review"];

export async function requestQuickEdit(
  services: Services,
  draft: Draft,
  owner: LimiterOwner,
  kind: QuickEdit,
  requestKey: string,
): Promise<ActionOutcome> {
  if (draft.status === "queued" || draft.status === "generating") return { kind: "already" };
  if (!REWRITABLE.includes(draft.status)) return { kind: "invalid_state", status: draft.status };
  const llm = Boolean(services.config.ANTHROPIC_API_KEY || services.config.OPENAI_API_KEY);
  if (!llm && !OFFLINE_QUICK_EDITS.includes(kind)) return { kind: "needs_llm" };
  const flagged = await openClaims(services.db, draft);
  if (kind === "drop_flagged" && flagged.length === 0) return { kind: "invalid_state", status: draft.status };
  if (!llm) {
    // Done mechanically: say so now when it would change nothing (a text already short).
    const text = (await getCurrentText(services.db, draft)) ?? "";
    const rewritten = offlineRewrite(
      kind,
      text,
      flagged.map((c) => c.text),
    );
    if (rewritten === undefined) return { kind: "nothing_to_change" };
  }
  const limit = await checkLimit(services.env, services.config, owner, "draft", requestKey);
  if (!limit.allowed) return { kind: "rate_limited", retryAfterS: Math.ceil(limit.retryAfterMs / 1000) };
  const ok = await transitionDraft(services.db, draft.id, draft.status, "queued", {
    statusReason: null,
    attempts: 0,
    pendingRewrite: kind,
  });
  if (!ok) return { kind: "already" };
  await enqueueGeneration(services, {
    type: "generate",
    draftId: draft.id,
    requestId: requestKey,
    reason: "regenerate",
  });
  return { kind: "ok" };
}
