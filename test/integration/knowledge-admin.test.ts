import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { findPhysicianBySlack } from "../../src/db/physicians";
import worker from "../../src/index";
import { hybridSearch } from "../../src/pipeline/retrieval/hybrid";
import { createServices } from "../../src/services";
import { ADMIN_HEADERS, call, db } from "../helpers";
import { makePdf, toBase64 } from "../pdf-fixture";

afterEach(() => vi.restoreAllMocks());

async function index(doc: object) {
  return call("/admin/documents", { method: "POST", headers: ADMIN_HEADERS, body: JSON.stringify(doc) });
}

const guideline = (source: string, text: string) => ({
  collection: "guidelines",
  namespace: "global",
  source,
  title: source,
  text,
});

async function stats() {
  return (await call("/admin/stats", { headers: ADMIN_HEADERS })).json<{
    totals: { documents: number; chunks: number; vectors: number };
    collections: {
      collection: string;
      namespace: string;
      documents: number;
      chunks: number;
      vectors: number;
    }[];
  }>();
}

/** Runs index-queue messages through the consumer until no follow-up page is queued. */
async function drainRebuild(first: object) {
  const queued: unknown[] = [first];
  const sent: unknown[] = [];
  const testEnv = {
    ...env,
    INDEX_QUEUE: { send: async (body: unknown) => void sent.push(body) } as unknown as Queue,
  };
  let pages = 0;
  while (queued.length > 0) {
    const body = queued.shift();
    const batch = createMessageBatch("serotonin-index", [
      { id: `p${pages}`, timestamp: new Date(), attempts: 1, body },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, testEnv);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([`p${pages}`]);
    queued.push(...sent.splice(0));
    pages += 1;
  }
  return pages;
}

describe("knowledge base administration", () => {
  it("indexes a PDF sent as base64 through the same path as text", async () => {
    const pdf = makePdf([
      "Exercise guidance.",
      "Adults should do at least 150 minutes of moderate activity a week.",
    ]);
    const res = await index({
      ...guideline("medical_guidelines/who.pdf", ""),
      text: undefined,
      contentBase64: toBase64(pdf),
      format: "pdf",
    });
    expect(res.status).toBe(200);
    const hit = await env.DB.prepare(
      "SELECT text FROM knowledge_chunks_fts WHERE knowledge_chunks_fts MATCH 'moderate'",
    ).first<{ text: string }>();
    expect(hit?.text).toContain("150 minutes of moderate activity");
  });

  it("refuses a body with both or neither of text and contentBase64, and an unreadable PDF", async () => {
    const both = await index({ ...guideline("a.md", "x"), contentBase64: "eA==", format: "txt" });
    expect(both.status).toBe(400);
    const broken = await index({
      ...guideline("b.pdf", "x"),
      text: undefined,
      contentBase64: btoa("not a pdf"),
      format: "pdf",
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: "unreadable_document" });
  });

  it("reports documents, chunks and vectors per collection and namespace", async () => {
    await index(guideline("g1.md", "Sleep hygiene basics. Keep a regular wake time."));
    await index(guideline("g2.md", "Caffeine guidance. Avoid late coffee."));
    await index({
      collection: "style",
      namespace: "doc-1",
      source: "posts.md",
      title: "posts",
      text: "Post one.\n---\nPost two.\n---\nPost three.",
    });
    const s = await stats();
    expect(s.collections).toEqual([
      { collection: "guidelines", namespace: "global", documents: 2, chunks: 2, vectors: 2 },
      { collection: "style", namespace: "doc-1", documents: 1, chunks: 3, vectors: 3 },
    ]);
    expect(s.totals).toEqual({ documents: 3, chunks: 5, vectors: 5 });
  });

  it("rebuilds every vector from D1 in pages and retrieval gives the same results", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const posts = Array.from(
      { length: 230 },
      (_, i) => `Post ${i} about ${i % 2 ? "sleep and caffeine" : "exercise and mood"} number ${i}.`,
    );
    await index({
      collection: "style",
      namespace: "doc-1",
      source: "many.md",
      title: "many",
      text: posts.join("\n---\n"),
    });
    await index(
      guideline("caffeine.md", "Caffeine six hours before bed reduces sleep. Avoid caffeine after lunch."),
    );
    const services = createServices(env);
    const query = { collection: "style" as const, namespace: "doc-1", query: "sleep caffeine", topK: 5 };
    const before = (await hybridSearch(services, query)).map((c) => c.id);

    await env.DB.prepare("DELETE FROM local_vectors").run();
    expect((await stats()).totals.vectors).toBe(0);

    const res = await call("/admin/vectors/rebuild", { method: "POST", headers: ADMIN_HEADERS });
    expect(res.status).toBe(202);
    const pages = await drainRebuild({ type: "rebuild_vectors", requestId: "r", done: 0 });
    expect(pages).toBe(2); // 231 chunks, 200 a page
    expect((await stats()).totals).toMatchObject({ chunks: 231, vectors: 231 });
    expect((await hybridSearch(services, query)).map((c) => c.id)).toEqual(before);
  });

  it("links a Slack user to a style namespace so their drafts use those posts", async () => {
    const res = await call("/admin/physicians/link", {
      method: "PUT",
      headers: ADMIN_HEADERS,
      body: JSON.stringify({
        slackTeamId: "T1",
        slackUserId: "U1",
        styleNamespace: "dr-marchenko",
        displayName: "Dr. Olena Marchenko",
        language: "uk",
        timezone: "Europe/Kyiv",
      }),
    });
    expect(res.status).toBe(200);
    const physician = await findPhysicianBySlack(db(), "T1", "U1");
    expect(physician).toMatchObject({
      styleNamespace: "dr-marchenko",
      language: "uk",
      timezone: "Europe/Kyiv",
      displayName: "Dr. Olena Marchenko",
    });
    const bad = await call("/admin/physicians/link", {
      method: "PUT",
      headers: ADMIN_HEADERS,
      body: JSON.stringify({
        slackTeamId: "T1",
        slackUserId: "U1",
        styleNamespace: "x",
        timezone: "Mars/Base",
      }),
    });
    expect(bad.status).toBe(400);
  });
});
