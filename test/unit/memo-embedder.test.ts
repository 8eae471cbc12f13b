import { describe, expect, it } from "vitest";
import { memoEmbedder } from "../../src/platform/embeddings/memo";
import type { Embedder } from "../../src/platform/embeddings/types";

function counting(fail = 0) {
  const calls: string[][] = [];
  let failures = fail;
  const inner: Embedder = {
    name: "test",
    model: "test-model",
    dimensions: 2,
    relevanceFloor: 0.1,
    embed: async (texts) => {
      calls.push(texts);
      if (failures-- > 0) throw new Error("embeddings down");
      return texts.map((t) => [t.length, 1]);
    },
  };
  return { inner, calls };
}

describe("memoEmbedder", () => {
  it("embeds each distinct text once, concurrent requests included, in the order asked", async () => {
    const { inner, calls } = counting();
    const memo = memoEmbedder(inner);
    const [a, b] = await Promise.all([memo.embed(["topic"]), memo.embed(["topic", "other"])]);
    expect(a).toEqual([[5, 1]]);
    expect(b).toEqual([
      [5, 1],
      [5, 1],
    ]);
    expect(await memo.embed(["other", "topic", "other"])).toEqual([
      [5, 1],
      [5, 1],
      [5, 1],
    ]);
    expect(calls).toEqual([["topic"], ["other"]]);
    expect(memo.dimensions).toBe(2);
  });

  it("forgets a failed call, so the next search tries again", async () => {
    const { inner, calls } = counting(1);
    const memo = memoEmbedder(inner);
    await expect(memo.embed(["topic"])).rejects.toThrow("embeddings down");
    expect(await memo.embed(["topic"])).toEqual([[5, 1]]);
    expect(calls).toHaveLength(2);
  });
});
