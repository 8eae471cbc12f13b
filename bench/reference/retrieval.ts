/**
 * The retrieval benchmark's Worker: the product's own ingestion and hybrid retrieval
 * (local embedder, D1 vector store, D1 FTS5) over a generated corpus, one namespace per
 * corpus size. `POST /seed?namespace=&count=` indexes posts in documents of 500;
 * `GET /search?namespace=&q=` runs one style search (top 5); `GET /noop` answers at once
 * (the runner subtracts its round trip). `GET /` is the readiness check.
 */
import { createDb } from "../../src/db/client";
import { ingestDocument } from "../../src/knowledge/ingest";
import { hybridSearch } from "../../src/pipeline/retrieval/hybrid";
import { LocalEmbedder } from "../../src/platform/embeddings/local";
import { D1VectorStore } from "../../src/platform/vectors/d1-local";
import { generatedPosts } from "./corpus";

interface RetrievalEnv {
  DB: D1Database;
}

const POSTS_PER_DOCUMENT = 500;

export default {
  async fetch(request: Request, env: RetrievalEnv): Promise<Response> {
    const url = new URL(request.url);
    const db = createDb(env.DB);
    const deps = { db, embedder: new LocalEmbedder(), vectors: new D1VectorStore(db) };
    const namespace = url.searchParams.get("namespace") ?? "bench";
    if (request.method === "POST" && url.pathname === "/seed") {
      const count = Number(url.searchParams.get("count") ?? "0");
      const posts = generatedPosts(count, count);
      let chunks = 0;
      for (let i = 0; i < posts.length; i += POSTS_PER_DOCUMENT) {
        const result = await ingestDocument(deps, {
          collection: "style",
          namespace,
          source: `bench/${i}`,
          title: `bench ${i}`,
          text: posts.slice(i, i + POSTS_PER_DOCUMENT).join("\n---\n"),
        });
        chunks += result.chunks;
      }
      return Response.json({ chunks });
    }
    if (url.pathname === "/search") {
      const found = await hybridSearch(deps, {
        collection: "style",
        namespace,
        query: url.searchParams.get("q") ?? "",
        topK: 5,
      });
      return Response.json({ found: found.length });
    }
    if (url.pathname === "/noop") return Response.json({ found: 0 });
    return new Response("ok");
  },
};
