/**
 * The Analytics Engine data points the product writes, read back through the same schema
 * the queries use (`column()`): physician as index and blob, every attempt's cost, only
 * stages that ran, every provider attempt, publishes per platform, Slack acks, limits.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { column, type DataPoint, type MetricEvent, type MetricFields } from "../../src/observability/metrics";
import { LLM_KEYS, physicianWithKnowledge, queuedDraft, runGenerate, toolUse } from "../generation-helpers";
import { db, draftIn, failingD1, seedPhysician, silenceLogs } from "../helpers";
import { publishJob, runCron, runPublish, TELEGRAM } from "../publish-helpers";
import { commandBody, fakes, plain, select, slackPost, viewSubmission } from "../slack-helpers";

function recorder() {
  const points: DataPoint[] = [];
  return { points, ANALYTICS: { writeDataPoint: (p: DataPoint) => points.push(p) } as unknown as string };
}

type Read<E extends MetricEvent> = Record<
  keyof MetricFields<E> | "team" | "physician" | "draft",
  string | number
>;

/** The points of one event, each read back into named fields through the schema. */
function read<E extends MetricEvent>(points: DataPoint[], event: E, fields: (keyof Read<E>)[]): Read<E>[] {
  return points
    .filter((p) => p.blobs[0] === event)
    .map((p) => {
      const out: Record<string, string | number> = { index: p.indexes[0] ?? "" };
      for (const field of fields) {
        const col = column(event, field as never);
        const n = Number(col.replace(/\D/g, "")) - 1;
        out[field as string] = col.startsWith("blob") ? (p.blobs[n] ?? "") : (p.doubles[n] ?? Number.NaN);
      }
      return out as Read<E>;
    });
}

describe("generation data points", () => {
  it("writes one job point per attempt with the physician as index, and a point per stage that ran", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    const { points, ANALYTICS } = recorder();
    await runGenerate(draft.id, { env: { ANALYTICS } });

    const jobs = read(points, "job", [
      "kind",
      "outcome",
      "platform",
      "physician",
      "team",
      "draft",
      "ms",
      "attempt",
    ]);
    expect(jobs).toEqual([
      expect.objectContaining({
        index: physician.id,
        kind: "generate",
        outcome: "succeeded",
        platform: "telegram",
        physician: physician.id,
        team: "T_TEAM",
        draft: draft.id,
        attempt: 1,
      }),
    ]);
    expect(jobs[0]?.ms).toBeGreaterThan(0);

    const stages = read(points, "stage", ["stage", "outcome", "ms", "physician"]);
    const run = await env.DB.prepare("SELECT stages FROM job_runs WHERE draft_id = ?")
      .bind(draft.id)
      .first<{ stages: string }>();
    const ran = Object.keys(JSON.parse(run?.stages ?? "{}"));
    // Every stage that ran (the audit's, plus the knowledge search inside evidence), and
    // none that did not: no source URL was given, so no source_url point with 0 ms.
    expect(new Set(stages.map((s) => s.stage))).toEqual(new Set([...ran, "knowledge"]));
    expect(ran).not.toContain("source_url");
    expect(stages.every((s) => s.outcome === "ok" && Number(s.ms) >= 0 && s.physician === physician.id)).toBe(
      true,
    );
    expect(read(points, "llm_call", ["provider"])).toEqual([]);
  });

  it("records every provider attempt, the fallback, and the counts on the job and its audit row", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await fakes().fail({ service: "anthropic", status: 529, times: -1 });
    const { points, ANALYTICS } = recorder();
    await runGenerate(draft.id, { env: { ...LLM_KEYS, ANALYTICS } });

    const calls = read(points, "llm_call", ["provider", "outcome", "route", "cost_usd", "purpose"]);
    const failedAnthropic = calls.filter((c) => c.provider === "anthropic");
    const openai = calls.filter((c) => c.provider === "openai");
    expect(failedAnthropic.length).toBeGreaterThan(0);
    expect(
      failedAnthropic.every((c) => c.outcome === "server" && c.route === "primary" && c.cost_usd === 0),
    ).toBe(true);
    expect(openai.length).toBe(failedAnthropic.length);
    expect(openai.every((c) => c.outcome === "ok" && c.route === "fallback" && Number(c.cost_usd) > 0)).toBe(
      true,
    );

    const [job] = read(points, "job", ["outcome", "llm_calls", "llm_errors", "cost_usd"]);
    expect(job).toMatchObject({
      outcome: "succeeded",
      llm_calls: calls.length,
      llm_errors: failedAnthropic.length,
    });
    const audit = await env.DB.prepare("SELECT llm_calls, llm_errors FROM job_runs WHERE draft_id = ?")
      .bind(draft.id)
      .first();
    expect(audit).toEqual({ llm_calls: calls.length, llm_errors: failedAnthropic.length });
  });

  it("writes a retrying attempt with what its answered calls cost (never a cost of 0)", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    // A Ukrainian topic: the query call answers, then every later call fails: the attempt retries.
    const draft = await queuedDraft(physician, "Кава і сон");
    await fakes().queueAnthropic([toolUse("pubmed_query", { query: "caffeine sleep" })]);
    const { points, ANALYTICS } = recorder();
    const { ANTHROPIC_API_KEY } = LLM_KEYS;
    let answered = 0;
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes("/v1/messages") && ++answered === 2)
        await fakes().fail({ service: "anthropic", status: 500, times: -1 });
      return realFetch(input, init);
    }) as typeof fetch;
    try {
      await runGenerate(draft.id, { env: { ANTHROPIC_API_KEY, ANALYTICS } });
    } finally {
      globalThis.fetch = realFetch;
    }
    const [job] = read(points, "job", ["outcome", "cost_usd", "llm_errors"]);
    expect(job?.outcome).toBe("retrying");
    expect(Number(job?.cost_usd)).toBeGreaterThan(0);
    expect(Number(job?.llm_errors)).toBeGreaterThan(0);
  });
});

describe("other data points", () => {
  it("writes a publish point per platform attempt, with the cause of a refusal", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { text: "Sleep is part of the work." });
    const { points, ANALYTICS } = recorder();
    await runPublish(publishJob(draft), { env: { ...TELEGRAM, ANALYTICS } });
    expect(read(points, "publish", ["platform", "outcome", "parts", "physician"])).toEqual([
      {
        index: draft.physicianId,
        platform: "telegram",
        outcome: "published",
        parts: 1,
        physician: draft.physicianId,
      },
    ]);

    const refused = await draftIn("publishing", { text: "Sleep is part of the work." });
    await fakes().fail({ service: "telegram", status: 400, times: -1 });
    const second = recorder();
    await runPublish(publishJob(refused), { env: { ...TELEGRAM, ANALYTICS: second.ANALYTICS } });
    const [failed] = read(second.points, "publish", ["outcome", "cause"]);
    expect(failed?.outcome).toBe("failed");
    expect(failed?.cause).not.toBe("");
    expect(read(second.points, "job", ["kind", "outcome"])).toEqual([
      { index: refused.physicianId, kind: "publish", outcome: "failed" },
    ]);
  });

  it("counts a publish attempt once even when a write after the post fails (and the queue retries it)", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { text: "Sleep is part of the work." });
    const { points, ANALYTICS } = recorder();
    const DB = failingD1(env.DB, /^update "drafts"/i);
    await runPublish(publishJob(draft), { env: { ...TELEGRAM, ANALYTICS, DB } });
    expect(read(points, "job", ["kind", "outcome"])).toEqual([
      { index: draft.physicianId, kind: "publish", outcome: "retrying" },
    ]);
    const audit = await env.DB.prepare("SELECT status FROM job_runs WHERE draft_id = ?").bind(draft.id).all();
    expect(audit.results).toEqual([{ status: "retrying" }]);
  });

  it("writes one slack_request point per request: ok, invalid, unauthorized, a Slack retry", async () => {
    silenceLogs();
    await seedPhysician();
    const { points, ANALYTICS } = recorder();
    const envOverrides = { ANALYTICS };
    await slackPost("/slack/commands", commandBody({ text: "Caffeine and sleep" }), { envOverrides });
    await slackPost("/slack/commands", "command=%2Fdraft", { envOverrides });
    await slackPost("/slack/commands", commandBody(), { envOverrides, secret: "wrong" });
    await slackPost("/slack/commands", commandBody({ text: "Caffeine and sleep" }), {
      envOverrides,
      headers: { "x-slack-retry-num": "1" },
    });
    const requests = read(points, "slack_request", ["route", "outcome", "retry", "ack_ms"]);
    expect(requests.map((r) => [r.route, r.outcome, r.retry])).toEqual([
      ["commands", "ok", ""],
      ["commands", "invalid", ""],
      ["commands", "unauthorized", ""],
      ["commands", "ok", "retry"],
    ]);
    expect(requests.every((r) => Number(r.ack_ms) >= 0)).toBe(true);
  });

  it("writes a rate_limited point when a physician's limit refuses a draft", async () => {
    silenceLogs();
    const physician = await seedPhysician("U_LIMITED");
    const { points, ANALYTICS } = recorder();
    const envOverrides = { ANALYTICS, DRAFTS_PER_MINUTE: "1" };
    await slackPost("/slack/commands", commandBody({ user_id: "U_LIMITED", text: "Topic one" }), {
      envOverrides,
    });
    await slackPost("/slack/commands", commandBody({ user_id: "U_LIMITED", text: "Topic two" }), {
      envOverrides,
    });
    expect(read(points, "rate_limited", ["bucket", "physician"])).toEqual([
      expect.objectContaining({ index: physician.id, bucket: "draft", physician: physician.id }),
    ]);
    expect(await db().query.drafts.findMany()).toHaveLength(1);
  });

  it("writes one rate_limited point when the limit refuses an order from the form", async () => {
    silenceLogs();
    const physician = await seedPhysician("U_FORM_LIMITED");
    const { points, ANALYTICS } = recorder();
    const envOverrides = { ANALYTICS, DRAFTS_PER_MINUTE: "1" };
    for (const topic of ["Topic one", "Topic two"]) {
      await slackPost(
        "/slack/interactions",
        viewSubmission(
          "draft_generate_modal",
          { topic: plain(topic), platform: select("x") },
          {},
          "U_FORM_LIMITED",
        ),
        { envOverrides },
      );
    }
    expect(read(points, "rate_limited", ["bucket", "physician"])).toEqual([
      expect.objectContaining({ index: physician.id, bucket: "draft", physician: physician.id }),
    ]);
  });

  it("meters the model's calls that turn edits into lessons, like any other call", async () => {
    silenceLogs();
    const draft = await draftIn("published", {
      text: "Patients often ask me about coffee. It lingers for hours!",
    });
    await env.DB.prepare(
      "INSERT INTO edit_pairs (draft_id, platform, physician_id, language, generated, published, edit_ratio) VALUES (?, 'telegram', ?, 'en', ?, ?, 0.4)",
    )
      .bind(
        draft.id,
        draft.physicianId,
        "Patients often ask me about coffee. It lingers for hours!",
        "People ask me about coffee. It lingers.",
      )
      .run();
    await fakes().queueAnthropic([toolUse("voice_preferences", { preferences: [] })]);
    const { points, ANALYTICS } = recorder();
    await runCron({ ...LLM_KEYS, ANALYTICS });
    const calls = read(points, "llm_call", ["purpose", "outcome", "cost_usd", "input_tokens"]);
    expect(calls).toEqual([expect.objectContaining({ purpose: "lessons", outcome: "ok" })]);
    expect(Number(calls[0]?.cost_usd)).toBeGreaterThan(0);
  });
});
