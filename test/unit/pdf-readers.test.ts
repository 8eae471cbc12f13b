/**
 * The PDF port's two readers: Workers AI `toMarkdown` (production) against a binding that
 * answers, fails, or answers with an error entry; unpdf (local) on a real generated PDF.
 */
import { describe, expect, it } from "vitest";
import { createPdfReader } from "../../src/platform/pdf";
import { UnreadableDocumentError } from "../../src/platform/pdf/types";
import { workersAiPdfReader } from "../../src/platform/pdf/workers-ai";
import { makePdf } from "../pdf-fixture";

type ToMarkdown = Ai["toMarkdown"];

function fakeAi(answer: (doc: MarkdownDocument, options: unknown) => Promise<unknown>) {
  const calls: { doc: MarkdownDocument; options: unknown }[] = [];
  const toMarkdown = (async (doc: MarkdownDocument, options: unknown) => {
    calls.push({ doc, options });
    return answer(doc, options);
  }) as unknown as ToMarkdown;
  return { ai: { toMarkdown }, calls };
}

const PDF = makePdf(["Caffeine has a half-life of about five hours."]);

describe("Workers AI PDF reader (production)", () => {
  it("sends the PDF as a named blob, text only, and returns the converted text", async () => {
    const { ai, calls } = fakeAi(async (doc) => ({
      id: "1",
      name: doc.name,
      mimeType: "application/pdf",
      format: "markdown",
      tokens: 12,
      data: "\n# Caffeine\n\nCaffeine has a half-life of about five hours.\n",
    }));
    const text = await workersAiPdfReader(ai).text(PDF);
    expect(text).toBe("# Caffeine\n\nCaffeine has a half-life of about five hours.");
    expect(calls[0]?.doc.name).toBe("document.pdf");
    expect(calls[0]?.doc.blob.type).toBe("application/pdf");
    const sent = calls[0]?.doc.blob;
    expect(sent && new Uint8Array(await sent.arrayBuffer())).toEqual(PDF);
    expect(calls[0]?.options).toMatchObject({ conversionOptions: { pdf: { metadata: false } } });
  });

  it("an error entry, an empty document, a failing binding or an unknown answer: unreadable, said plainly", async () => {
    const answers: (() => Promise<unknown>)[] = [
      async () => ({
        id: "1",
        name: "document.pdf",
        mimeType: "application/pdf",
        format: "error",
        error: "bad",
      }),
      async () => ({
        id: "1",
        name: "document.pdf",
        mimeType: "application/pdf",
        format: "markdown",
        data: "  ",
      }),
      async () => {
        throw new Error("AI binding: 5xx");
      },
      async () => ({ surprise: true }),
    ];
    const messages: string[] = [];
    for (const answer of answers) {
      const { ai } = fakeAi(answer);
      const err = await workersAiPdfReader(ai)
        .text(PDF)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnreadableDocumentError);
      messages.push((err as Error).message);
    }
    expect(messages[1]).toMatch(/no extractable text/);
    expect(messages.filter((m) => m === "the PDF could not be read")).toHaveLength(3);
  });

  it("without the AI binding, says which binding is missing", async () => {
    await expect(workersAiPdfReader(undefined).text(PDF)).rejects.toThrow(/needs the AI binding/);
  });
});

describe("local builds", () => {
  it("read PDFs with unpdf: this build defines no __PDF_READER__", async () => {
    const reader = createPdfReader({});
    expect(reader.name).toBe("unpdf");
    expect(await reader.text(PDF)).toContain("half-life of about five hours");
  });
});
