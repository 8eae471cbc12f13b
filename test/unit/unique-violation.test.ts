/**
 * Which refused writes mean "already done": only the unique index the caller names, and
 * the whole of its column list.
 */
import { describe, expect, it } from "vitest";
import { isUniqueViolation, REQUEST_KEY } from "../../src/db/slack-requests";

const d1Error = (message: string, cause?: string) =>
  new Error(`D1_ERROR: ${message}`, cause ? { cause: new Error(cause) } : undefined);

describe("isUniqueViolation", () => {
  it("recognises the named index, as D1 words it or as bare SQLite text, in the message or its cause", () => {
    expect(
      isUniqueViolation(
        d1Error("UNIQUE constraint failed: slack_requests.key: SQLITE_CONSTRAINT"),
        REQUEST_KEY,
      ),
    ).toBe(true);
    expect(isUniqueViolation(new Error("UNIQUE constraint failed: slack_requests.key"), REQUEST_KEY)).toBe(
      true,
    );
    expect(isUniqueViolation("UNIQUE constraint failed: slack_requests.key", REQUEST_KEY)).toBe(true);
    expect(
      isUniqueViolation(
        new Error("D1_ERROR", { cause: new Error("UNIQUE constraint failed: slack_requests.key") }),
        REQUEST_KEY,
      ),
    ).toBe(true);
    const composite =
      "UNIQUE constraint failed: draft_versions.draft_id, draft_versions.version: SQLITE_CONSTRAINT";
    expect(isUniqueViolation(d1Error(composite), "draft_versions.draft_id, draft_versions.version")).toBe(
      true,
    );
  });

  it("refuses every other constraint, another index, and a longer column list", () => {
    for (const message of [
      "FOREIGN KEY constraint failed: SQLITE_CONSTRAINT",
      "NOT NULL constraint failed: slack_requests.kind: SQLITE_CONSTRAINT",
      "UNIQUE constraint failed: physicians.slack_team_id, physicians.slack_user_id: SQLITE_CONSTRAINT",
      "UNIQUE constraint failed: slack_requests.key_hash: SQLITE_CONSTRAINT",
      "Network connection lost.",
    ])
      expect(isUniqueViolation(d1Error(message), REQUEST_KEY), message).toBe(false);
    // One column of a composite index is not the index.
    const composite = "UNIQUE constraint failed: draft_versions.draft_id, draft_versions.version";
    expect(isUniqueViolation(d1Error(composite), "draft_versions.draft_id")).toBe(false);
    expect(isUniqueViolation(undefined, REQUEST_KEY)).toBe(false);
  });
});
