/**
 * The review gate's own rules: a physician's manual post cites their own sources, so it is
 * never blocked for a PMID nobody retrieved, but its unresolved claims are reviewed like any
 * draft's (before and after an edit); a generated draft with
 * nothing unresolved needs no review; legacy drafts resolve PMIDs from their citations; only
 * unretrieved PMIDs and DOIs block, each named once.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDraftVersion, getDraft } from "../../src/db/drafts";
import { blockingCitations, publishVerdict, reviewState } from "../../src/db/review-gate";
import type { Draft } from "../../src/db/schema";
import type { EvidenceItem } from "../../src/pipeline/types";
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

  it("is held for review like any draft when a claim is flagged (after an edit too)", async () => {
    const draft = await manualDraft("My own words about sleep.");
    expect(publishVerdict(await reviewState(db(), draft))).toBe("ok");
    await addDraftVersion(db(), draft.id, "My own words about sleep, 5 hours is plenty.", "edited");
    const edited = (await getDraft(db(), draft.id)) as Draft;
    await addClaim(edited, "unsupported", edited.currentVersion);
    const state = await reviewState(db(), edited);
    expect(state.unresolved).toHaveLength(1);
    expect(state.blocking).toEqual([]);
    expect(publishVerdict(state)).toBe("needs_confirmation");
  });

  it("a generated draft with the same unconfirmed claim is held", async () => {
    const draft = await draftIn("ready");
    await addClaim(draft, "unsupported");
    expect(publishVerdict(await reviewState(db(), draft))).toBe("needs_confirmation");
  });
});

describe("generated drafts", () => {
  it("may publish a draft with no unresolved claims without a review", async () => {
    const draft = await draftIn("ready");
    await addClaim(draft, "supported");
    expect(publishVerdict(await reviewState(db(), draft))).toBe("ok");
  });

  it("resolve a legacy draft's PMIDs from its citations when no evidence was stored", async () => {
    const draft = await draftIn("ready", { text: "CBT-I helps (PMID 90000001). Also PMID 12345678." });
    await env.DB.prepare(
      "INSERT INTO citations (draft_id, version, number, kind, ref, title, url) VALUES (?, 1, 1, 'pubmed', '90000001', 'CBT-I trial', NULL)",
    )
      .bind(draft.id)
      .run();
    expect((await reviewState(db(), draft)).blocking).toEqual(["PMID 12345678"]);
  });
});

describe("blockingCitations", () => {
  const evidence: EvidenceItem[] = [
    { number: 1, kind: "pubmed", ref: "90000001", title: "Trial", text: "", doi: "10.5555/known" },
  ];

  it("names each unretrieved PMID and DOI once; URLs and retrieved sources never block", () => {
    const text =
      "See https://example.org/guide, PMID 90000001, doi:10.5555/known, PMID 12345678, doi:10.5555/unknown and PMID 12345678 again.";
    expect(blockingCitations(text, evidence)).toEqual(["PMID 12345678", "10.5555/unknown"]);
  });
});
