/**
 * A deterministic generated corpus for the retrieval benchmark, shaped like real text: words
 * follow a Zipf distribution (s = 1.05) over 4,000 words — function words at the top ranks,
 * then a clinical and everyday vocabulary, then generated rarer words — so a query term
 * occurs in a realistic share of posts (a flat 150-word vocabulary would put every term in
 * a third of them). Posts have 40–80 words; queries are 3–5 content words from the same
 * distribution. A seeded PRNG makes every run search the same text.
 */
const FUNCTION_WORDS = (
  "the of and to in a is that for it as with was on be at by this are from or have an not but " +
  "they which you one all we can there their been has more if will so no when what about up out"
).split(" ");

const CONTENT_WORDS = (
  "sleep insomnia caffeine coffee anxiety depression exercise walking stress burnout mood fatigue " +
  "melatonin therapy psychotherapy medication dose evening morning night shift workers patients " +
  "adolescents children pregnancy alcohol screen smartphone light routine habit breathing panic " +
  "attention memory focus energy diet sugar water hydration vitamin iron blood pressure heart rhythm " +
  "headache migraine pain back posture stretching yoga meditation mindfulness journal gratitude " +
  "friends family work rest weekend holiday travel jet lag nap bedroom noise temperature mattress " +
  "pillow reading music podcast news worry rumination thoughts feelings support clinic doctor nurse " +
  "visit question answer advice study trial review evidence risk benefit symptom sign warning " +
  "recovery relapse prevention screening diagnosis treatment plan goal progress week month year " +
  "today tomorrow small change simple step try start stop keep move slow fast early late hour minute"
).split(" ");

const SYLLABLES = "ba ko ri mu te sa lo ni ve du pa ge zo fi ka me ru to li na".split(" ");
const VOCABULARY_SIZE = 4000;

/** Function words, then real content words, then generated ones ("bakori", …) up to the size. */
const VOCABULARY: string[] = (() => {
  const words = [...FUNCTION_WORDS, ...CONTENT_WORDS];
  for (let i = 0; words.length < VOCABULARY_SIZE; i++) {
    const a = SYLLABLES[i % 20] ?? "ba";
    const b = SYLLABLES[Math.floor(i / 20) % 20] ?? "ko";
    const c = SYLLABLES[Math.floor(i / 400) % 20] ?? "ri";
    words.push(`${a}${b}${c}`);
  }
  return words;
})();

/** Cumulative Zipf weights over VOCABULARY (rank r has weight 1 / r^1.05). */
const CUMULATIVE: number[] = (() => {
  let total = 0;
  return VOCABULARY.map((_, rank) => {
    total += 1 / (rank + 1) ** 1.05;
    return total;
  });
})();

function zipfWord(random: () => number): string {
  const target = random() * (CUMULATIVE.at(-1) ?? 1);
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((CUMULATIVE[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo] ?? "sleep";
}

/** mulberry32: a tiny seeded PRNG (uniform in [0, 1)). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function words(random: () => number, count: number, contentOnly = false): string {
  const out: string[] = [];
  while (out.length < count) {
    const word = zipfWord(random);
    if (!contentOnly || !FUNCTION_WORDS.includes(word)) out.push(word);
  }
  return out.join(" ");
}

/** `count` posts, the same for the same seed. */
export function generatedPosts(count: number, seed = 1): string[] {
  const random = prng(seed);
  const posts: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 40 + Math.floor(random() * 41);
    posts.push(`Post ${i + 1}. ${words(random, length)}.`);
  }
  return posts;
}

/** `count` search queries, the same for the same seed. */
export function generatedQueries(count: number, seed = 7): string[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => words(random, 3 + Math.floor(random() * 3), true));
}
