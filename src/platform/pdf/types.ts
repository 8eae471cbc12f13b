/** PDF text port: Workers AI `toMarkdown` in production, unpdf (pdf.js) locally. */
export interface PdfReader {
  readonly name: string;
  /** The document's text, pages separated by blank lines; UnreadableDocumentError if none. */
  text(bytes: Uint8Array): Promise<string>;
}

export class UnreadableDocumentError extends Error {
  override readonly name = "UnreadableDocumentError";
}

export const NO_TEXT = "the PDF has no extractable text (is it a scan?)";
export const UNREADABLE = "the PDF could not be read";
