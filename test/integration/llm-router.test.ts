/**
 * LLM router against the loopback Anthropic/OpenAI fakes (our fetch clients, the real wire
 * format): happy paths,
 * prompt-cache marker, structured output, fallback on 5xx/429/timeout/auth, no fallback on
 * 400, TransientError when everything failed, and no API key in any error or log line.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../src/config";
import { Logger } from "../../src/lib/log";
import { parsePriceTable } from "../../src/platform/llm/pricing";
import { createLlmRouter } from "../../src/platform/llm/router";
import type { LlmRequest } from "../../src/platform/llm/types";
import { PermanentError, TransientError } from "../../src/queues/retry";
import { createFakesClient } from "../fakes/client";

const fakes = createFakesClient(env.FAKES_URL);
const ANTHROPIC_KEY = "sk-ant-test";
const OPENAI_KEY = "sk-test";

function router(settings: Record<string, string> = {}) {
  const config = parseConfig({
    ...env,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    OPENAI_API_KEY: OPENAI_KEY,
    // Pinned: these tests are about routing and pricing, not about the default model.
    ANTHROPIC_MODEL: "claude-sonnet-4-5",
    ...settings,
  });
  return createLlmRouter(config, new Logger({}, "debug"), parsePriceTable(config.LLM_PRICES));
}

function request(overrides: Partial<LlmRequest> = {}): LlmRequest {
  return {
    purpose: "draft",
    system: [
      { text: "You are Dr. Lee's ghostwriter.", cacheable: true },
      { text: "Never give individual medical advice.", cacheable: true },
      { text: "Today's topic: sleep and caffeine." },
    ],
    messages: [{ role: "user", content: "Write a Telegram post about caffeine and sleep." }],
    maxTokens: 400,
    timeoutMs: 5000,
    ...overrides,
  };
}

/** Every console line written while `run` executes. */
async function captureConsole(run: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
  }
  await run();
  return lines;
}

function events(lines: string[]): Record<string, unknown>[] {
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

afterEach(() => vi.restoreAllMocks());

describe("LLM router: Anthropic primary", () => {
  it("answers with text, usage, cost and one llm_complete line", async () => {
    await fakes.queueAnthropic({
      text: "Caffeine has a half-life of about five hours.",
      usage: { input_tokens: 1000, output_tokens: 200, cache_read_input_tokens: 500 },
    });
    let reply: Awaited<ReturnType<ReturnType<typeof router>["complete"]>> | undefined;
    const lines = await captureConsole(async () => {
      reply = await router().complete(request());
    });

    expect(reply).toMatchObject({
      text: "Caffeine has a half-life of about five hours.",
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      fallback: false,
      usage: { inputTokens: 1000, outputTokens: 200, cacheReadTokens: 500, cacheWriteTokens: 0 },
      attempts: [{ provider: "anthropic", outcome: "ok" }],
    });
    // Sonnet: $3 in, $15 out, $0.30 cache read per million tokens.
    expect(reply?.costUsd).toBeCloseTo((1000 * 3 + 200 * 15 + 500 * 0.3) / 1e6, 10);
    expect(reply?.durationMs).toBeGreaterThanOrEqual(0);

    const complete = events(lines).filter((e) => e.event === "llm_complete");
    expect(complete).toHaveLength(1);
    expect(complete[0]).toMatchObject({
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      purpose: "draft",
      fallback: false,
      input_tokens: 1000,
      output_tokens: 200,
      cost_usd: 0.00615,
    });
    expect(typeof complete[0]?.duration_ms).toBe("number");
  });

  it("sends system parts as blocks with a cache marker on the last cacheable one", async () => {
    await router().complete(request());
    const [sent] = await fakes.requests("anthropic", "/v1/messages");
    expect(sent?.body).toMatchObject({
      model: "claude-sonnet-4-5",
      max_tokens: 400,
      system: [
        { type: "text", text: "You are Dr. Lee's ghostwriter." },
        {
          type: "text",
          text: "Never give individual medical advice.",
          cache_control: { type: "ephemeral" },
        },
        { type: "text", text: "Today's topic: sleep and caffeine." },
      ],
      messages: [{ role: "user", content: "Write a Telegram post about caffeine and sleep." }],
    });
    const body = sent?.body as { system?: Record<string, unknown>[] } | undefined;
    expect(body?.system?.filter((block) => "cache_control" in block)).toHaveLength(1);
  });

  it("gets structured output through one forced tool call", async () => {
    const input = { post: "Coffee after 2 pm can cost you sleep.", hashtags: ["sleep", "caffeine"] };
    await fakes.queueAnthropic({
      content: [{ type: "tool_use", id: "toolu_01", name: "draft_post", input }],
    });
    const schema = {
      type: "object",
      properties: { post: { type: "string" }, hashtags: { type: "array", items: { type: "string" } } },
      required: ["post", "hashtags"],
    };
    const reply = await router().complete(request({ json: { name: "draft_post", schema } }));
    expect(JSON.parse(reply.text)).toEqual(input);

    const [sent] = await fakes.requests("anthropic", "/v1/messages");
    expect(sent?.body).toMatchObject({
      tools: [{ name: "draft_post", input_schema: schema }],
      tool_choice: { type: "tool", name: "draft_post" },
    });
  });

  it("uses native JSON output on models that reject a forced tool choice", async () => {
    await fakes.queueAnthropic({ text: '{"post":"Sleep first."}' });
    const schema = { type: "object", properties: { post: { type: "string" } }, required: ["post"] };
    const reply = await router({ ANTHROPIC_MODEL: "claude-sonnet-5-5" }).complete(
      request({ json: { name: "draft_post", schema } }),
    );
    expect(JSON.parse(reply.text)).toEqual({ post: "Sleep first." });
    const [sent] = await fakes.requests("anthropic", "/v1/messages");
    expect(sent?.body).toMatchObject({ output_config: { format: { type: "json_schema", schema } } });
    expect(sent?.body).not.toHaveProperty("tool_choice");
  });

  it("rejects a truncated structured reply as a bad request, without fallback", async () => {
    await fakes.queueAnthropic({ text: '{"post":"Sleep fi', stopReason: "max_tokens" });
    const schema = { type: "object", properties: { post: { type: "string" } } };
    const error = await router({ ANTHROPIC_MODEL: "claude-sonnet-5-5" })
      .complete(request({ json: { name: "draft_post", schema } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toMatch(/truncated/);
    expect(await fakes.requests("openai")).toHaveLength(0);
  });
});

describe("LLM router: fallback to OpenAI", () => {
  it("falls back on an Anthropic 500 and records both attempts", async () => {
    await fakes.fail({ service: "anthropic", status: 500 });
    await fakes.queueOpenAI({ text: "From the fallback." });
    const reply = await router().complete(request());

    expect(reply).toMatchObject({
      text: "From the fallback.",
      provider: "openai",
      model: "gpt-4o",
      fallback: true,
    });
    expect(reply.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ["anthropic", "server"],
      ["openai", "ok"],
    ]);
    const [sent] = await fakes.requests("openai", "/chat/completions");
    expect(sent?.body).toMatchObject({
      model: "gpt-4o",
      messages: [
        {
          role: "system",
          content:
            "You are Dr. Lee's ghostwriter.\n\nNever give individual medical advice.\n\nToday's topic: sleep and caffeine.",
        },
        { role: "user", content: "Write a Telegram post about caffeine and sleep." },
      ],
    });
  });

  it("treats a 200 that is not a Messages reply (a proxy's HTML page) as a server error, and falls back", async () => {
    await fakes.fail({
      service: "anthropic",
      status: 200,
      body: "<html><body>Gateway says hi</body></html>",
    });
    await fakes.queueOpenAI({ text: "From the fallback." });
    const reply = await router().complete(request());
    expect(reply.provider).toBe("openai");
    expect(reply.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ["anthropic", "server"],
      ["openai", "ok"],
    ]);
  });

  it("treats a dropped connection as a network error, and falls back", async () => {
    await fakes.fail({ service: "anthropic", status: 0 });
    await fakes.queueOpenAI({ text: "From the fallback." });
    const reply = await router().complete(request());
    expect(reply.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ["anthropic", "network"],
      ["openai", "ok"],
    ]);
  });

  it("sends the API's own headers: Anthropic's key and version, OpenAI's bearer token", async () => {
    await fakes.fail({ service: "anthropic", status: 500 });
    await router().complete(request());
    const [anthropic] = await fakes.requests("anthropic", "/v1/messages");
    expect(anthropic?.headers["x-api-key"]).toBe(ANTHROPIC_KEY);
    expect(anthropic?.headers["anthropic-version"]).toBe("2026-10-21");
    expect(anthropic?.headers["content-type"]).toBe("application/json");
    const [openai] = await fakes.requests("openai", "/chat/completions");
    expect(openai?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
  });

  it("falls back on an Anthropic 429", async () => {
    await fakes.fail({ service: "anthropic", status: 429, retryAfter: 12 });
    const reply = await router().complete(request());
    expect(reply.provider).toBe("openai");
    expect(reply.fallback).toBe(true);
    expect(reply.attempts[0]).toMatchObject({ provider: "anthropic", outcome: "rate_limited" });
  });

  it("falls back on an Anthropic 529 (overloaded)", async () => {
    await fakes.fail({ service: "anthropic", status: 529 });
    const reply = await router().complete(request());
    expect(reply.attempts.map((a) => a.outcome)).toEqual(["server", "ok"]);
  });

  it("falls back when Anthropic exceeds the per-call timeout", async () => {
    await fakes.fail({ service: "anthropic", status: 200, delayMs: 2000 });
    const started = Date.now();
    const reply = await router().complete(request({ timeoutMs: 300 }));
    expect(reply.provider).toBe("openai");
    expect(reply.attempts[0]).toMatchObject({ provider: "anthropic", outcome: "timeout" });
    expect(Date.now() - started).toBeLessThan(1800);
  });

  it("falls back on an Anthropic auth failure and logs llm_auth_failed", async () => {
    await fakes.fail({ service: "anthropic", status: 401 });
    let provider: string | undefined;
    const lines = await captureConsole(async () => {
      provider = (await router().complete(request())).provider;
    });
    expect(provider).toBe("openai");
    const auth = events(lines).find((e) => e.event === "llm_auth_failed");
    expect(auth).toMatchObject({ level: "error", provider: "anthropic", status: 401 });
  });

  it("sends OpenAI a json_schema response_format and reports cached tokens", async () => {
    // Scripted usage is flat; a verbatim 200 body carries prompt_tokens_details.
    await fakes.fail({
      service: "openai",
      status: 200,
      body: {
        id: "chatcmpl-cached",
        object: "chat.completion",
        created: 1_700_000_000,
        model: "gpt-4o-2024-08-06",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: JSON.stringify({ post: "ok" }), refusal: null },
            finish_reason: "stop",
            logprobs: null,
          },
        ],
        usage: {
          prompt_tokens: 1000,
          completion_tokens: 50,
          total_tokens: 1050,
          prompt_tokens_details: { cached_tokens: 600 },
        },
      },
    });
    const schema = { type: "object", properties: { post: { type: "string" } }, required: ["post"] };
    const reply = await router({ ANTHROPIC_API_KEY: "" }).complete(
      request({ json: { name: "draft_post", schema } }),
    );
    expect(JSON.parse(reply.text)).toEqual({ post: "ok" });
    expect(reply.model).toBe("gpt-4o-2024-08-06");
    expect(reply.usage).toEqual({
      inputTokens: 400,
      outputTokens: 50,
      cacheReadTokens: 600,
      cacheWriteTokens: 0,
    });
    // gpt-4o: $2.50 in, $10 out, $1.25 cached in per million tokens.
    expect(reply.costUsd).toBeCloseTo((400 * 2.5 + 50 * 10 + 600 * 1.25) / 1e6, 10);
    const [sent] = await fakes.requests("openai", "/chat/completions");
    expect(sent?.body).toMatchObject({
      response_format: { type: "json_schema", json_schema: { name: "draft_post", schema } },
    });
  });
});

describe("LLM router: failures", () => {
  it("never falls back on a 400: PermanentError, OpenAI not called", async () => {
    await fakes.fail({ service: "anthropic", status: 400 });
    const error = await router()
      .complete(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toMatch(/anthropic/);
    expect((error as Error).message).toMatch(/400/);
    expect(await fakes.requests("openai")).toHaveLength(0);
  });

  it("falls back when Anthropic no longer has the model (404), and logs llm_model_unavailable", async () => {
    const lines: string[] = [];
    for (const method of ["warn", "error", "log"] as const) {
      vi.spyOn(console, method).mockImplementation((line: unknown) => void lines.push(String(line)));
    }
    await fakes.fail({ service: "anthropic", status: 404 });
    await fakes.queueOpenAI({ text: "From the fallback." });
    const reply = await router().complete(request());
    expect(reply).toMatchObject({ provider: "openai", fallback: true, text: "From the fallback." });
    expect(lines.join("\n")).toContain('"event":"llm_model_unavailable"');
  });

  it("fails for good (no queue retries) when neither provider has its model", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await fakes.fail({ service: "anthropic", status: 404 });
    await fakes.fail({ service: "openai", status: 404 });
    const error = await router()
      .complete(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toMatch(/configuration refused.*anthropic model.*openai model/);
  });

  it("throws TransientError when both providers answer 503", async () => {
    await fakes.fail({ service: "anthropic", status: 503 });
    await fakes.fail({ service: "openai", status: 503 });
    const error = await router()
      .complete(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/anthropic server \(HTTP 503\); openai server \(HTTP 503\)/);
  });

  it("carries the longest Retry-After when both are rate limited", async () => {
    await fakes.fail({ service: "anthropic", status: 429, retryAfter: 30 });
    await fakes.fail({ service: "openai", status: 429, retryAfter: 5 });
    const error = await router()
      .complete(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).retryAfterS).toBe(30);
  });

  it("works with only OpenAI configured", async () => {
    const only = router({ ANTHROPIC_API_KEY: "" });
    expect(only.configured).toBe(true);
    expect(only.primary).toBe("openai");
    const reply = await only.complete(request());
    expect(reply).toMatchObject({ provider: "openai", fallback: false });
    expect(reply.text.length).toBeGreaterThan(0);
    expect(await fakes.requests("anthropic")).toHaveLength(0);
  });

  it("is unconfigured without keys and refuses with PermanentError", async () => {
    const none = router({ ANTHROPIC_API_KEY: "", OPENAI_API_KEY: "" });
    expect(none.configured).toBe(false);
    expect(none.primary).toBeUndefined();
    await expect(none.complete(request())).rejects.toThrow(PermanentError);
    await expect(none.complete(request())).rejects.toThrow("no LLM configured");
  });

  it("never puts an API key in an error message or a log line", async () => {
    const messages: string[] = [];
    const lines = await captureConsole(async () => {
      // Auth failure then bad request; both rate limited; a timeout then a network drop.
      await fakes.fail({ service: "anthropic", status: 401 });
      await fakes.fail({ service: "openai", status: 400 });
      await router()
        .complete(request())
        .catch((e: unknown) => messages.push(String(e), JSON.stringify(e)));
      await fakes.fail({ service: "anthropic", status: 429 });
      await fakes.fail({ service: "openai", status: 401 });
      await router()
        .complete(request())
        .catch((e: unknown) => messages.push(String(e), JSON.stringify(e)));
      await fakes.fail({ service: "anthropic", status: 200, delayMs: 1000 });
      await fakes.fail({ service: "openai", status: 0 });
      await router()
        .complete(request({ timeoutMs: 200 }))
        .catch((e: unknown) => messages.push(String(e), JSON.stringify(e)));
    });
    expect(messages).toHaveLength(6);
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [...messages, ...lines]) {
      expect(text).not.toContain(ANTHROPIC_KEY);
      expect(text).not.toContain(OPENAI_KEY);
    }
  });
});
