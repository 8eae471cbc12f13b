import { describe, expect, it } from "vitest";
import { signSlackRequest, verifySlackSignature } from "../../src/slack/verify";

// Slack's published example (api.slack.com "Verifying requests from Slack").
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TIMESTAMP = "1531420618";
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const NOW = Number(TIMESTAMP) + 10;

describe("verifySlackSignature", () => {
  it("accepts Slack's published example", async () => {
    expect(
      await verifySlackSignature(SECRET, { timestamp: TIMESTAMP, signature: SIGNATURE, rawBody: BODY }, NOW),
    ).toBe(true);
  });

  it("signs exactly as Slack does", async () => {
    expect(await signSlackRequest(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE);
  });

  it("rejects a tampered body", async () => {
    const tampered = BODY.replace("text=", "text=publish");
    expect(
      await verifySlackSignature(
        SECRET,
        { timestamp: TIMESTAMP, signature: SIGNATURE, rawBody: tampered },
        NOW,
      ),
    ).toBe(false);
  });

  it("refuses a timestamp that is not plain digits, even one signed as sent and equal to now", async () => {
    const forms = [`0x${Number(TIMESTAMP).toString(16)}`, `${TIMESTAMP}.0`, `+${TIMESTAMP}`, ` ${TIMESTAMP}`];
    for (const timestamp of forms) {
      const signature = await signSlackRequest(SECRET, timestamp, BODY);
      expect(
        await verifySlackSignature(SECRET, { timestamp, signature, rawBody: BODY }, NOW),
        timestamp,
      ).toBe(false);
    }
  });

  it("rejects a stale and a future timestamp (> 5 minutes either way)", async () => {
    const request = { timestamp: TIMESTAMP, signature: SIGNATURE, rawBody: BODY };
    expect(await verifySlackSignature(SECRET, request, Number(TIMESTAMP) + 301)).toBe(false);
    expect(await verifySlackSignature(SECRET, request, Number(TIMESTAMP) - 301)).toBe(false);
    expect(await verifySlackSignature(SECRET, request, Number(TIMESTAMP) + 300)).toBe(true);
  });

  it("rejects a wrong secret, a missing header and malformed signatures", async () => {
    const base = { timestamp: TIMESTAMP, signature: SIGNATURE, rawBody: BODY };
    expect(await verifySlackSignature("another-secret", base, NOW)).toBe(false);
    expect(await verifySlackSignature(SECRET, { ...base, signature: undefined }, NOW)).toBe(false);
    expect(await verifySlackSignature(SECRET, { ...base, timestamp: undefined }, NOW)).toBe(false);
    expect(
      await verifySlackSignature(SECRET, { ...base, signature: SIGNATURE.replace("v0=", "v1=") }, NOW),
    ).toBe(false);
    expect(await verifySlackSignature(SECRET, { ...base, signature: `${SIGNATURE}00` }, NOW)).toBe(false);
    expect(await verifySlackSignature(SECRET, { ...base, timestamp: "15314e6" }, NOW)).toBe(false);
  });
});
