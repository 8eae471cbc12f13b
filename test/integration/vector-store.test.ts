import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { LocalEmbedder } from "../../src/platform/embeddings/local";
import { D1VectorStore, decodeVector, encodeVector } from "../../src/platform/vectors/d1-local";
import { MAX_TOP_K } from "../../src/platform/vectors/types";
import { db } from "../helpers";

/** The D1 binding, recording the SQL of every statement prepared through it. */
function recordingD1(sql: string[]): D1Database {
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare")
        return (query: string) => {
          sql.push(query);
          return target.prepare(query);
        };
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

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

  it("ranks exactly as a full sort would: best k by cosine, ties by id", async () => {
    // Deterministic vectors of an odd width (the unrolled dot product's tail), with exact
    // duplicates so ties have to be broken by id; a random query and a stored one, every k.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    const width = 7;
    const base = Array.from({ length: 40 }, () => Array.from({ length: width }, next));
    const rows = [...base, ...base.slice(0, 10)].map((values, i) => ({
      id: `v${String(i).padStart(2, "0")}`,
      namespace: "ranked",
      values,
      metadata: {},
    }));
    const store = new D1VectorStore(db());
    await store.upsert(rows);
    const unit = (v: number[]) => {
      const norm = Math.hypot(...v) || 1;
      return Float32Array.from(v.map((x) => x / norm));
    };
    for (const query of [Array.from({ length: width }, next), base[3] ?? []]) {
      const q = unit(query);
      const expected = rows
        .map((r) => ({ id: r.id, score: unit(r.values).reduce((sum, x, i) => sum + x * (q[i] ?? 0), 0) }))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
      for (const topK of [1, 3, 10, MAX_TOP_K]) {
        const found = await store.query(query, { namespace: "ranked", topK });
        expect(found.map((m) => m.id)).toEqual(expected.slice(0, topK).map((m) => m.id));
        for (const [i, m] of found.entries())
          expect(m.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 5);
      }
    }
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

  it("reads a namespace's vectors once while it is unchanged, and sees another isolate's write", async () => {
    const sql: string[] = [];
    const store = new D1VectorStore(createDb(recordingD1(sql)));
    await store.upsert([
      { id: "c0", namespace: "cache", values: [1, 0], metadata: {} },
      { id: "c1", namespace: "cache", values: [0, 1], metadata: {} },
    ]);
    const reads = () => sql.filter((q) => /from "local_vectors"/i.test(q) && /select/i.test(q)).length;
    const before = reads();
    expect((await store.query([1, 0], { namespace: "cache", topK: 1 }))[0]?.id).toBe("c0");
    expect((await store.query([0, 1], { namespace: "cache", topK: 1 }))[0]?.id).toBe("c1");
    expect(reads() - before).toBe(1);
    // Another store (another request, or another isolate) changes the namespace.
    const other = new D1VectorStore(db());
    await other.upsert([{ id: "c2", namespace: "cache", values: [1, 1], metadata: { added: true } }]);
    expect((await store.query([1, 1], { namespace: "cache", topK: 1 }))[0]).toMatchObject({
      id: "c2",
      metadata: { added: true },
    });
    await other.deleteByIds(["c2"]);
    expect((await store.query([1, 1], { namespace: "cache", topK: 3 })).map((m) => m.id)).toEqual([
      "c0",
      "c1",
    ]);
    expect(reads() - before).toBe(3);
  });
});
