/**
 * Deterministic offline embedder: signed feature hashing of word stems and character
 * trigrams, L2-normalised. Not semantic like bge-m3, but lexical overlap gives sensible
 * neighbours for demos and tests, identical on every machine, with no model download.
 * Works on any script (Ukrainian included): tokens are Unicode letters and digits.
 */
import type { Embedder } from "./types";

export const LOCAL_EMBEDDING_DIMENSIONS = 384;

export class LocalEmbedder implements Embedder {
  readonly name = "local";
  readonly model = "local-hash-v1";
  readonly dimensions = LOCAL_EMBEDDING_DIMENSIONS;
  readonly relevanceFloor = 0.2;

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => embedText(text, this.dimensions));
  }
}

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function embedText(text: string, dims: number): number[] {
  const vector = new Float64Array(dims);
  for (const word of tokenize(text)) {
    if (word.length < 2) continue;
    // Crude stemming: the first 6 characters carry most inflected forms (EN and UK alike).
    addFeature(vector, `w:${word.slice(0, 6)}`, 1);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) addFeature(vector, `t:${padded.slice(i, i + 3)}`, 0.35);
  }
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  return Array.from(vector, (v) => v / norm);
}

function addFeature(vector: Float64Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  const slot = h % vector.length;
  // The top bit picks the sign, so collisions cancel out instead of piling up.
  vector[slot] = (vector[slot] ?? 0) + (h & 0x80000000 ? -weight : weight);
}

function fnv1a(input: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
