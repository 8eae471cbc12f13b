/**
 * Document text extraction for the ingestion path: Markdown and plain text decoded as
 * UTF-8; PDF through unpdf (pdf.js built for serverless runtimes, so it runs in the Worker).
 */
import { capAtParagraph } from "../lib/cap-text";

export const DOCUMENT_FORMATS = ["md", "txt", "pdf"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export class UnreadableDocumentError extends Error {
  override readonly name = "UnreadableDocumentError";
}

/**
 * Text kept from one document: a 10 MB upload can hold millions of characters, and chunking
 * and embedding all of them would not fit one invocation's limits. The guideline's opening
 * is kept (whole paragraphs), which is where its recommendations usually are.
 */
export const MAX_DOCUMENT_CHARS = 400_000;

export async function extractDocumentText(format: DocumentFormat, bytes: Uint8Array): Promise<string> {
  const text =
    format === "pdf"
      ? await extractPdfText(bytes)
      : new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
  return capDocument(text);
}

/** At most MAX_DOCUMENT_CHARS, cut at the last paragraph break before the cap when there is one. */
export function capDocument(text: string): string {
  return capAtParagraph(text, MAX_DOCUMENT_CHARS);
}

async function extractPdfText(bytes: Uint8Array): Promise<string> {
  // Loaded on demand: pdf.js is large and only uploads and the index script need it.
  const { extractText, getDocumentProxy } = await import("unpdf");
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractText(pdf, { mergePages: false });
    const pages = Array.isArray(text) ? text : [text];
    const joined = pages
      .map((page) => page.trim())
      .join("\n\n")
      .trim();
    if (!joined) throw new UnreadableDocumentError("the PDF has no extractable text (is it a scan?)");
    return joined;
  } catch (err) {
    if (err instanceof UnreadableDocumentError) throw err;
    throw new UnreadableDocumentError("the PDF could not be read");
  }
}

/** Format from a file name's extension, or undefined when unsupported. */
export function formatFromName(name: string): DocumentFormat | undefined {
  const ext = name.toLowerCase().split(".").pop() ?? "";
  if (ext === "markdown") return "md";
  return (DOCUMENT_FORMATS as readonly string[]).includes(ext) ? (ext as DocumentFormat) : undefined;
}
