// Tweet length as X counts it: twitter-text's `parseTweet` (the library X publishes for
// exactly this), so the fake refuses what X refuses — URLs 23, CJK and emoji 2, bare
// domains on any TLD, trailing punctuation outside the URL.
import * as twitterText from "twitter-text";

export const TWEET_MAX = 280;

// CommonJS with its functions on `exports.default`: Node and bundlers expose it differently.
type TwitterText = typeof twitterText;
const tt: TwitterText =
  typeof twitterText.parseTweet === "function"
    ? twitterText
    : (twitterText as unknown as { default: TwitterText }).default;

export function tweetLength(text: string): number {
  return tt.parseTweet(text).weightedLength;
}
