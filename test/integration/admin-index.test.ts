import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN_HEADERS, call } from "../helpers";

const guideline = {
  collection: "guidelines",
  namespace: "global",
  source: "medical_guidelines/caffeine.md",
  title: "Caffeine and sleep",
  text: "Caffeine taken six hours before bed still shortens total sleep time. Healthy adults can usually take up to 400 mg a day. Pregnant people should stay under 200 mg a day.",
};

async function index(doc: object): Promise<Response> {
  return call("/admin/documents", { method: "POST", headers: ADMIN_HEADERS, body: JSON.stringify(doc) });
}

async function count(sql: string): Promise<number> {
  const row = await env.DB.prepare(sql).first<{ n: number }>();
  return row?.n ?? -1;
}

describe("admin indexing API", () => {
  it("refuses requests without the admin bearer token", async () => {
    const missing = await call("/admin/stats");
    const wrong = await call("/admin/stats", { headers: { authorization: "Bearer nope" } });
    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "unauthorized", message: "unauthorized" });
  });

  it("rejects a malformed document with a 400 naming the field", async () => {
    const res = await index({ ...guideline, collection: "recipes" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: "invalid_body",
      message: expect.stringContaining("collection"),
    });
  });

  it("indexes a document into chunks, FTS and vectors, then writes nothing on a re-run", async () => {
    const first = await index(guideline);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: "added", chunks: 1, embedded: 1 });
    expect(await count("SELECT count(*) AS n FROM knowledge_chunks")).toBe(1);
    expect(
      await count(
        "SELECT count(*) AS n FROM knowledge_chunks_fts WHERE knowledge_chunks_fts MATCH 'caffeine'",
      ),
    ).toBe(1);
    expect(await count("SELECT count(*) AS n FROM local_vectors WHERE namespace = 'guidelines:global'")).toBe(
      1,
    );

    const again = await index(guideline);
    expect(await again.json()).toMatchObject({ status: "unchanged", embedded: 0, removed: 0 });
    expect(await count("SELECT count(*) AS n FROM local_vectors")).toBe(1);
  });

  it("replaces exactly the posts that changed in a style file", async () => {
    const style = {
      collection: "style",
      namespace: "physician-1",
      source: "doctor_style/posts.md",
      title: "posts",
      text: "Post one about sleep.\n---\nPost two about coffee.\n---\nPost three about walks.",
    };
    await index(style);
    const before = await env.DB.prepare("SELECT id, text FROM knowledge_chunks ORDER BY ordinal").all<{
      id: string;
      text: string;
    }>();
    const changed = await index({
      ...style,
      text: style.text.replace("Post two about coffee.", "Post two about tea."),
    });
    expect(await changed.json()).toMatchObject({ status: "changed", chunks: 3, embedded: 1, removed: 1 });
    const after = await env.DB.prepare("SELECT id, text FROM knowledge_chunks ORDER BY ordinal").all<{
      id: string;
      text: string;
    }>();
    expect(after.results.map((r) => r.text)).toEqual([
      "Post one about sleep.",
      "Post two about tea.",
      "Post three about walks.",
    ]);
    expect(after.results[0]?.id).toBe(before.results[0]?.id);
    expect(after.results[2]?.id).toBe(before.results[2]?.id);
    expect(
      await count("SELECT count(*) AS n FROM knowledge_chunks_fts WHERE knowledge_chunks_fts MATCH 'coffee'"),
    ).toBe(0);
    expect(await count("SELECT count(*) AS n FROM local_vectors WHERE namespace = 'style:physician-1'")).toBe(
      3,
    );
  });

  it("lists, deletes and reports documents", async () => {
    const added = await (await index(guideline)).json<{ documentId: string }>();
    const list = await call("/admin/documents?collection=guidelines&namespace=global", {
      headers: ADMIN_HEADERS,
    });
    expect(await list.json()).toEqual({ documents: [{ id: added.documentId, source: guideline.source }] });

    const stats = await (await call("/admin/stats", { headers: ADMIN_HEADERS })).json<{
      collections: unknown[];
    }>();
    expect(stats.collections).toEqual([
      { collection: "guidelines", namespace: "global", documents: 1, chunks: 1, vectors: 1 },
    ]);

    const del = await call(`/admin/documents/${added.documentId}`, {
      method: "DELETE",
      headers: ADMIN_HEADERS,
    });
    expect(del.status).toBe(200);
    expect(await count("SELECT count(*) AS n FROM knowledge_chunks_fts")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM local_vectors")).toBe(0);
    const gone = await call(`/admin/documents/${added.documentId}`, {
      method: "DELETE",
      headers: ADMIN_HEADERS,
    });
    expect(gone.status).toBe(404);
  });
});

describe("indexing crash safety", () => {
  it("embeds on the next run the chunks an embedding outage left behind", async () => {
    const { LocalEmbedder } = await import("../../src/platform/embeddings/local");
    const { vi } = await import("vitest");
    const outage = vi
      .spyOn(LocalEmbedder.prototype, "embed")
      .mockRejectedValueOnce(new Error("embedding outage"));
    const failed = await index(guideline);
    expect(failed.status).toBe(500);
    outage.mockRestore();
    const retried = await index(guideline);
    expect(await retried.json()).toMatchObject({ status: "added", embedded: 1 });
    expect(await count("SELECT count(*) AS n FROM local_vectors")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM knowledge_chunks")).toBe(1);
  });
});
