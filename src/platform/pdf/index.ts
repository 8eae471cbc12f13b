/**
 * Which PDF reader this build carries. Production builds define `__PDF_READER__` as
 * "workers-ai" (`[env.production] define` in wrangler.toml): the condition below is then a
 * constant, and the bundler drops the unpdf branch — pdf.js with it — from the upload.
 * Every other build (wrangler dev, the tests) leaves it undefined and reads PDFs locally.
 */
import { type PdfReader, UnreadableDocumentError } from "./types";
import { workersAiPdfReader } from "./workers-ai";

declare const __PDF_READER__: string | undefined;

const loadUnpdf =
  typeof __PDF_READER__ !== "undefined" && __PDF_READER__ === "workers-ai"
    ? undefined
    : () => import("./unpdf");

export function createPdfReader(env: Pick<Env, "AI">): PdfReader {
  if (!loadUnpdf) return workersAiPdfReader(env.AI);
  return {
    name: "unpdf",
    // Loaded on demand: only uploads and the index script read PDFs.
    text: async (bytes) => (await loadUnpdf()).unpdfReader.text(bytes),
  };
}

export type { PdfReader };
export { UnreadableDocumentError };
