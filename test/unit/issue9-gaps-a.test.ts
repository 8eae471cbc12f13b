/**
 * Issue 9, gaps found by planting bugs: behaviours that no test checked.
 * - The whole of 172.16.0.0/12 (172.16.x–172.31.x) is private, in every form the guard
 *   reads an address in; its neighbours 172.15.x and 172.32.x are public.
 * - A user id that only looks like one (`U012ABC> <!channel`) is shown escaped, never
 *   emitted as a mention.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { type FetchSourceOptions, fetchSourceText, SourceFetchError } from "../../src/platform/fetch-guard";
import { isBlockedHost, isPrivateAddress } from "../../src/platform/private-address";
import { progressMessage } from "../../src/slack/blocks/progress";
import { escapeMrkdwn, userMention } from "../../src/slack/mrkdwn";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Global fetch answering every request with a small public page. */
function mockPage() {
  return vi
    .spyOn(globalThis, "fetch")
    .mockImplementation(
      async () => new Response("<p>page</p>", { headers: { "content-type": "text/html; charset=utf-8" } }),
    );
}

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof SourceFetchError) return error.reason;
    throw error;
  }
}

const PUBLIC: FetchSourceOptions = { allowPrivate: false };

describe("172.16.0.0/12 is private from its first to its last address", () => {
  const inside = ["172.16.0.0", "172.17.0.1", "172.20.10.10", "172.31.255.255"];
  const outside = ["172.15.255.255", "172.32.0.0"];

  it.each(inside)("%s is private", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
    expect(isBlockedHost(address)).toBe(true);
  });

  it.each(outside)("%s, just outside the range, is public", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
    expect(isBlockedHost(address)).toBe(false);
  });

  it.each([
    ["::ffff:172.17.0.1", true], // IPv4-mapped, dotted
    ["::ffff:ac14:a0a", true], // IPv4-mapped, hex (172.20.10.10)
    ["::ffff:ac1f:ffff", true], // 172.31.255.255
    ["::ffff:ac0f:ffff", false], // 172.15.255.255
    ["::ffff:172.32.0.0", false],
    ["64:ff9b::172.20.10.10", true], // NAT64
    ["64:ff9b::ac20:0", false], // NAT64 of 172.32.0.0
    ["2002:ac14:a0a::1", true], // 6to4 of 172.20.10.10
    ["2002:ac20::1", false], // 6to4 of 172.32.0.0
  ])("%s (IPv4 inside IPv6) is private: %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
    expect(isBlockedHost(`[${address}]`)).toBe(expected);
  });

  it.each([
    "http://172.17.0.1/",
    "http://172.20.10.10:8080/admin",
    "http://172.31.255.255/",
    "http://[::ffff:172.20.10.10]/",
  ])("refuses the source URL %s without fetching it", async (url) => {
    const fetchSpy = mockPage();
    expect(await refusal(fetchSourceText(url, PUBLIC))).toBe("blocked_address");
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("refuses a name that resolves into the range, without fetching it", async () => {
    const fetchSpy = mockPage();
    const resolve = async () => ["172.20.10.10"];
    expect(await refusal(fetchSourceText("https://docker-host.example.com/", { ...PUBLIC, resolve }))).toBe(
      "blocked_address",
    );
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it.each(["http://172.15.255.255/", "http://172.32.0.0/"])(
    "fetches the public neighbour %s",
    async (url) => {
      const fetchSpy = mockPage();
      expect((await fetchSourceText(url, PUBLIC)).text).toBe("page");
      expect(fetchSpy).toHaveBeenCalledTimes(1);
    },
  );
});

describe("an id-like string is escaped, never emitted as a mention", () => {
  it.each([
    "U012ABC> <!channel", // a real-looking id, then a break-out to @channel
    "U012ABC> <!here>",
    "<!channel> U012ABC", // the id at the end
    "U012ABC\n<!everyone>",
    "U012ABC|x",
    "u012abc",
  ])("%j is shown as typed, escaped", (text) => {
    const shown = userMention(text);
    expect(shown).toBe(escapeMrkdwn(text));
    expect(shown).not.toContain("<");
    expect(shown).not.toContain(">");
  });

  it("still mentions a well-formed id", () => {
    expect(userMention("U012ABC")).toBe("<@U012ABC>");
    expect(userMention("W012ABC")).toBe("<@W012ABC>");
  });

  it("a progress card ordered by an id-like string pings no one", () => {
    const card = progressMessage({
      draftId: "d1",
      topic: "Sleep",
      platform: "telegram",
      orderedBy: "U012ABC> <!channel",
      language: "en",
      stages: [{ stage: "style", state: "running" }],
    });
    const text = JSON.stringify(card);
    expect(text).not.toContain("<!channel");
    expect(text).not.toContain("<@");
    expect(text).toContain("U012ABC&gt; &lt;!channel");
  });
});
