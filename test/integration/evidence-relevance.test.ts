import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ingestDocument } from "../../src/knowledge/ingest";
import { hybridSearch } from "../../src/pipeline/retrieval/hybrid";
import { gatherEvidence } from "../../src/pipeline/stages/evidence";
import { createPubmedClient } from "../../src/platform/pubmed/client";
import { createNcbiLimiter } from "../../src/platform/pubmed/limiter";
import { createServices } from "../../src/services";
import type { PubmedArticle } from "../fakes/types";
import {
  GUIDELINE,
  LLM_KEYS,
  llmRequests,
  physicianWithKnowledge,
  queuedDraft,
  runGenerate,
  scriptAnthropicGeneration,
} from "../generation-helpers";
import { silenceLogs } from "../helpers";
import { fakes } from "../slack-helpers";

afterEach(() => vi.restoreAllMocks());

const KNEE =
  "Arthroscopic partial meniscectomy for degenerative knee tears offers no lasting benefit over physiotherapy. " +
  "Patients should try structured exercise therapy for three months before knee surgery is considered. " +
  "Weight-bearing after arthroscopy is usually allowed within days.";

/** Shares "caffeine" and "sleep" with the topic, but is about shift work in general. */
const SHIFT_WORK =
  "Night shift rosters should rotate forward, from mornings to evenings to nights, and give at least two free days after a run of nights. " +
  "Managers should limit consecutive night shifts to four and avoid quick returns of less than eleven hours between shifts. " +
  "Workers can use bright light at the start of a night shift, short naps before it, and limit caffeine in its second half. " +
  "After the last night, a short morning sleep followed by daytime activity helps the body clock return to a day schedule. " +
  "Occupational health services should offer screening to staff who report persistent fatigue, accidents or near misses.";

const KNEE_PMID = "90000091";
const KNEE_ARTICLE: PubmedArticle = {
  pmid: KNEE_PMID,
  title:
    "Arthroscopic knee surgery versus exercise therapy for meniscal tears: a fictional randomized controlled trial",
  abstract:
    "Adults with degenerative meniscal tears were randomized to arthroscopic partial meniscectomy or supervised exercise therapy. " +
    "In this fictional test record, patients were asked to avoid caffeine on the morning of surgery. " +
    "Knee function at two years did not differ between the groups.",
  journal: "Fictional Journal of Knee Surgery",
  year: 2025,
  month: "Jan",
  authors: ["Testova O"],
  // Every high-evidence type, so the fake's esearch ranks it among the first candidates.
  pubTypes: ["Journal Article", "Randomized Controlled Trial", "Systematic Review", "Meta-Analysis"],
  doi: "10.5555/fake.90000091",
};

function services() {
  return createServices(env);
}

async function addGuideline(source: string, text: string, namespace = "global"): Promise<void> {
  await ingestDocument(services(), { collection: "guidelines", namespace, source, title: source, text });
}

function search(query: string) {
  const s = services();
  return hybridSearch(s, {
    collection: "guidelines",
    namespace: "global",
    query,
    topK: 10,
    cutoff: { denseFloor: s.embedder.relevanceFloor, minOverlap: 2 },
  });
}

async function evidenceFor(topic: string) {
  const s = services();
  const pubmed = createPubmedClient({
    config: s.config,
    db: s.db,
    limiter: createNcbiLimiter(s.env),
    log: s.log,
  });
  const evidence = await gatherEvidence({ ...s, pubmed }, { topic });
  await pubmed.settle(); // its cache writes run behind the answers
  return evidence;
}

function knowledgeTitles(items: { kind: string; title: string }[]): string[] {
  return items.filter((i) => i.kind === "knowledge").map((i) => i.title);
}

/** Every string in a recorded LLM request body (system blocks, messages), joined. */
function textOf(body: unknown): string {
  if (typeof body === "string") return body;
  if (Array.isArray(body)) return body.map(textOf).join("\n");
  if (body && typeof body === "object") return Object.values(body).map(textOf).join("\n");
  return "";
}

async function draftingPrompt(): Promise<string> {
  const calls = await llmRequests("anthropic");
  return textOf(calls.find((r) => textOf(r.body).includes("Style examples"))?.body);
}

function logLines(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => {
    lines.push(JSON.parse(String(line)));
  });
  vi.spyOn(console, "warn").mockImplementation(() => {});
  return lines;
}

describe("the knowledge-base relevance cut-off (ADR 0003)", () => {
  it("does not admit an unrelated knee-surgery guideline for a caffeine-and-sleep topic", async () => {
    silenceLogs();
    await addGuideline("knee.md", KNEE);
    await addGuideline("caffeine.md", GUIDELINE);
    const found = await search("Caffeine and sleep");
    expect(found.map((c) => c.text)).toEqual([GUIDELINE]);
    const evidence = await evidenceFor("Caffeine and sleep");
    expect(knowledgeTitles(evidence.items)).toEqual(["caffeine.md"]);
  });

  it("admits a chunk close in meaning that shares only one keyword", async () => {
    silenceLogs();
    await addGuideline("coffee.md", "Coffee at night keeps many adults awake for hours.");
    await addGuideline("knee.md", KNEE);
    const [chunk, ...rest] = await search("coffee sleep");
    expect(chunk?.overlap).toBe(1);
    expect(chunk?.text).toMatch(/^Coffee at night/);
    expect(rest).toEqual([]);
  });

  it("admits a chunk that shares the topic's keywords even when it is far in meaning", async () => {
    silenceLogs();
    await addGuideline("shift-work.md", SHIFT_WORK);
    const [chunk] = await search("Caffeine and sleep");
    expect(chunk?.dense ?? 0).toBeLessThan(services().embedder.relevanceFloor);
    expect(chunk?.text).toBe(SHIFT_WORK);
  });

  it("admits nothing unrelated for a topic without keywords", async () => {
    silenceLogs();
    await addGuideline("knee.md", KNEE);
    await addGuideline("caffeine.md", GUIDELINE);
    expect(await search("What is it?")).toEqual([]);
    const evidence = await evidenceFor("What is it?");
    expect(evidence.items).toEqual([]);
    expect(evidence.pubmed).toBe("empty");
  });
});

describe("Ukrainian topics", () => {
  it("find an English guideline through the glossary's English query", async () => {
    silenceLogs();
    await addGuideline("knee.md", KNEE);
    await addGuideline("caffeine.md", GUIDELINE);
    const evidence = await evidenceFor("Кофеїн і сон");
    expect(knowledgeTitles(evidence.items)).toEqual(["caffeine.md"]);
  });

  it("still find Ukrainian guidelines with the original words", async () => {
    silenceLogs();
    await addGuideline("caffeine.md", GUIDELINE);
    await addGuideline("kava-uk.md", "Кава після обіду погіршує сон у багатьох дорослих.");
    const evidence = await evidenceFor("Кава і сон");
    expect(knowledgeTitles(evidence.items)).toContain("kava-uk.md");
  });

  it("reach the English caffeine guideline through the LLM's query, asked for once and first", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician, "Кава і сон");
    await scriptAnthropicGeneration("Кава пізно ввечері краде сон [1].", undefined, "caffeine sleep");
    await runGenerate(draft.id, { env: LLM_KEYS });
    expect(await draftingPrompt()).toContain(GUIDELINE);
    const calls = (await llmRequests("anthropic")).map((r) => textOf(r.body));
    expect(calls.filter((c) => c.includes("PubMed search query"))).toHaveLength(1);
    expect(calls[0]).toContain("PubMed search query");
    const [esearch] = await fakes().requests("pubmed", "esearch");
    expect(esearch?.query.term).toMatch(/caffeine sleep/);
  });
});

describe("the PubMed relevance gate", () => {
  it("numbers a relevant article and drops one that esearch merely matched", async () => {
    const logs = logLines();
    await fakes().addPubmedArticles(KNEE_ARTICLE);
    const evidence = await evidenceFor("Caffeine and sleep");
    const refs = evidence.items.filter((i) => i.kind === "pubmed").map((i) => i.ref);
    expect(refs).toContain("90000007");
    expect(refs).not.toContain(KNEE_PMID);
    expect(evidence.items.map((i) => i.number)).toEqual(evidence.items.map((_, i) => i + 1));
    expect(logs).toContainEqual(expect.objectContaining({ event: "pubmed_irrelevant", pmid: KNEE_PMID }));
  });

  it("reports PubMed as empty when every article is dropped", async () => {
    const logs = logLines();
    const evidence = await evidenceFor("Caffeine tolerance");
    expect(evidence.pubmed).toBe("empty");
    expect(evidence.items.filter((i) => i.kind === "pubmed")).toEqual([]);
    expect(logs.filter((l) => l.event === "pubmed_irrelevant").length).toBeGreaterThan(0);
  });

  it("cuts a long abstract around the passage that matched", async () => {
    silenceLogs();
    const matched =
      "In this fictional trial, caffeine taken six hours before bed still shortened total sleep time by 41 minutes.";
    const filler = (i: number) =>
      `Paragraph ${i} describes the recruited population, the setting and the follow-up schedule in general terms.`;
    await fakes().addPubmedArticles({
      ...KNEE_ARTICLE,
      pmid: "90000092",
      doi: "10.5555/fake.90000092",
      title: "Caffeine timing and sleep in shift workers: a fictional randomized controlled trial",
      abstract: `${Array.from({ length: 40 }, (_, i) => filler(i)).join(" ")} ${matched}`,
    });
    const evidence = await evidenceFor("Caffeine and sleep");
    const item = evidence.items.find((i) => i.ref === "90000092");
    expect(item?.text.startsWith("… ")).toBe(true);
    expect(item?.text.endsWith(matched)).toBe(true);
  });
});

describe("evidence reaches the drafter whole", () => {
  it("puts a 1,900-character guideline chunk in the drafting prompt untruncated", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const lead =
      "Caffeine and sleep: this guideline covers adults who drink coffee, tea or energy drinks and report poor sleep.";
    // A table without full stops: one "sentence" that, after the lead, makes a ~1,900-char chunk.
    const rows = Array.from(
      { length: 30 },
      (_, i) => `row ${i + 1} caffeine dose ${50 + i * 10} mg and sleep latency ${11 + i} minutes`,
    );
    await addGuideline("caffeine-table.md", `${lead} Table: ${rows.join(" ; ")} ; end of table marker`);
    const chunks = await env.DB.prepare(
      "SELECT text FROM knowledge_chunks WHERE text LIKE '%end of table marker%'",
    ).all<{ text: string }>();
    const chunk = chunks.results[0]?.text ?? "";
    expect(chunk.length).toBeGreaterThan(1850);

    const draft = await queuedDraft(physician);
    await scriptAnthropicGeneration(
      "Caffeine taken six hours before bedtime still reduced total sleep time [1].",
    );
    await runGenerate(draft.id, { env: LLM_KEYS });
    expect(await draftingPrompt()).toContain(chunk);
  });
});
