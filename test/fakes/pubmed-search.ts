// esearch matching for the PubMed fake: reduces a PubMed query to keywords (dropping field
// tags, boolean operators, quotes, parentheses, stopwords) and ranks articles by how many
// keywords their title, abstract or publication types contain.
import type { PubmedArticle } from "./types.js";

const STOPWORDS = new Set(
  (
    "a about after all also an and any are as at be because been before between both but by can could " +
    "did do does during each for from had has have how however if in into is it its may might more most " +
    "must no nor not of on or other our over should since so some such than that the their them then there " +
    "these they this those through to under upon use used using versus very vs was we were what when which " +
    "while who why will with within without would"
  ).split(" "),
);

export function queryKeywords(term: string): string[] {
  const words = term
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/[()"]/g, " ")
    .split(/\s+/)
    .map((word) => word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter((word) => word.length > 1 && /\p{L}/u.test(word) && !STOPWORDS.has(word));
  return [...new Set(words)];
}

export function stopwordsIn(term: string): string[] {
  return [...new Set(term.toLowerCase().split(/[^\p{L}]+/u))].filter((word) => STOPWORDS.has(word));
}

/** Articles matching at least one keyword, best match first (then newest, then highest PMID). */
export function searchArticles(articles: Iterable<PubmedArticle>, keywords: string[]): PubmedArticle[] {
  const scored: Array<{ article: PubmedArticle; score: number }> = [];
  for (const article of articles) {
    const haystack = [article.title, article.abstract, ...article.pubTypes].join(" ").toLowerCase();
    const score = keywords.filter((keyword) => haystack.includes(keyword)).length;
    if (score > 0) scored.push({ article, score });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score || b.article.year - a.article.year || b.article.pmid.localeCompare(a.article.pmid),
  );
  return scored.map(({ article }) => article);
}
