/**
 * Document text extraction for the ingestion path: Markdown and plain text decoded as
 * UTF-8; PDF through unpdf (pdf.js built for serverless runtimes, so it runs in the Worker).
 */
export const DOCUMENT_FORMATS = ["md", "txt", "pdf"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export class UnreadableDocumentError extends Error {
  override readonly name = "UnreadableDocumentError";
}

export async function extractDocumentText(format: DocumentFormat, bytes: Uint8Array): Promise<string> {
  if (format === "pdf") return extractPdfText(bytes);
  return new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
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
