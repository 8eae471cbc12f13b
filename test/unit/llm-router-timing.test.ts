import { describe, expect, it } from "vitest";
import { Logger } from "../../src/lib/log";
import { DEFAULT_PRICES } from "../../src/platform/llm/pricing";
import { routeProviders } from "../../src/platform/llm/router";
import { LlmError, type LlmProvider, type LlmRequest, type ProviderName } from "../../src/platform/llm/types";

/** A provider that hangs until its timeout, like a stuck upstream behind the SDK's timer. */
function hanging(name: ProviderName, seen: number[]): LlmProvider {
  return {
    name,
    model: "m",
    async complete(request) {
      seen.push(request.timeoutMs);
      await new Promise((r) => setTimeout(r, request.timeoutMs));
      throw new LlmError(name, "timeout", `${name}: timed out`);
    },
  };
}

function answering(name: ProviderName, seen: number[]): LlmProvider {
  return {
    name,
    model: "m",
    async complete(request) {
      seen.push(request.timeoutMs);
      return {
        text: "ok",
        model: "m",
        usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
      };
    },
  };
}

const request = (timeoutMs: number, providerTimeoutMs?: number): LlmRequest => ({
  purpose: "draft",
  system: [],
  messages: [{ role: "user", content: "x" }],
  maxTokens: 10,
  timeoutMs,
  providerTimeoutMs,
});

describe("LLM router timing", () => {
  it("leaves the fallback time to answer when the primary hangs", async () => {
    const seen: number[] = [];
    const router = routeProviders(
      [hanging("anthropic", seen), answering("openai", seen)],
      new Logger({}, "error"),
      DEFAULT_PRICES,
    );
    const started = Date.now();
    const reply = await router.complete(request(500));
    expect(reply).toMatchObject({ provider: "openai", fallback: true });
    expect(Date.now() - started).toBeLessThan(500);
    // 60 % of the call's time left for the primary: 300 ms, less the millisecond or two the
    // clock may tick between the call's start and the attempt's (CI saw 299).
    expect(seen[0]).toBeLessThanOrEqual(300);
    expect(seen[0]).toBeGreaterThanOrEqual(295);
    expect(seen[1]).toBeGreaterThan(150);
  });

  it("caps each provider at the per-provider timeout", async () => {
    const seen: number[] = [];
    const router = routeProviders(
      [hanging("anthropic", seen), answering("openai", seen)],
      new Logger({}, "error"),
      DEFAULT_PRICES,
    );
    await router.complete(request(10_000, 100));
    expect(seen).toEqual([100, 100]);
  });

  it("gives a lone provider the whole time", async () => {
    const seen: number[] = [];
    const router = routeProviders([answering("anthropic", seen)], new Logger({}, "error"), DEFAULT_PRICES);
    await router.complete(request(800));
    expect(seen).toEqual([800]);
  });
});
