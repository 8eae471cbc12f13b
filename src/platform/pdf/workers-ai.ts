/**
 * Production PDF text: Workers AI `toMarkdown` converts the document on Cloudflare's side,
 * so the Worker carries no PDF parser. Its answer is checked like any external API's.
 */
import { z } from "zod";
import { NO_TEXT, type PdfReader, UNREADABLE, UnreadableDocumentError } from "./types";

const conversion = z.union([
  z.object({ format: z.enum(["markdown", "text"]), data: z.string() }),
  z.object({ format: z.literal("error"), error: z.string() }),
]);

/** `ai` is the Workers AI binding (only its `toMarkdown` is used). */
export function workersAiPdfReader(ai: Pick<Ai, "toMarkdown"> | undefined): PdfReader {
  return {
    name: "workers-ai",
    async text(bytes) {
      if (!ai) throw new Error("PDF text in production needs the AI binding ([ai] in wrangler.toml)");
      let answer: unknown;
      try {
        answer = await ai.toMarkdown(
          { name: "document.pdf", blob: new Blob([new Uint8Array(bytes)], { type: "application/pdf" }) },
          // Text only: no metadata header, no image descriptions (each would be a model call).
          { conversionOptions: { pdf: { metadata: false, images: { convert: false } } } },
        );
      } catch {
        throw new UnreadableDocumentError(UNREADABLE);
      }
      const parsed = conversion.safeParse(answer);
      if (!parsed.success || parsed.data.format === "error") throw new UnreadableDocumentError(UNREADABLE);
      const text = parsed.data.data.trim();
      if (!text) throw new UnreadableDocumentError(NO_TEXT);
      return text;
    },
  };
}
