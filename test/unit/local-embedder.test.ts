import { describe, expect, it } from "vitest";
import { LOCAL_EMBEDDING_DIMENSIONS, LocalEmbedder } from "../../src/platform/embeddings/local";

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe("LocalEmbedder", () => {
  const embedder = new LocalEmbedder();

  it("returns unit vectors of the declared size, deterministically", async () => {
    const [a, b] = await embedder.embed(["Caffeine late in the day", "Caffeine late in the day"]);
    expect(a).toHaveLength(LOCAL_EMBEDDING_DIMENSIONS);
    expect(a).toEqual(b);
    expect(cosine(a ?? [], a ?? [])).toBeCloseTo(1, 5);
  });

  it("ranks lexically related text above unrelated text, in English and Ukrainian", async () => {
    const [query, related, unrelated, ukQuery, ukRelated] = await embedder.embed([
      "insomnia and sleep hygiene",
      "Sleep hygiene helps chronic insomnia less than CBT-I does.",
      "Exercise improves depressive symptoms in adults.",
      "безсоння і сон",
      "Когнітивно-поведінкова терапія безсоння покращує сон.",
    ]);
    expect(cosine(query ?? [], related ?? [])).toBeGreaterThan(cosine(query ?? [], unrelated ?? []));
    expect(cosine(ukQuery ?? [], ukRelated ?? [])).toBeGreaterThan(cosine(ukQuery ?? [], unrelated ?? []));
  });

  it("embeds empty text as a zero vector instead of NaN", async () => {
    const [empty] = await embedder.embed([""]);
    expect(empty?.every((x) => x === 0)).toBe(true);
  });
});
