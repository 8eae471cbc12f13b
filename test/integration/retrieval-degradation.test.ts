/**
 * Retrieval degrades piece by piece instead of failing the draft: embeddings or the vector
 * index failing leaves keyword search; the knowledge base or the style index failing
 * entirely drafts without them, and the card says what was missing.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import { hybridSearch } from "../../src/pipeline/retrieval/hybrid";
import { handleGenerateJob } from "../../src/queues/generate-consumer";
import { createServices } from "../../src/services";
import { physicianWithKnowledge, queuedDraft } from "../generation-helpers";
import { captureLogs, db, failingD1, silenceLogs } from "../helpers";

describe("retrieval degradation", () => {
  it("keyword search still answers when embeddings fail, and the failure is logged", async () => {
    const logs = captureLogs();
    const physician = await physicianWithKnowledge();
    const services = createServices(env);
    const chunks = await hybridSearch(
      {
        ...services,
        embedder: { ...services.embedder, embed: async () => Promise.reject(new Error("AI: 503")) },
      },
      { collection: "style", namespace: physician.id, query: "caffeine sleep", topK: 5 },
    );
    expect(chunks.length).toBeGreaterThan(0);
    expect(logs()).toContain('"event":"dense_search_failed"');
  });

  it("drafts without the knowledge base and the style index when both are down, and says so", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    const services = createServices({ ...env, DB: failingD1(env.DB, /from "knowledge_chunks"/i) } as Env);
    await handleGenerateJob(
      services,
      { type: "generate", draftId: draft.id, requestId: "r", reason: "new" },
      1,
    );
    const after = await getDraft(db(), draft.id);
    expect(["ready", "needs_review"]).toContain(after?.status);
    expect(after?.evidenceNote?.split(",")).toEqual(
      expect.arrayContaining(["knowledge_unavailable", "style_unavailable"]),
    );
  });
});
