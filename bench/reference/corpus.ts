/**
 * A deterministic generated corpus for the retrieval benchmark: posts of 40–80 words drawn
 * from a fixed clinical and everyday vocabulary by a seeded PRNG, so every run searches the
 * same text. Queries are 3–5 words from the same vocabulary.
 */
const VOCABULARY = (
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

function words(random: () => number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(VOCABULARY[Math.floor(random() * VOCABULARY.length)] ?? "sleep");
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
  return Array.from({ length: count }, () => words(random, 3 + Math.floor(random() * 3)));
}
