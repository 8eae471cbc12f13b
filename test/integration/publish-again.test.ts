/**
 * Publish pressed on a draft that is already out (an old card, a second click) says so,
 * instead of "Already on it: this request was received".
 */
import { describe, expect, it } from "vitest";
import { draftIn, silenceLogs } from "../helpers";
import { blockAction, bodyOf, fakes, slackPost } from "../slack-helpers";

describe("Publish on a published draft", () => {
  it("answers that it is already published, and queues nothing", async () => {
    silenceLogs();
    const draft = await draftIn("published");
    const { queued } = await slackPost("/slack/interactions", blockAction("draft_publish", draft.id));
    expect(queued.publish).toEqual([]);
    const replies = (await fakes().requests("slack", "/response/act")).map((r) => String(bodyOf(r).text));
    expect(replies).toContainEqual(expect.stringContaining("already published"));
    expect(replies.join(" ")).not.toContain("Already on it");
  });
});
