/**
 * Document text extraction for the ingestion path: Markdown and plain text decoded as
 * UTF-8; PDF through the PDF port (Workers AI `toMarkdown` in production, unpdf locally).
 */
import { capAtParagraph } from "../lib/cap-text";
import type { PdfReader } from "../platform/pdf";
import { UnreadableDocumentError } from "../platform/pdf";

export { UnreadableDocumentError };

export const DOCUMENT_FORMATS = ["md", "txt", "pdf"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/**
 * Text kept from one document: a 10 MB upload can hold millions of characters, and chunking
 * and embedding all of them would not fit one invocation's limits. The guideline's opening
 * is kept (whole paragraphs), which is where its recommendations usually are.
 */
export const MAX_DOCUMENT_CHARS = 400_000;

export async function extractDocumentText(
  format: DocumentFormat,
  bytes: Uint8Array,
  pdf: PdfReader,
): Promise<string> {
  const text =
    format === "pdf" ? await pdf.text(bytes) : new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
  return capDocument(text);
}

/** At most MAX_DOCUMENT_CHARS, cut at the last paragraph break before the cap when there is one. */
export function capDocument(text: string): string {
  return capAtParagraph(text, MAX_DOCUMENT_CHARS);
}

/** Format from a file name's extension, or undefined when unsupported. */
export function formatFromName(name: string): DocumentFormat | undefined {
  const ext = name.toLowerCase().split(".").pop() ?? "";
  if (ext === "markdown") return "md";
  return (DOCUMENT_FORMATS as readonly string[]).includes(ext) ? (ext as DocumentFormat) : undefined;
}
