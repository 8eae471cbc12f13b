import { describe, expect, it } from "vitest";
import { parseReason, REASON_CODES, reason } from "../../src/db/status-reasons";
import { reasonText } from "../../src/slack/card-model";

describe("status reasons", () => {
  it("round-trips codes with and without detail", () => {
    expect(parseReason(reason("edited"))).toEqual({ code: "edited" });
    expect(parseReason(reason("publish_refused", "X said 403 | duplicate"))).toEqual({
      code: "publish_refused",
      detail: "X said 403 | duplicate",
    });
    expect(parseReason("free text from an older row")).toEqual({ text: "free text from an older row" });
    expect(parseReason("reason:unknown_code")).toEqual({ text: "reason:unknown_code" });
  });

  it("renders every code in the physician's language", () => {
    for (const code of REASON_CODES) {
      const en = reasonText(reason(code, "3"), "en");
      const uk = reasonText(reason(code, "3"), "uk");
      expect(en, code).toBeTruthy();
      expect(uk, code).toMatch(/\p{Script=Cyrillic}/u);
    }
    expect(reasonText(reason("claims_need_review", 2), "en")).toBe("2 claim(s) need your review.");
    expect(reasonText(null, "en")).toBeNull();
  });
});
