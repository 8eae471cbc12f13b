import { describe, expect, it } from "vitest";
import { assertTransition, canTransition, statusAfterTextChange } from "../../src/db/lifecycle";
import { DRAFT_STATUSES } from "../../src/db/schema";
import { InvalidTransitionError } from "../../src/lib/errors";

describe("draft lifecycle", () => {
  it("follows the happy path from queued to published", () => {
    const path = ["queued", "generating", "ready", "scheduled", "publishing", "published"] as const;
    for (let i = 1; i < path.length; i++) {
      const from = path[i - 1];
      const to = path[i];
      if (from && to) expect(canTransition(from, to)).toBe(true);
    }
  });

  it("never leaves published or rejected", () => {
    for (const to of DRAFT_STATUSES) {
      expect(canTransition("published", to)).toBe(false);
      expect(canTransition("rejected", to)).toBe(false);
    }
  });

  it("refuses to publish a draft that was never generated", () => {
    expect(() => assertTransition("queued", "publishing")).toThrow(InvalidTransitionError);
    expect(() => assertTransition("failed", "publishing")).toThrow(
      "draft cannot go from failed to publishing",
    );
  });

  it("lets a failed draft be retried", () => {
    expect(canTransition("failed", "queued")).toBe(true);
  });

  it("keeps a time only for a draft that is scheduled: an edited ready draft stays ready", () => {
    const now = 1_000_000;
    const later = now + 60 * 60_000;
    expect(statusAfterTextChange({ status: "ready", scheduledAt: later }, 0, now)).toEqual({
      status: "ready",
      scheduledAt: null,
    });
    expect(statusAfterTextChange({ status: "scheduled", scheduledAt: later }, 0, now)).toEqual({
      status: "scheduled",
      scheduledAt: later,
    });
  });

  it("keeps a schedule only when it is more than a minute ahead, and never with flagged claims", () => {
    const now = 1_000_000;
    const scheduled = (at: number) => ({ status: "scheduled" as const, scheduledAt: at });
    expect(statusAfterTextChange(scheduled(now + 60_001), 0, now)).toEqual({
      status: "scheduled",
      scheduledAt: now + 60_001,
    });
    // A minute or less away: the next cron tick could be publishing it; it goes back to ready.
    expect(statusAfterTextChange(scheduled(now + 60_000), 0, now)).toEqual({
      status: "ready",
      scheduledAt: null,
    });
    expect(statusAfterTextChange(scheduled(now + 60 * 60_000), 2, now)).toEqual({
      status: "needs_review",
      scheduledAt: null,
    });
  });
});
