import { describe, expect, it } from "vitest";
import { LocalEmbedder } from "../../src/platform/embeddings/local";
import { D1VectorStore, decodeVector, encodeVector } from "../../src/platform/vectors/d1-local";
import { db } from "../helpers";

describe("D1VectorStore (local vector search)", () => {
  it("round-trips Float32 values through base64", () => {
    const values = [0.25, -1.5, 3.0000001, 0];
    expect(Array.from(decodeVector(encodeVector(values)))).toEqual(Array.from(Float32Array.from(values)));
  });

  it("returns the nearest vectors by cosine, only from the asked namespace", async () => {
    const store = new D1VectorStore(db());
    const embedder = new LocalEmbedder();
    const texts = ["caffeine and sleep latency", "exercise for depression", "caffeine in pregnancy"];
    const vectors = await embedder.embed(texts);
    await store.upsert(
      texts.map((t, i) => ({
        id: `a${i}`,
        namespace: "style:a",
        values: vectors[i] ?? [],
        metadata: { text: t },
      })),
    );
    await store.upsert([
      { id: "b0", namespace: "style:b", values: vectors[0] ?? [], metadata: { text: texts[0] ?? "" } },
    ]);

    const [query] = await embedder.embed(["caffeine"]);
    const matches = await store.query(query ?? [], { namespace: "style:a", topK: 2 });
    expect(matches.map((m) => m.id).sort()).toEqual(["a0", "a2"]);
    expect(matches[0]?.score).toBeGreaterThan(0);
    expect(matches.every((m) => m.id.startsWith("a"))).toBe(true);
  });

  it("upserts in place and deletes by id across statement-size chunks", async () => {
    const store = new D1VectorStore(db());
    const many = Array.from({ length: 45 }, (_, i) => ({
      id: `v${i}`,
      namespace: "n",
      values: [i, 1],
      metadata: {},
    }));
    await store.upsert(many);
    await store.upsert([{ id: "v0", namespace: "n", values: [0, -1], metadata: { updated: true } }]);
    const [top] = await store.query([0, -1], { namespace: "n", topK: 1 });
    expect(top).toMatchObject({ id: "v0", metadata: { updated: true } });
    await store.deleteByIds(many.map((m) => m.id));
    expect(await store.query([1, 1], { namespace: "n", topK: 5 })).toEqual([]);
  });

  it("probes with a count and the dimensions of a stored vector", async () => {
    const store = new D1VectorStore(db());
    expect(await store.probe()).toEqual({ vectors: 0, dimensions: undefined });
    await store.upsert([
      { id: "p1", namespace: "n", values: [1, 0, 0], metadata: {} },
      { id: "p2", namespace: "m", values: [0, 1, 0], metadata: {} },
    ]);
    expect(await store.probe()).toEqual({ vectors: 2, dimensions: 3 });
  });
});
