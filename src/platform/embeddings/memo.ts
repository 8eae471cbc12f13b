/**
 * An embedder that embeds each distinct text once for its lifetime (one pipeline attempt):
 * the style search and both knowledge-base searches ask for the topic's vector together,
 * and share one call. Concurrent requests share the promise; a failed call is forgotten so
 * a later search may try again.
 */
import type { Embedder } from "./types";

export function memoEmbedder(inner: Embedder): Embedder {
  const vectors = new Map<string, Promise<number[] | undefined>>();
  return {
    name: inner.name,
    model: inner.model,
    dimensions: inner.dimensions,
    relevanceFloor: inner.relevanceFloor,
    async embed(texts) {
      const missing = [...new Set(texts.filter((text) => !vectors.has(text)))];
      if (missing.length > 0) {
        const batch = inner.embed(missing);
        missing.forEach((text, i) => {
          const one = batch.then((all) => all[i]);
          vectors.set(text, one);
          one.catch(() => vectors.delete(text));
        });
      }
      const out = await Promise.all(texts.map((text) => vectors.get(text)));
      return out.map((vector) => {
        if (!vector) throw new Error("embedder returned fewer vectors than texts");
        return vector;
      });
    },
  };
}
