import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import worker from "../../src/index";
import { signSlackRequest } from "../../src/slack/verify";
import { seedPhysician, silenceLogs } from "../helpers";
import { makePdf, toBase64 } from "../pdf-fixture";
import { bodyOf, fakes, SIGNING_SECRET, slackCalls, viewSubmission } from "../slack-helpers";

async function runUpload(physicianId: string, fileId: string) {
  const batch = createMessageBatch("serotonin-index", [
    {
      id: "m1",
      timestamp: new Date(),
      attempts: 1,
      body: { type: "index_file", requestId: "r1", physicianId, fileId },
    },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

async function dmTexts(): Promise<string[]> {
  return (await slackCalls("chat.postMessage")).map((r) => String(bodyOf(r).text));
}

async function chunkCount(source: string): Promise<number> {
  const row = await env.DB.prepare(
    "SELECT count(*) AS n FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id WHERE d.source = ?",
  )
    .bind(source)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

const text = (s: string) => toBase64(new TextEncoder().encode(s));

describe("guideline upload from Slack", () => {
  it("indexes a text file into the shared guidelines and DMs the physician", async () => {
    const physician = await seedPhysician();
    await fakes().setSlackFile({
      id: "F_TXT",
      name: "sleep-notes.txt",
      mimetype: "text/plain",
      filetype: "text",
      contentBase64: text("Sleep restriction therapy consolidates sleep. It is part of CBT-I."),
    });
    const result = await runUpload(physician.id, "F_TXT");
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(await chunkCount("slack:F_TXT")).toBe(1);
    expect((await dmTexts()).join(" ")).toContain("sleep-notes.txt");
    const download = await fakes().requests("slack", "/files/F_TXT");
    expect(download[0]?.headers.authorization).toBe("Bearer xoxb-test-token");
  });

  it("extracts the text of a PDF", async () => {
    const physician = await seedPhysician();
    const pdf = makePdf(["Caffeine guidance summary.", "Avoid caffeine within six hours of bedtime."]);
    await fakes().setSlackFile({
      id: "F_PDF",
      name: "caffeine.pdf",
      mimetype: "application/pdf",
      filetype: "pdf",
      contentBase64: toBase64(pdf),
    });
    await runUpload(physician.id, "F_PDF");
    const hit = await env.DB.prepare(
      "SELECT text FROM knowledge_chunks_fts WHERE knowledge_chunks_fts MATCH 'bedtime'",
    ).first<{ text: string }>();
    expect(hit?.text).toContain("Avoid caffeine within six hours of bedtime.");
  });

  it.each([
    [
      "too large",
      { id: "F_BIG", name: "big.pdf", mimetype: "application/pdf", filetype: "pdf", size: 11 * 1024 * 1024 },
      /10 MB/,
    ],
    [
      "the wrong type",
      { id: "F_DOC", name: "notes.docx", mimetype: "application/msword", filetype: "docx" },
      /PDF, TXT, MD/,
    ],
    [
      "a path-traversal name",
      { id: "F_EVIL", name: "../../etc/passwd.txt", mimetype: "text/plain", filetype: "text" },
      /name/i,
    ],
  ])("refuses a file that is %s, clearly, and indexes nothing", async (_label, file, message) => {
    const physician = await seedPhysician();
    await fakes().setSlackFile({ contentBase64: text("content"), ...file });
    const result = await runUpload(physician.id, file.id);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(await chunkCount(`slack:${file.id}`)).toBe(0);
    expect(await fakes().requests("slack", `/files/${file.id}`)).toEqual([]);
    expect((await dmTexts()).join(" ")).toMatch(message);
  });

  it("retries when Slack is failing, without indexing anything", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const physician = await seedPhysician();
    await fakes().setSlackFile({
      id: "F_TXT",
      name: "a.txt",
      mimetype: "text/plain",
      filetype: "text",
      contentBase64: text("x y z"),
    });
    await fakes().fail({ service: "slack", path: "files.info", status: 503 });
    const result = await runUpload(physician.id, "F_TXT");
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m1"]);
    expect(await chunkCount("slack:F_TXT")).toBe(0);
  });

  it("tells the physician when Slack will not hand over the file, and does not retry", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const physician = await seedPhysician();
    const result = await runUpload(physician.id, "F_MISSING"); // files.info → file_not_found
    expect(result.explicitAcks).toEqual(["m1"]);
    expect((await dmTexts()).join(" ")).toMatch(/did not let me read the file/);
  });
});

/** Posts a signed interaction with `INDEX_QUEUE` replaced (slackPost always records). */
async function submitWithIndexQueue(body: string, send: (message: unknown) => Promise<void>) {
  const ts = String(Math.floor(Date.now() / 1000));
  const queue = { send, sendBatch: async () => {}, metrics: async () => ({}) } as unknown as Queue;
  const ctx = createExecutionContext();
  const res = await app.request(
    "/slack/interactions",
    {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": ts,
        "x-slack-signature": await signSlackRequest(SIGNING_SECRET, ts, body),
      },
      body,
    },
    { ...env, INDEX_QUEUE: queue },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

describe("guideline upload form", () => {
  it("queues the file when the same form is submitted again after queueing failed", async () => {
    silenceLogs();
    await seedPhysician();
    const body = viewSubmission("upload_guideline_modal", {
      file: { type: "file_input", files: [{ id: "F1" }] },
    });
    const failed = await submitWithIndexQueue(body, async () => {
      throw new Error("queue unavailable");
    });
    expect(failed.status).toBe(200);
    expect(((await failed.json()) as { errors: Record<string, string> }).errors.file).toMatch(/try again/i);
    const sent: unknown[] = [];
    const again = await submitWithIndexQueue(body, async (message) => {
      sent.push(message);
    });
    expect(again.status).toBe(200);
    expect(sent).toEqual([expect.objectContaining({ type: "index_file", fileId: "F1" })]);
    // And a third delivery of the same form is still recognised as a duplicate.
    const third = await submitWithIndexQueue(body, async (message) => {
      sent.push(message);
    });
    expect(third.status).toBe(200);
    expect(sent).toHaveLength(1);
  });
});
