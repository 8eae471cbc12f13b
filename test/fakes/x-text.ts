// Tweet length as X counts it (twitter-text v3, simplified): most Latin/Cyrillic characters
// weigh 1, CJK and other scripts 2, an emoji 2, and every URL 23, against a limit of 280.
export const TWEET_MAX = 280;
const URL_LENGTH = 23;
const URL = /https?:\/\/\S+/g;
const LIGHT_RANGES: Array<[number, number]> = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

function weight(codePoint: number): number {
  return LIGHT_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to) ? 1 : 2;
}

export function tweetLength(text: string): number {
  let length = 0;
  const withoutUrls = text.normalize("NFC").replace(URL, () => {
    length += URL_LENGTH;
    return "";
  });
  const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" }).segment(withoutUrls);
  for (const { segment } of graphemes) {
    if (/\p{Extended_Pictographic}/u.test(segment)) {
      length += 2;
      continue;
    }
    for (const char of segment) length += weight(char.codePointAt(0) ?? 0);
  }
  return length;
}
