/** Turns an action outcome into the sentence the physician sees. */
import type { Lexicon } from "../lexicon/types";
import type { ActionOutcome } from "./draft-actions";

export function outcomeText(lx: Lexicon, outcome: ActionOutcome): string | undefined {
  switch (outcome.kind) {
    case "ok":
      return undefined;
    case "not_found":
      return lx.reply.draftNotFound;
    case "not_owner":
      return lx.reply.notOwner;
    case "invalid_state":
      return lx.reply.invalidState({ status: outcome.status });
    case "already":
      return lx.reply.alreadyReceived;
    case "already_published":
      return lx.reply.alreadyPublished;
    case "already_publishing":
      return lx.reply.alreadyPublishing;
    case "needs_llm":
      return lx.reply.quickEditNeedsModel;
    case "nothing_to_change":
      return lx.reply.quickEditNoChange;
    case "rate_limited":
      return lx.reply.rateLimited({ retryAfterSeconds: outcome.retryAfterS });
    case "needs_review":
      return lx.check.reply.reviewFirst;
    case "blocked":
      return lx.check.reply.blocked({ citations: outcome.citations.join(", ") });
  }
}
