/**
 * The publishing questions and waits, as the physician reads them (English and Ukrainian),
 * and the account link offered to check a post that could not be confirmed.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config";
import { reason } from "../../src/db/status-reasons";
import { accountUrl } from "../../src/publishers";
import { reasonText } from "../../src/slack/card-model";

describe("publishing reasons", () => {
  it("an unconfirmed part names the part and links the account when there is one", () => {
    const url = "https://x.com/intent/user?user_id=42";
    expect(reasonText(reason("publish_uncertain", `2/3 ${url}`), "en")).toBe(
      `I could not confirm that part 2 of 3 went out. <${url}|Check the account>, then tell me below.`,
    );
    expect(reasonText(reason("publish_uncertain", "1/1"), "en")).toBe(
      "I could not confirm that part 1 of 1 went out. Check the account, then tell me below.",
    );
    expect(reasonText(reason("publish_uncertain", "2/3"), "uk")).toMatch(
      /^Я не зміг підтвердити, що частина 2 з 3/,
    );
  });

  it("a delay names the limit in the physician's language; an unknown code is shown escaped", () => {
    expect(reasonText(reason("publish_delayed", "x_daily"), "en")).toBe(
      "Waiting for X's daily posting limit.",
    );
    expect(reasonText(reason("publish_delayed", "threads_quota"), "uk")).toBe(
      "Чекаю на скидання добового ліміту Threads.",
    );
    expect(reasonText(reason("publish_delayed", "<odd>"), "en")).toBe("Waiting for &lt;odd&gt;.");
  });

  it("a missed scheduled post says how late it was, in hours", () => {
    expect(reasonText(reason("scheduled_missed", 425), "en")).toMatch(/due 7 h ago/);
    expect(reasonText(reason("scheduled_missed", 425), "uk")).toMatch(/7 год тому/);
  });
});

describe("accountUrl", () => {
  const X = { X_API_KEY: "k", X_API_SECRET: "s", X_ACCESS_SECRET: "as" };
  const config = (vars: Record<string, string>) => parseConfig({ ENVIRONMENT: "test", ...vars });

  it("links X by the user id the access token starts with, else nothing", () => {
    expect(accountUrl("x", config({ ...X, X_ACCESS_TOKEN: "1700000000000000001-abc" }))).toBe(
      "https://x.com/intent/user?user_id=1700000000000000001",
    );
    expect(accountUrl("x", config({ ...X, X_ACCESS_TOKEN: "opaque" }))).toBeNull();
  });

  it("links a public Telegram channel by name and a private one by id; a basic group not at all", () => {
    expect(accountUrl("telegram", config({ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_CHAT_ID: "@sleepdoc" }))).toBe(
      "https://t.me/sleepdoc",
    );
    expect(
      accountUrl("telegram", config({ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_CHAT_ID: "-1001234567890" })),
    ).toBe("https://t.me/c/1234567890");
    expect(
      accountUrl("telegram", config({ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_CHAT_ID: "-4567" })),
    ).toBeNull();
  });
});
