/**
 * Voice score: how much a draft reads like the physician's own posts, 0–100, from counts
 * alone (no model, no network), so every draft can carry it at no cost.
 *
 * Method (classic stylometry): each post is reduced to a few style measurements — sentence
 * and paragraph shape, punctuation and emoji rates, pronoun use, script, and the relative
 * frequencies of common function words, which writers use habitually and topics barely move.
 * The profile keeps, per measurement, the corpus' weighted mean and spread; a draft's
 * distance on a measurement is how many spreads it lies from the mean (capped, so one
 * extreme value cannot swamp the rest). Spreads have absolute floors, so a corpus that never
 * uses "!" does not make a single "!" infinitely far. Function words are compared as a
 * vector, and that distance is put on the same scale using the corpus posts' own distances.
 * Only the part of a distance beyond the physician's usual variation (one spread) costs
 * points; the weighted mean of those squared excesses maps to 100·e^(−k·x).
 */
import {
  analyzeText,
  FUNCTION_WORDS,
  type TextAnalysis,
  VOICE_FEATURES,
  type VoiceFeature,
} from "./stylometry-features";

export type { VoiceFeature } from "./stylometry-features";

export interface VoicePost {
  text: string;
  /** In (0, 1], default 1: an edited draft counts less than the physician's own post. */
  weight?: number;
}

export interface FeatureStats {
  mean: number;
  spread: number;
}

/** Stored profiles of another version must be rebuilt (scoreVoice ignores them). */
export const VOICE_PROFILE_VERSION = 1;

export interface VoiceProfile {
  version: number;
  posts: number;
  /** Per feature (post_length on a log scale); function_words holds the function-word share. */
  features: Record<VoiceFeature, FeatureStats>;
  /** Weighted mean and spread of the relative frequency of each function word. */
  functionWords: { mean: number[]; spread: number[] };
  /** The corpus posts' own (leave-one-out) distances from that mean vector. */
  functionWordDistance: FeatureStats;
}

export interface VoiceReason {
  feature: VoiceFeature;
  direction: "more" | "less";
  /** Draft value / the physician's typical value, 1 decimal; undefined when that is ~0. */
  ratio?: number;
  /** The z-like distance used for ranking. */
  distance: number;
}

export interface VoiceScore {
  /** Integer 0..100. */
  score: number;
  /** The (at most two) features furthest from the norm, each at least one spread away. */
  reasons: VoiceReason[];
  /** Posts in the profile. */
  compared: number;
}

export const MIN_VOICE_POSTS = 3;

interface FeatureSpec {
  /** Share of the score: style-defining features count more than post length. */
  weight: number;
  /** Smallest spread, in the feature's own unit (per 100 words for rates). */
  floor: number;
  /** Compared on a log scale (lengths vary multiplicatively). */
  log?: boolean;
  /** A rate per 100 words. */
  rate?: boolean;
}

const SPECS: Record<VoiceFeature, FeatureSpec> = {
  sentence_length: { weight: 2, floor: 2 },
  sentence_spread: { weight: 1.5, floor: 2 },
  paragraph_length: { weight: 1, floor: 0.5 },
  post_length: { weight: 0.5, floor: 0.3, log: true },
  function_words: { weight: 2, floor: 0.1 },
  exclamations: { weight: 1, floor: 0.5, rate: true },
  questions: { weight: 1, floor: 0.5, rate: true },
  ellipses: { weight: 1, floor: 0.5, rate: true },
  dashes: { weight: 1, floor: 0.5, rate: true },
  quotes: { weight: 1, floor: 1, rate: true },
  colons: { weight: 1, floor: 0.5, rate: true },
  emoji: { weight: 1.5, floor: 0.5, rate: true },
  first_person: { weight: 1, floor: 0.5, rate: true },
  address: { weight: 1.5, floor: 0.5, rate: true },
  language: { weight: 3, floor: 0.15 },
};

const MAX_DISTANCE = 4;
/** Distance within which a post still reads as the physician's usual variation. */
const TOLERANCE = 1;
/** Calibrated on the sample corpus (leave-one-out) against generic drafts. */
const SCORE_K = 1.1;
/** Smallest spread of one function word's relative frequency (0.5 per 100 words). */
const WORD_FLOOR = 0.005;
const SHARE_FLOOR = 1;

const transform = (feature: VoiceFeature, value: number): number =>
  SPECS[feature].log ? Math.log1p(value) : value;
const untransform = (feature: VoiceFeature, value: number): number =>
  SPECS[feature].log ? Math.expm1(value) : value;

/** Weighted moments Σw, Σw·x, Σw·x²: one post can be taken out again in O(1). */
interface Moments {
  weight: number;
  sum: number;
  squares: number;
}

function momentsOf(values: number[], weights: number[]): Moments {
  const m: Moments = { weight: 0, sum: 0, squares: 0 };
  values.forEach((x, i) => {
    const w = weights[i] ?? 0;
    m.weight += w;
    m.sum += w * x;
    m.squares += w * x * x;
  });
  return m;
}

const without = (m: Moments, x: number, w: number): Moments =>
  m.weight - w > 0 ? { weight: m.weight - w, sum: m.sum - w * x, squares: m.squares - w * x * x } : m;

function statsOf(m: Moments, floor: number): FeatureStats {
  const mean = m.weight > 0 ? m.sum / m.weight : 0;
  const variance = m.weight > 0 ? Math.max(0, m.squares / m.weight - mean * mean) : 0;
  return { mean, spread: Math.max(floor, Math.sqrt(variance)) };
}

/** Burrows' Delta: the mean over function words of |frequency − mean| / spread. */
function delta(vector: number[], stats: (j: number) => FeatureStats): number {
  let sum = 0;
  for (let j = 0; j < FUNCTION_WORDS.length; j++) {
    const { mean, spread } = stats(j);
    sum += Math.abs((vector[j] ?? 0) - mean) / spread;
  }
  return sum / FUNCTION_WORDS.length;
}

function functionWordProfile(
  vectors: number[][],
  weights: number[],
): Pick<VoiceProfile, "functionWords" | "functionWordDistance"> {
  const moments = FUNCTION_WORDS.map((_, j) =>
    momentsOf(
      vectors.map((v) => v[j] ?? 0),
      weights,
    ),
  );
  const all = moments.map((m) => statsOf(m, WORD_FLOOR));
  // Each post against the others, as a draft is never part of its own profile.
  const distances = vectors.map((v, i) =>
    delta(v, (j) => statsOf(without(moments[j] as Moments, v[j] ?? 0, weights[i] ?? 0), WORD_FLOOR)),
  );
  return {
    functionWords: { mean: all.map((s) => s.mean), spread: all.map((s) => s.spread) },
    functionWordDistance: statsOf(momentsOf(distances, weights), SPECS.function_words.floor),
  };
}

const weightOf = (post: VoicePost): number =>
  post.weight === undefined || Number.isNaN(post.weight) ? 1 : Math.min(1, Math.max(0, post.weight));

export function buildVoiceProfile(posts: VoicePost[]): VoiceProfile {
  const kept = posts.filter((post) => weightOf(post) > 0);
  const weights = kept.map(weightOf);
  const analyses = kept.map((post) => analyzeText(post.text));
  const features = {} as Record<VoiceFeature, FeatureStats>;
  for (const feature of VOICE_FEATURES) {
    const values = analyses.map((a) => transform(feature, a.features[feature]));
    const floor = feature === "function_words" ? SHARE_FLOOR : SPECS[feature].floor;
    features[feature] = statsOf(momentsOf(values, weights), floor);
  }
  const vectors = analyses.map((a) => a.functionWords);
  return {
    version: VOICE_PROFILE_VERSION,
    posts: kept.length,
    features,
    ...functionWordProfile(vectors, weights),
  };
}

function featureDistance(feature: VoiceFeature, analysis: TextAnalysis, profile: VoiceProfile): number {
  if (feature === "function_words") {
    const { mean, spread } = profile.functionWordDistance;
    const words = profile.functionWords;
    const distance = delta(analysis.functionWords, (j) => ({
      mean: words.mean[j] ?? 0,
      spread: words.spread[j] ?? WORD_FLOOR,
    }));
    // One-sided: closer to the profile than the physician's own posts is no deviation.
    return Math.min(MAX_DISTANCE, Math.max(0, (distance - mean) / spread));
  }
  const { mean, spread } = profile.features[feature];
  // A rate read off a short text is noisy: its Poisson sampling variance widens the spread.
  const sampling = SPECS[feature].rate ? (100 * Math.abs(mean)) / Math.max(1, analysis.words) : 0;
  const value = transform(feature, analysis.features[feature]);
  return Math.min(MAX_DISTANCE, Math.abs(value - mean) / Math.sqrt(spread ** 2 + sampling));
}

function reasonFor(
  feature: VoiceFeature,
  distance: number,
  analysis: TextAnalysis,
  profile: VoiceProfile,
): VoiceReason {
  const value = analysis.features[feature];
  const typical = untransform(feature, profile.features[feature].mean);
  const direction = transform(feature, value) > profile.features[feature].mean ? "more" : "less";
  // Function words differ as a distribution, which no single ratio describes.
  const meaningful = feature !== "function_words" && typical > SPECS[feature].floor / 2 && value >= 0;
  const reason: VoiceReason = { feature, direction, distance: Math.round(distance * 100) / 100 };
  if (meaningful) reason.ratio = Math.round((value / typical) * 10) / 10;
  return reason;
}

export function voiceFeatures(text: string): Record<VoiceFeature, number> {
  return analyzeText(text).features;
}

export function scoreVoice(text: string, profile: VoiceProfile): VoiceScore | undefined {
  if (profile.posts < MIN_VOICE_POSTS || profile.version !== VOICE_PROFILE_VERSION) return undefined;
  const analysis = analyzeText(text);
  let penalty = 0;
  let totalWeight = 0;
  const ranked: { feature: VoiceFeature; distance: number; weighted: number }[] = [];
  for (const feature of VOICE_FEATURES) {
    const distance = featureDistance(feature, analysis, profile);
    const { weight } = SPECS[feature];
    penalty += weight * Math.max(0, distance - TOLERANCE) ** 2;
    totalWeight += weight;
    ranked.push({ feature, distance, weighted: weight * distance });
  }
  // Stable: ties keep the fixed feature order.
  ranked.sort((a, b) => b.weighted - a.weighted);
  const reasons = ranked
    .filter((r) => r.distance >= 1)
    .slice(0, 2)
    .map((r) => reasonFor(r.feature, r.distance, analysis, profile));
  // No words, no voice: an empty text must never pass as typical.
  const score = analysis.words === 0 ? 0 : Math.round(100 * Math.exp((-SCORE_K * penalty) / totalWeight));
  return { score, reasons, compared: profile.posts };
}
