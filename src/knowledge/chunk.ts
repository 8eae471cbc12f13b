/**
 * Chunking. A style file holds many posts separated by `---` lines: one post, one chunk.
 * Guidelines are split into ~450-token windows at sentence boundaries, each window
 * starting with the last sentence(s) of the previous one so no claim loses its context.
 */

/** Rough token estimate (≈ 4 characters per token for EN/UK prose). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function splitPosts(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/^\s*---\s*$/m)
    .map((post) => post.trim())
    .filter((post) => post.length > 0);
}

export interface ChunkOptions {
  targetTokens: number;
  overlapTokens: number;
}

export const GUIDELINE_CHUNKING: ChunkOptions = { targetTokens: 450, overlapTokens: 60 };

export function splitSentences(text: string): string[] {
  const normalised = text.replace(/\r\n?/g, "\n").replace(/[ \t]+/g, " ");
  const out: string[] = [];
  for (const paragraph of normalised.split(/\n\s*\n/)) {
    const flat = paragraph.replace(/\s*\n\s*/g, " ").trim();
    if (!flat) continue;
    // A sentence ends at . ! ? … followed by space and an upper-case letter, digit or quote.
    const parts = flat.split(/(?<=[.!?…])\s+(?=["“«(\p{Lu}\p{N}])/u);
    for (const part of parts) if (part.trim()) out.push(part.trim());
  }
  return out;
}

export function chunkGuideline(text: string, options: ChunkOptions = GUIDELINE_CHUNKING): string[] {
  const sentences = splitSentences(text).flatMap((s) => hardWrap(s, options.targetTokens));
  const chunks: string[] = [];
  let current: string[] = [];
  let tokens = 0;
  for (const sentence of sentences) {
    const t = estimateTokens(sentence);
    if (tokens + t > options.targetTokens && current.length > 0) {
      chunks.push(current.join(" "));
      const overlap: string[] = [];
      let overlapTokens = 0;
      for (let i = current.length - 1; i >= 0; i--) {
        const s = current[i] ?? "";
        if (overlapTokens + estimateTokens(s) > options.overlapTokens) break;
        overlap.unshift(s);
        overlapTokens += estimateTokens(s);
      }
      current = overlap;
      tokens = overlapTokens;
    }
    current.push(sentence);
    tokens += t;
  }
  if (current.length > 0) chunks.push(current.join(" "));
  return chunks;
}

/** A single "sentence" longer than a chunk (tables, lists without stops) is cut at spaces. */
function hardWrap(sentence: string, maxTokens: number): string[] {
  return wrapAtSpaces(sentence, maxTokens * 4);
}

/** Cuts `text` into pieces of at most `maxChars`, at the last space past half a piece. */
export function wrapAtSpaces(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const cut = rest.lastIndexOf(" ", maxChars);
    const at = cut > maxChars / 2 ? cut : maxChars;
    out.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) out.push(rest);
  return out;
}
