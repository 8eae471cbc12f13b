/**
 * GET /health probes the real backends: fake Vectorize, Workers AI and queue bindings that
 * fail, hang or answer the wrong shape must turn into a 503 naming the problem, and the
 * paid / writing probes (embedding, queue pings) must be cached per isolate.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { pingMessageSchema } from "../../src/queues/messages";
import { resetAnonymousHealth } from "../../src/routes/health";
import { CACHE_ERROR_MS, resetHealthProbeCache } from "../../src/routes/health-probes";
import { ADMIN_HEADERS } from "../helpers";

const BGE_M3_DIMENSIONS = 1024;

interface HealthBody {
  status: string;
  checks: Record<string, { status: string; error?: string; [detail: string]: unknown }>;
}

function fakeVectorize(describe: () => Promise<unknown>): VectorizeIndex {
  return { describe } as unknown as VectorizeIndex;
}

/** Workers AI that embeds every text as a `dimensions`-long vector, counting calls. */
function fakeAi(dimensions = BGE_M3_DIMENSIONS) {
  const calls: unknown[] = [];
  const ai = {
    async run(_model: string, inputs: { text: string[] }) {
      calls.push(inputs);
      return { data: inputs.text.map(() => new Array<number>(dimensions).fill(0.1)) };
    },
  };
  return { ai: ai as unknown as Ai, calls };
}

function fakeQueue(send: (body: unknown) => Promise<void> = async () => {}) {
  const sent: unknown[] = [];
  const queue = {
    async send(body: unknown) {
      sent.push(body);
      await send(body);
    },
    async sendBatch() {},
  };
  return { queue: queue as unknown as Queue, sent };
}

const healthyVectorize = fakeVectorize(async () => ({
  dimensions: BGE_M3_DIMENSIONS,
  vectorCount: 12,
  processedUpToDatetime: 0,
  processedUpToMutation: 0,
}));

/** The real backends selected, with fakes standing in for their bindings. */
function realBackends(overrides: Partial<Env> = {}): Env {
  return {
    ...env,
    VECTOR_BACKEND: "vectorize",
    EMBEDDINGS_BACKEND: "workers-ai",
    VECTORIZE: healthyVectorize,
    AI: fakeAi().ai,
    ...overrides,
  };
}

async function health(bindings: Env, headers: Record<string, string> = ADMIN_HEADERS) {
  const res = await app.request("/health", { headers }, bindings);
  return { code: res.status, body: await res.json<HealthBody>() };
}

beforeEach(() => {
  resetHealthProbeCache();
  resetAnonymousHealth();
});
afterEach(() => vi.restoreAllMocks());

describe("GET /health vector store probe", () => {
  it("answers 200 with the index size when Vectorize describes an index that fits the embedder", async () => {
    const { code, body } = await health(realBackends());
    expect(code).toBe(200);
    expect(body.checks.vectors).toMatchObject({
      status: "ok",
      backend: "vectorize",
      dimensions: BGE_M3_DIMENSIONS,
      vectors: 12,
    });
  });

  it("reads the older describe() shape too (config.dimensions, vectorsCount)", async () => {
    const legacy = fakeVectorize(async () => ({
      id: "i",
      name: "serotonin",
      config: { dimensions: BGE_M3_DIMENSIONS, metric: "cosine" },
      vectorsCount: 3,
    }));
    const { code, body } = await health(realBackends({ VECTORIZE: legacy }));
    expect(code).toBe(200);
    expect(body.checks.vectors).toMatchObject({ status: "ok", dimensions: BGE_M3_DIMENSIONS, vectors: 3 });
  });

  it("answers 503 when describe() throws", async () => {
    const broken = fakeVectorize(async () => {
      throw new Error("index serotonin not found");
    });
    const { code, body } = await health(realBackends({ VECTORIZE: broken }));
    expect(code).toBe(503);
    expect(body.checks.vectors?.status).toBe("error");
    expect(body.checks.vectors?.error).toMatch(/index serotonin not found/);
  });

  it("answers 503 when describe() hangs, after the probe timeout", { timeout: 10_000 }, async () => {
    const hanging = fakeVectorize(() => new Promise<never>(() => {}));
    const { code, body } = await health(realBackends({ VECTORIZE: hanging }));
    expect(code).toBe(503);
    expect(body.checks.vectors?.error).toMatch(/no answer within 3000 ms/);
  });

  it("answers 503 when the index was created with other dimensions than the embedder's", async () => {
    const misCreated = fakeVectorize(async () => ({ dimensions: 768, vectorCount: 0 }));
    const { code, body } = await health(realBackends({ VECTORIZE: misCreated }));
    expect(code).toBe(503);
    expect(body.checks.vectors?.status).toBe("error");
    expect(body.checks.vectors?.error).toBe(
      "the index has 768 dimensions but @cf/baai/bge-m3 makes 1024-dimension vectors",
    );
    // The embedder itself is fine: only the index is named.
    expect(body.checks.embeddings?.status).toBe("ok");
  });
});

describe("GET /health embeddings probe", () => {
  it("embeds one word, then reuses the result instead of calling Workers AI again", async () => {
    const { ai, calls } = fakeAi();
    const first = await health(realBackends({ AI: ai }));
    expect(first.code).toBe(200);
    expect(first.body.checks.embeddings).toMatchObject({
      status: "ok",
      backend: "workers-ai",
      model: "@cf/baai/bge-m3",
      dimensions: BGE_M3_DIMENSIONS,
      checked_ms_ago: 0,
    });
    const second = await health(realBackends({ AI: ai }));
    expect(second.code).toBe(200);
    expect(second.body.checks.embeddings?.checked_ms_ago).toEqual(expect.any(Number));
    // Anonymous callers share the cache: polling /health never multiplies paid calls.
    await health(realBackends({ AI: ai }), {});
    expect(calls).toEqual([{ text: ["health"] }]);
  });

  it("answers 503 when Workers AI fails, caches the failure, and retries once it expires", async () => {
    let runs = 0;
    const failing = {
      async run() {
        runs++;
        throw new Error("AI binding: capacity exceeded");
      },
    } as unknown as Ai;
    const first = await health(realBackends({ AI: failing }));
    expect(first.code).toBe(503);
    expect(first.body.checks.embeddings?.error).toMatch(/capacity exceeded/);

    const second = await health(realBackends({ AI: failing }));
    expect(second.code).toBe(503);
    expect(second.body.checks.embeddings?.error).toMatch(/capacity exceeded/);
    expect(runs).toBe(1);

    const later = Date.now() + CACHE_ERROR_MS + 1;
    vi.spyOn(Date, "now").mockReturnValue(later);
    await health(realBackends({ AI: failing }));
    expect(runs).toBe(2);
  });

  it("answers 503 when the model returns vectors of the wrong length", async () => {
    const { code, body } = await health(realBackends({ AI: fakeAi(768).ai }));
    expect(code).toBe(503);
    expect(body.checks.embeddings?.error).toMatch(/returned 768 dimensions, expected 1024/);
  });
});

describe("GET /health queue probe", () => {
  it("sends exactly one ping per queue and reuses the result", async () => {
    const generate = fakeQueue();
    const publish = fakeQueue();
    const index = fakeQueue();
    const bindings = realBackends({
      GENERATE_QUEUE: generate.queue,
      PUBLISH_QUEUE: publish.queue,
      INDEX_QUEUE: index.queue,
    });
    const first = await health(bindings);
    expect(first.code).toBe(200);
    expect(first.body.checks.queues).toMatchObject({
      status: "ok",
      pinged: ["generate", "publish", "index"],
    });
    await health(bindings);
    await health(bindings, {});
    for (const { sent } of [generate, publish, index]) {
      expect(sent).toHaveLength(1);
      expect(pingMessageSchema.parse(sent[0])).toEqual({ type: "ping", requestId: expect.any(String) });
    }
  });

  it("answers 503 naming the queue whose send throws", async () => {
    const publish = fakeQueue(async () => {
      throw new Error("Queue send failed: queue is overloaded");
    });
    const { code, body } = await health(realBackends({ PUBLISH_QUEUE: publish.queue }));
    expect(code).toBe(503);
    expect(body.checks.queues?.status).toBe("error");
    expect(body.checks.queues?.errors).toEqual({ publish: expect.stringMatching(/queue is overloaded/) });
  });

  it("answers a bare 503 to a caller without the admin token", async () => {
    const publish = fakeQueue(async () => {
      throw new Error("Queue send failed");
    });
    const { code, body } = await health(realBackends({ PUBLISH_QUEUE: publish.queue }), {});
    expect(code).toBe(503);
    expect(body).toEqual({ status: "error" });
  });
});

describe("anonymous polling", () => {
  it("answers a caller without the token from the last status for 30 s; the admin token always probes", async () => {
    let describes = 0;
    const counted = fakeVectorize(async () => {
      describes += 1;
      return { dimensions: BGE_M3_DIMENSIONS, vectorCount: 1 };
    });
    const bindings = realBackends({ VECTORIZE: counted });
    for (let i = 0; i < 3; i++) {
      const res = await app.request("/health", {}, bindings);
      expect(await res.json()).toEqual({ status: "ok" });
    }
    expect(describes).toBe(1);
    await health(bindings);
    expect(describes).toBe(2);
  });

  it("keeps an error for 2 s only, so a recovery shows at once", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      let healthy = false;
      const flaky = fakeVectorize(async () => {
        if (!healthy) throw new Error("index unavailable");
        return { dimensions: BGE_M3_DIMENSIONS, vectorCount: 1 };
      });
      const bindings = realBackends({ VECTORIZE: flaky });
      expect((await app.request("/health", {}, bindings)).status).toBe(503);
      healthy = true;
      expect((await app.request("/health", {}, bindings)).status).toBe(503);
      vi.setSystemTime(Date.now() + 2_001);
      expect((await app.request("/health", {}, bindings)).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
});
