/**
 * Local PDF text: unpdf (pdf.js built for serverless runtimes, so it runs in the Worker).
 * Only local builds carry it (see `index.ts`): pdf.js is most of a megabyte.
 */
import { extractText, getDocumentProxy } from "unpdf";
import { NO_TEXT, type PdfReader, UNREADABLE, UnreadableDocumentError } from "./types";

export const unpdfReader: PdfReader = {
  name: "unpdf",
  async text(bytes) {
    try {
      const pdf = await getDocumentProxy(new Uint8Array(bytes));
      const { text } = await extractText(pdf, { mergePages: false });
      const pages = Array.isArray(text) ? text : [text];
      const joined = pages
        .map((page) => page.trim())
        .join("\n\n")
        .trim();
      if (!joined) throw new UnreadableDocumentError(NO_TEXT);
      return joined;
    } catch (err) {
      if (err instanceof UnreadableDocumentError) throw err;
      throw new UnreadableDocumentError(UNREADABLE);
    }
  },
};
