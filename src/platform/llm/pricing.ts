/**
 * LLM price table (USD per million tokens) and per-call cost. The defaults are list prices
 * at the time of writing; they drift, so every entry is configurable through the
 * `LLM_PRICES` setting (JSON, merged over the defaults). A model resolves to its longest
 * matching key at a "-" boundary, so "claude-sonnet-4-5-20250929" is priced as
 * "claude-sonnet-4-5" and an unlisted "claude-sonnet-…" as "claude-sonnet" (current generation).
 */
import { z } from "zod";
import type { LlmUsage, ModelPrice } from "./types";

export type PriceTable = Readonly<Record<string, ModelPrice>>;

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/** Anthropic's usual ratios: cache reads 0.1× input, 5-minute cache writes 1.25× input. */
const claude = (input: number, output: number): ModelPrice => ({
  input,
  output,
  cacheRead: round(input * 0.1),
  cacheWrite: round(input * 1.25),
});
/** OpenAI: cached input is discounted; there is no separate cache-write charge. */
const gpt = (input: number, output: number, cacheRead: number): ModelPrice => ({
  input,
  output,
  cacheRead,
  cacheWrite: input,
});

export const DEFAULT_PRICES: PriceTable = {
  // Bare family keys price the current generation; older generations have their own keys.
  "claude-sonnet": claude(2, 10),
  "claude-sonnet-5-5": { input: 2, output: 10, cacheRead: 0.1, cacheWrite: 2.5 },
  "claude-sonnet-4": claude(3, 15),
  "claude-sonnet-4-5": claude(3, 15),
  "claude-sonnet-4-6": claude(3, 15),
  "claude-3-7-sonnet": claude(3, 15),
  "claude-3-5-sonnet": claude(3, 15),
  "claude-opus": claude(5, 25),
  "claude-opus-5-5": { input: 4, output: 20, cacheRead: 0.2, cacheWrite: 5 },
  "claude-opus-4-0": claude(15, 75),
  "claude-opus-4-1": claude(15, 75),
  "claude-opus-4-20250514": claude(15, 75),
  "claude-fable": claude(10, 50),
  "claude-haiku": claude(1, 5),
  "claude-haiku-4-5": claude(1, 5),
  // Haiku 5.5 is banded by prompt size; this is the lower (≤100k-token prompt) band.
  "claude-haiku-5-5": { input: 0.1, output: 0.5, cacheRead: 0.01, cacheWrite: 0.125 },
  "claude-3-5-haiku": claude(0.8, 4),
  "claude-3-haiku": claude(0.25, 1.25),
  "gpt-4o": gpt(2.5, 10, 1.25),
  "gpt-4o-mini": gpt(0.15, 0.6, 0.075),
  "gpt-4.1": gpt(2, 8, 0.5),
  "gpt-4.1-mini": gpt(0.4, 1.6, 0.1),
  "gpt-4.1-nano": gpt(0.1, 0.4, 0.025),
  "gpt-5": gpt(1.25, 10, 0.125),
  "gpt-5-mini": gpt(0.25, 2, 0.025),
  "gpt-5-nano": gpt(0.05, 0.4, 0.005),
};

const rate = z.number().nonnegative().finite();
const overrides = z.record(
  z.string().min(1),
  z.object({ input: rate, output: rate, cacheRead: rate.optional(), cacheWrite: rate.optional() }).strict(),
);

/**
 * The default table with `LLM_PRICES` merged over it. Throws with a message naming the
 * problem (never echoing the value) when the JSON is malformed.
 */
export function parsePriceTable(json: string | undefined): PriceTable {
  if (json === undefined || json.trim() === "") return DEFAULT_PRICES;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("LLM_PRICES: not valid JSON");
  }
  const parsed = overrides.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join(".") || "(root)").join(", ");
    throw new Error(
      `LLM_PRICES: expected {"model": {"input": n, "output": n, "cacheRead"?: n, "cacheWrite"?: n}} (at ${where})`,
    );
  }
  const merged: Record<string, ModelPrice> = { ...DEFAULT_PRICES };
  for (const [model, price] of Object.entries(parsed.data)) merged[model.toLowerCase()] = price;
  return merged;
}

/** The price of `model`: an exact key, else the longest key it extends at a "-" boundary. */
export function priceFor(table: PriceTable, model: string): ModelPrice | undefined {
  const name = model.toLowerCase();
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    const matches = name === key || name.startsWith(`${key}-`);
    if (matches && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}

/**
 * USD cost of one call. `usage.inputTokens` is uncached input (Anthropic semantics); cache
 * reads and writes are billed at their own rates (input rate when the table has none).
 * Unknown model (`price` undefined) → 0; the caller logs a warning.
 */
export function costUsd(price: ModelPrice | undefined, usage: LlmUsage): number {
  if (price === undefined) return 0;
  const total =
    usage.inputTokens * price.input +
    usage.outputTokens * price.output +
    usage.cacheReadTokens * (price.cacheRead ?? price.input) +
    usage.cacheWriteTokens * (price.cacheWrite ?? price.input);
  return total / 1_000_000;
}
