/**
 * The review gate and a physician's own manual post: it is their text, so it is never held
 * for review or blocked — not after an edit (a later version is "edited", not "manual"), and
 * not for a PMID that was never retrieved (there was no retrieval).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDraftVersion, getDraft } from "../../src/db/drafts";
import { publishVerdict, reviewState } from "../../src/db/review-gate";
import type { Draft } from "../../src/db/schema";
import { db, draftIn } from "../helpers";
import { addClaim } from "../publish-helpers";

async function manualDraft(text: string): Promise<Draft> {
  const draft = await draftIn("ready", { text });
  await env.DB.prepare("UPDATE draft_versions SET source = 'manual' WHERE draft_id = ?").bind(draft.id).run();
  return draft;
}

describe("a manual post and the review gate", () => {
  it("is not blocked by a PMID that was never retrieved", async () => {
    const draft = await manualDraft("My take on sleep, see PMID 12345678.");
    const state = await reviewState(db(), draft);
    expect(state.blocking).toEqual([]);
    expect(publishVerdict(state)).toBe("ok");
  });

  it("stays ungated after an edit, even with a flagged claim on the edited version", async () => {
    const draft = await manualDraft("My own words about sleep.");
    await addDraftVersion(db(), draft.id, "My own words about sleep, 5 hours is plenty.", "edited");
    const edited = (await getDraft(db(), draft.id)) as Draft;
    await addClaim(edited, "unsupported", edited.currentVersion);
    const state = await reviewState(db(), edited);
    expect(state.unresolved).toEqual([]);
    expect(publishVerdict(state)).toBe("ok");
  });

  it("a generated draft with the same unconfirmed claim is held", async () => {
    const draft = await draftIn("ready");
    await addClaim(draft, "unsupported");
    expect(publishVerdict(await reviewState(db(), draft))).toBe("needs_confirmation");
  });
});
