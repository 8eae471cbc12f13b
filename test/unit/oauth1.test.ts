/**
 * OAuth 1.0a signing against the worked example in X's "Creating a signature" guide
 * (POST statuses/update.json with fixed keys, nonce and timestamp), plus RFC 5849 encoding.
 */
import { describe, expect, it } from "vitest";
import {
  authorizationHeader,
  baseUrl,
  hmacSha1Base64,
  normalizeParameters,
  type OAuth1Credentials,
  percentEncode,
  protocolParams,
  randomNonce,
  signatureBaseString,
  signingKey,
} from "../../src/publishers/oauth1";

const CREDENTIALS: OAuth1Credentials = {
  consumerKey: "xvz1evFS4wEEPTGEFPHBog",
  consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
  token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
  tokenSecret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
};
const NONCE = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg";
const TIMESTAMP = 1318622958;
const URL_WITH_QUERY = "https://api.twitter.com/1.1/statuses/update.json?include_entities=true";
const STATUS = "Hello Ladies + Gentlemen, a signed OAuth request!";

const DOCUMENTED_BASE_STRING =
  "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26" +
  "oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26" +
  "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26" +
  "oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26" +
  "status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521";
const DOCUMENTED_SIGNING_KEY =
  "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw&LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";
const DOCUMENTED_SIGNATURE = "hCtSmYh+iHYCEqBWrE7C7hYmtUk=";

describe("OAuth 1.0a signature (X's worked example)", () => {
  it("builds the documented signature base string from the query, body and oauth parameters", () => {
    const base = signatureBaseString("post", URL_WITH_QUERY, [
      ...protocolParams(CREDENTIALS, NONCE, TIMESTAMP),
      ["status", STATUS],
    ]);
    expect(base).toBe(DOCUMENTED_BASE_STRING);
  });

  it("derives the documented signing key and signature", async () => {
    expect(signingKey(CREDENTIALS.consumerSecret, CREDENTIALS.tokenSecret)).toBe(DOCUMENTED_SIGNING_KEY);
    expect(await hmacSha1Base64(DOCUMENTED_SIGNING_KEY, DOCUMENTED_BASE_STRING)).toBe(DOCUMENTED_SIGNATURE);
  });

  it("puts the documented signature, percent-encoded, into the Authorization header", async () => {
    const header = await authorizationHeader(CREDENTIALS, "POST", URL_WITH_QUERY, {
      params: [["status", STATUS]],
      nonce: NONCE,
      timestamp: TIMESTAMP,
    });
    expect(header).toBe(
      'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", ' +
        `oauth_nonce="${NONCE}", ` +
        'oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", ' +
        'oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", ' +
        `oauth_token="${CREDENTIALS.token}", oauth_version="1.0"`,
    );
  });

  it("changes the signature when any signed input changes", async () => {
    const sign = (options: { nonce?: string; timestamp?: number; params?: [string, string][] }) =>
      authorizationHeader(CREDENTIALS, "POST", URL_WITH_QUERY, {
        params: [["status", STATUS]],
        nonce: NONCE,
        timestamp: TIMESTAMP,
        ...options,
      });
    const reference = await sign({});
    expect(await sign({ nonce: `${NONCE}x` })).not.toBe(reference);
    expect(await sign({ timestamp: TIMESTAMP + 1 })).not.toBe(reference);
    expect(await sign({ params: [["status", `${STATUS}!`]] })).not.toBe(reference);
  });
});

describe("RFC 5849 encoding and normalization", () => {
  it("leaves only unreserved characters literal and encodes the rest as upper-case %XX of UTF-8", () => {
    expect(percentEncode("AZaz09-._~")).toBe("AZaz09-._~");
    expect(percentEncode("!*'()")).toBe("%21%2A%27%28%29");
    expect(percentEncode(" +/=&%")).toBe("%20%2B%2F%3D%26%25");
    expect(percentEncode("☃ é")).toBe("%E2%98%83%20%C3%A9");
  });

  it("sorts encoded parameters by name, then by value", () => {
    expect(
      normalizeParameters([
        ["b", "2"],
        ["a", "z"],
        ["a", "b c"],
        ["a2", "1"],
      ]),
    ).toBe("a=b%20c&a=z&a2=1&b=2");
  });

  it("normalizes the base URL: lower-case scheme and host, default port dropped, query removed", () => {
    expect(baseUrl("HTTPS://API.X.com:443/2/tweets?x=1#frag")).toBe("https://api.x.com/2/tweets");
    expect(baseUrl("http://127.0.0.1:8787/x/2/tweets")).toBe("http://127.0.0.1:8787/x/2/tweets");
  });

  it("makes a fresh 32-character alphanumeric nonce each time", () => {
    const a = randomNonce();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(randomNonce()).not.toBe(a);
  });
});
