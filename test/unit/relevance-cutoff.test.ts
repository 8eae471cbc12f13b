/** The relevance cut-off (ADR 0003) at its edges: the dense floor and the keyword minimum are inclusive. */
import { describe, expect, it } from "vitest";
import { enoughOverlap, passesCutoff } from "../../src/pipeline/retrieval/relevance";

const cutoff = { denseFloor: 0.5, minOverlap: 2 };

describe("passesCutoff", () => {
  it("admits a chunk exactly at the dense floor and refuses one just below", () => {
    expect(passesCutoff({ dense: 0.5, overlap: 0 }, 3, cutoff)).toBe(true);
    expect(passesCutoff({ dense: 0.49, overlap: 0 }, 3, cutoff)).toBe(false);
  });

  it("admits a keyword-only chunk with exactly the minimum overlap", () => {
    expect(passesCutoff({ overlap: 2 }, 3, cutoff)).toBe(true);
    expect(passesCutoff({ overlap: 1 }, 3, cutoff)).toBe(false);
  });

  it("asks a one-keyword query for its one keyword, and a query with none vouches for nothing", () => {
    expect(enoughOverlap(1, 1, 2)).toBe(true);
    expect(enoughOverlap(0, 0, 2)).toBe(false);
  });
});
