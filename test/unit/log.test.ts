import { DrizzleQueryError } from "drizzle-orm/errors";
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorMessage, Logger, redact } from "../../src/lib/log";

afterEach(() => vi.restoreAllMocks());

describe("Logger", () => {
  it("writes one JSON line per event with the bound fields", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    new Logger({ request_id: "r1" })
      .child({ draft_id: "d1" })
      .info("stage", { stage: "style_match", duration_ms: 12 });
    const line = JSON.parse(String(out.mock.calls[0]?.[0]));
    expect(line).toMatchObject({
      level: "info",
      event: "stage",
      request_id: "r1",
      draft_id: "d1",
      stage: "style_match",
      duration_ms: 12,
    });
  });

  it("drops lines below the configured level", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    new Logger({}, "warn").info("ignored");
    expect(out).not.toHaveBeenCalled();
  });

  it("redacts anything shaped like a credential", () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    new Logger().error("boom", {
      error: "call failed: Authorization: Bearer abc.def token=xoxb-123-456 url=/bot123:AAbb/sendMessage",
    });
    const text = String(err.mock.calls[0]?.[0]);
    expect(text).not.toMatch(/abc\.def|xoxb-123|123:AAbb/);
    expect(redact("key sk-ant-api03-abcdefgh")).toBe("key [redacted]");
  });

  it("describes errors without stacks", () => {
    expect(errorMessage(new TypeError("bad thing"))).toBe("TypeError: bad thing");
    expect(errorMessage("x".repeat(900))).toHaveLength(500);
  });

  it("gives D1's reason for a failed statement, never the values bound to it", () => {
    const cause = new Error("D1_ERROR: disk I/O error: SQLITE_IOERR");
    const failed = new DrizzleQueryError(
      'update "draft_versions" set "voice_score" = ?, "voice_reasons" = ? where "draft_versions"."draft_id" = ?',
      [41, "[]", "d-1", "My patient, Mrs K., was admitted on Monday"],
      cause,
    );
    const text = errorMessage(failed);
    expect(text).toBe(
      'Error: D1_ERROR: disk I/O error: SQLITE_IOERR (in: update "draft_versions" set "voice_score" = ?, "voice_reasons" = ? where "draft_)',
    );
    expect(text).not.toContain("Mrs K");
  });
});
