/**
 * The per-physician limits on card buttons: Publish counts against the publish limit and
 * Regenerate against the drafting limit; over the limit the physician is told to wait and
 * nothing is queued or changed.
 */
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import type { DraftStatus } from "../../src/db/schema";
import { db, draftIn, seedPhysician } from "../helpers";
import { blockAction, bodyOf, fakes, slackPost } from "../slack-helpers";

const ONE_A_MINUTE = { envOverrides: { PUBLISHES_PER_MINUTE: "1", DRAFTS_PER_MINUTE: "1" } };

async function twoDrafts(status: DraftStatus) {
  const physician = await seedPhysician("U_DOC1");
  const text = "Caffeine six hours before bed still costs sleep. Try a 2 pm cut-off this week.";
  return [await draftIn(status, { physician, text }), await draftIn(status, { physician, text })] as const;
}

async function ephemerals(): Promise<string> {
  return (await fakes().requests("slack", "/response/")).map((r) => String(bodyOf(r).text ?? "")).join(" ");
}

describe("limits on card buttons", () => {
  it("refuses a publish over the physician's publish limit and queues nothing", async () => {
    const [first, second] = await twoDrafts("ready");
    const a = await slackPost("/slack/interactions", blockAction("draft_publish", first.id), ONE_A_MINUTE);
    expect(a.queued.publish).toHaveLength(1);

    const b = await slackPost("/slack/interactions", blockAction("draft_publish", second.id), ONE_A_MINUTE);
    expect(b.res.status).toBe(200);
    expect(b.queued.publish).toEqual([]);
    expect((await getDraft(db(), second.id))?.status).toBe("ready");
    expect(await ephemerals()).toMatch(/try again in/i);
  });

  it("refuses a regenerate over the physician's drafting limit and queues nothing", async () => {
    const [first, second] = await twoDrafts("ready");
    const a = await slackPost("/slack/interactions", blockAction("draft_regenerate", first.id), ONE_A_MINUTE);
    expect(a.queued.generate).toHaveLength(1);

    const b = await slackPost(
      "/slack/interactions",
      blockAction("draft_regenerate", second.id),
      ONE_A_MINUTE,
    );
    expect(b.queued.generate).toEqual([]);
    expect((await getDraft(db(), second.id))?.status).toBe("ready");
    expect(await ephemerals()).toMatch(/try again in/i);
  });
});
