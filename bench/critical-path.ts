/**
 * Measurement 2 — the critical path: `/draft` to the final card on the product (`wrangler
 * dev --local`, queue consumers on), with the loopback fakes answering the language model
 * in 1.5 s, PubMed in 300 ms and Slack in 50 ms per call (fail rules that delay a normal
 * answer). English topics, Telegram, an LLM key and an NCBI key (10 requests/s).
 *
 * The ideal is computed from the same latencies: the slowest of style (local, ~0) and
 * evidence (esearch, then esummary ∥ efetch), then one drafting and one checking call.
 * Each run prints when every outbound call started and answered (fake server's clock, ms
 * after the command was sent) and the product's own stage lines (ms after the pipeline
 * started), so what overlapped is visible.
 */
import { type DevServer, signedPost, startDevServer } from "../test/e2e/dev-server";
import { createFakesClient, type FakesClient, fakeBaseUrls } from "../test/fakes";
import type { RecordedRequest } from "../test/fakes/types";
import { localD1 } from "./local-d1";

export const LATENCY_MS = { llm: 1500, pubmed: 300, slack: 50 } as const;

export interface CallSpan {
  call: string;
  startMs: number;
  endMs: number;
}

export interface StageSpan {
  stage: string;
  startMs: number;
  endMs: number;
}

export interface CriticalRun {
  topic: string;
  ackMs: number;
  cardMs: number;
  calls: CallSpan[];
  stages: StageSpan[];
  revised: boolean;
}

export interface CriticalPathResult {
  latencyMs: typeof LATENCY_MS;
  idealMs: number;
  runs: CriticalRun[];
  medianCardMs: number;
  ratio: number;
}

const TEAM = "T_BENCH";
/** Distinct topics, one physician each (no rate limit, no de-dup between runs). */
const TOPICS = ["Caffeine and sleep", "Evening caffeine and insomnia", "Coffee, caffeine and sleep quality"];

/** Cites [1] with no number or dose, so the deterministic rules have nothing to flag. */
const DRAFT_TEXT =
  "Caffeine late in the day can make sleep shorter and lighter [1]. Try moving your last coffee to lunch for a week.";
const CLAIMS = {
  claims: [
    {
      text: "Caffeine late in the day can make sleep shorter and lighter",
      kind: "general",
      evidence: [1],
      verdict: "supported",
    },
  ],
};

/** The ideal from the latencies: evidence (esearch, then esummary ∥ efetch), draft, check. */
export function idealMs(latency: { llm: number; pubmed: number } = LATENCY_MS): number {
  const evidence = latency.pubmed * 2;
  return evidence + latency.llm * 2;
}

function latencyOf(request: RecordedRequest): number {
  if (request.service === "anthropic" || request.service === "openai") return LATENCY_MS.llm;
  if (request.service === "pubmed") return LATENCY_MS.pubmed;
  return request.service === "slack" ? LATENCY_MS.slack : 0;
}

function callName(request: RecordedRequest): string {
  if (request.service === "pubmed") return `pubmed ${request.path.replace(/^\/|\.fcgi$/g, "")}`;
  if (request.service === "slack") {
    const method = request.path.split("/").at(-1) ?? request.path;
    const blocks = JSON.stringify((request.body as Record<string, unknown> | null)?.blocks ?? "");
    return `slack ${method}${blocks.includes("draft_actions") ? " (card)" : ""}`;
  }
  const body = request.body as { tool_choice?: unknown; output_config?: unknown } | null;
  return `${request.service} ${body?.tool_choice || body?.output_config ? "claim check" : "draft"}`;
}

/** The product's `stage` log lines for one pipeline (ms after the pipeline started). */
export function stageSpans(output: string, since: number): StageSpan[] {
  const spans: StageSpan[] = [];
  for (const line of output.slice(since).split("\n")) {
    const start = line.indexOf("{");
    if (start < 0 || !line.includes('"event":"stage"')) continue;
    try {
      const entry = JSON.parse(line.slice(start)) as {
        stage?: string;
        duration_ms?: number;
        started_ms?: number;
      };
      if (entry.stage && typeof entry.started_ms === "number" && typeof entry.duration_ms === "number")
        spans.push({
          stage: entry.stage,
          startMs: entry.started_ms,
          endMs: entry.started_ms + entry.duration_ms,
        });
    } catch {
      // Not a log line of ours.
    }
  }
  return spans;
}

async function setLatencies(fakes: FakesClient): Promise<void> {
  await fakes.reset();
  for (const [service, delayMs] of [
    ["anthropic", LATENCY_MS.llm],
    ["pubmed", LATENCY_MS.pubmed],
    ["slack", LATENCY_MS.slack],
  ] as const)
    await fakes.fail({ service, status: 200, delayMs, times: -1 });
}

async function oneRun(server: DevServer, fakes: FakesClient, fakesUrl: string, i: number) {
  const topic = TOPICS[i % TOPICS.length] ?? "Caffeine and sleep";
  // A cold PubMed cache every run: esearch, esummary and efetch are all asked.
  await localD1(server, "DELETE FROM pubmed_cache");
  await setLatencies(fakes);
  await fakes.queueAnthropic([{ text: DRAFT_TEXT }, { content: [toolUse(CLAIMS)] }]);
  const since = server.output().length;
  const body = new URLSearchParams({
    command: "/draft",
    text: `${topic} | telegram`,
    team_id: TEAM,
    user_id: `U_CRIT${i}`,
    user_name: `crit${i}`,
    channel_id: "C_BENCH",
    response_url: `${fakesUrl}/slack/response/crit-${i}`,
    trigger_id: `crit-trigger-${i}`,
  }).toString();
  const t0 = Date.now();
  const res = await signedPost(server, "/slack/commands", body);
  const ackMs = Date.now() - t0;
  if (res.status !== 200) throw new Error(`/draft answered ${res.status}`);
  const deadline = Date.now() + 60_000;
  let card: RecordedRequest | undefined;
  while (!card && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    card = (await fakes.requests("slack", "chat.update")).find((r) => callName(r).endsWith("(card)"));
  }
  if (!card)
    throw new Error(`no card within 60 s for "${topic}"\n${server.output().slice(since).slice(-3000)}`);
  const all = [
    ...(await fakes.requests("pubmed")),
    ...(await fakes.requests("anthropic")),
    ...(await fakes.requests("slack")),
  ].sort((a, b) => a.at - b.at);
  // The stage log lines are written as stages end; the last one comes just before the card.
  await new Promise((r) => setTimeout(r, 200));
  const output = server.output();
  return {
    topic,
    ackMs,
    cardMs: card.at - t0,
    calls: all.map((r) => ({
      call: callName(r),
      startMs: r.at - t0,
      endMs: r.at - t0 + latencyOf(r),
    })),
    stages: stageSpans(output, since),
    revised: output.slice(since).includes('"event":"draft_revision"'),
  };
}

function toolUse(input: unknown) {
  return {
    type: "tool_use",
    id: `toolu_${Math.random().toString(36).slice(2, 10)}`,
    name: "claim_check",
    input,
  };
}

export async function measureCriticalPath(options: {
  fakesUrl: string;
  runs: number;
}): Promise<CriticalPathResult> {
  const fakes = createFakesClient(options.fakesUrl);
  const server = await startDevServer({
    ...fakeBaseUrls(options.fakesUrl),
    ALLOWED_SLACK_TEAMS: TEAM,
    ANTHROPIC_API_KEY: "sk-ant-bench",
    NCBI_API_KEY: "bench-ncbi-key",
    NCBI_EMAIL: "bench@example.org",
  });
  const runs: CriticalRun[] = [];
  try {
    for (let i = 0; i < options.runs; i++) runs.push(await oneRun(server, fakes, options.fakesUrl, i));
  } finally {
    await fakes.reset();
    await server.stop();
  }
  const sorted = runs.map((r) => r.cardMs).sort((a, b) => a - b);
  const medianCardMs = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  const ideal = idealMs();
  return {
    latencyMs: LATENCY_MS,
    idealMs: ideal,
    runs,
    medianCardMs,
    ratio: Number((medianCardMs / ideal).toFixed(2)),
  };
}

/** One run's timeline, for the console. */
export function timeline(run: CriticalRun): string {
  const lines = [
    `"${run.topic}": ack ${run.ackMs} ms, card ${run.cardMs} ms${run.revised ? " (revised once)" : ""}`,
  ];
  for (const c of run.calls)
    lines.push(`  ${String(c.startMs).padStart(6)} → ${String(c.endMs).padStart(6)}  ${c.call}`);
  lines.push("  stages (ms after the pipeline started):");
  for (const s of run.stages)
    lines.push(`  ${String(s.startMs).padStart(6)} → ${String(s.endMs).padStart(6)}  ${s.stage}`);
  return lines.join("\n");
}
