/** Price table: defaults, LLM_PRICES overrides, prefix matching and cost arithmetic. */
import { describe, expect, it } from "vitest";
import { costUsd, DEFAULT_PRICES, parsePriceTable, priceFor } from "../../src/platform/llm/pricing";
import type { LlmUsage } from "../../src/platform/llm/types";

const usage = (overrides: Partial<LlmUsage> = {}): LlmUsage => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  ...overrides,
});

describe("priceFor", () => {
  const table = parsePriceTable(undefined);

  it("matches dated model ids to their family by the longest prefix", () => {
    expect(priceFor(table, "claude-sonnet-4-5-20250929")).toMatchObject({ input: 3, output: 15 });
    expect(priceFor(table, "claude-sonnet-4-20250514")).toMatchObject({ input: 3, output: 15 });
    expect(priceFor(table, "claude-sonnet-5-5")).toEqual({
      input: 2,
      output: 10,
      cacheRead: 0.1,
      cacheWrite: 2.5,
    });
    expect(priceFor(table, "claude-sonnet-5")).toMatchObject({ input: 2, output: 10, cacheRead: 0.2 });
    expect(priceFor(table, "claude-sonnet-7")).toMatchObject({ input: 2, output: 10 });
    expect(priceFor(table, "claude-haiku-4-5")).toMatchObject({ input: 1, output: 5 });
    expect(priceFor(table, "claude-haiku-5-5")).toMatchObject({ input: 0.1, output: 0.5 });
    expect(priceFor(table, "claude-opus-5-5")).toMatchObject({ input: 4, output: 20 });
    expect(priceFor(table, "claude-opus-4-5-20251101")).toMatchObject({ input: 5, output: 25 });
    expect(priceFor(table, "claude-opus-4-1-20250805")).toMatchObject({ input: 15, output: 75 });
    expect(priceFor(table, "claude-3-5-haiku-20241022")).toMatchObject({ input: 0.8, output: 4 });
    expect(priceFor(table, "gpt-4o-2024-08-06")).toMatchObject({ input: 2.5, output: 10 });
    expect(priceFor(table, "gpt-4o-mini-2024-07-18")).toMatchObject({ input: 0.15, output: 0.6 });
    expect(priceFor(table, "gpt-4.1-mini")).toMatchObject({ input: 0.4, output: 1.6 });
    expect(priceFor(table, "GPT-4.1")).toMatchObject({ input: 2, output: 8 });
  });

  it("only matches at a '-' boundary and returns undefined for unknown models", () => {
    expect(priceFor(table, "gpt-4")).toBeUndefined();
    expect(priceFor(table, "gpt-4oxyz")).toBeUndefined();
    expect(priceFor(table, "llama-3-70b")).toBeUndefined();
  });

  it("derives Anthropic cache rates from the input rate", () => {
    expect(priceFor(table, "claude-sonnet-4-5")).toEqual({
      input: 3,
      output: 15,
      cacheRead: 0.3,
      cacheWrite: 3.75,
    });
  });
});

describe("parsePriceTable", () => {
  it("returns the defaults when unset or blank", () => {
    expect(parsePriceTable(undefined)).toBe(DEFAULT_PRICES);
    expect(parsePriceTable("  ")).toBe(DEFAULT_PRICES);
  });

  it("merges overrides over the defaults; a more specific key wins", () => {
    const table = parsePriceTable(
      JSON.stringify({
        "claude-sonnet-4-5": { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 },
        "My-Model": { input: 1, output: 2 },
      }),
    );
    expect(priceFor(table, "claude-sonnet-4-5-20250929")).toEqual({
      input: 2,
      output: 10,
      cacheRead: 0.2,
      cacheWrite: 2.5,
    });
    expect(priceFor(table, "claude-sonnet-4-6")).toMatchObject({ input: 3 });
    expect(priceFor(table, "my-model-v2")).toEqual({ input: 1, output: 2 });
    expect(priceFor(table, "gpt-4o")).toMatchObject({ input: 2.5 });
  });

  it("rejects malformed JSON and wrong shapes without echoing the value", () => {
    expect(() => parsePriceTable("{not json")).toThrow(/LLM_PRICES: not valid JSON/);
    expect(() => parsePriceTable('{"m": {"input": "secret-ish", "output": 1}}')).toThrow(
      /LLM_PRICES.*m\.input/,
    );
    expect(() => parsePriceTable('{"m": {"input": -1, "output": 1}}')).toThrow(/LLM_PRICES/);
    expect(() => parsePriceTable('{"m": {"input": 1, "output": 1, "extra": 2}}')).toThrow(/LLM_PRICES/);
    expect(() => parsePriceTable("[1, 2]")).toThrow(/LLM_PRICES/);
    try {
      parsePriceTable('{"m": {"input": "secret-ish", "output": 1}}');
    } catch (err) {
      expect(String(err)).not.toContain("secret-ish");
    }
  });
});

describe("costUsd", () => {
  it("bills input, output, cache reads and cache writes at their own rates", () => {
    const price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
    const cost = costUsd(
      price,
      usage({ inputTokens: 2000, outputTokens: 500, cacheReadTokens: 10_000, cacheWriteTokens: 4000 }),
    );
    expect(cost).toBeCloseTo((2000 * 3 + 500 * 15 + 10_000 * 0.3 + 4000 * 3.75) / 1e6, 12);
  });

  it("falls back to the input rate when cache rates are not given", () => {
    const cost = costUsd({ input: 1, output: 2 }, usage({ cacheReadTokens: 1e6, cacheWriteTokens: 1e6 }));
    expect(cost).toBeCloseTo(2, 12);
  });

  it("is 0 for an unknown model", () => {
    expect(costUsd(undefined, usage({ inputTokens: 1e6, outputTokens: 1e6 }))).toBe(0);
  });
});
