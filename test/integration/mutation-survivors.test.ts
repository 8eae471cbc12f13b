/**
 * Behaviours that `npm run mutate -- --sample 20` found unchecked in the queues (each test
 * fails on the planted bug named in its title).
 */
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import { db, draftIn, silenceLogs } from "../helpers";
import { runPublish, setPublication, TELEGRAM } from "../publish-helpers";
import { fakes } from "../slack-helpers";

describe("a publish job re-delivered after the post went live", () => {
  it("finishes a draft left publishing (the Worker died right after posting) without posting again", async () => {
    silenceLogs();
    const draft = await draftIn("publishing");
    await setPublication(draft.id, { status: "published", externalId: "42" });
    await runPublish(
      { type: "publish", draftId: draft.id, requestId: "r", platform: "telegram" },
      { env: TELEGRAM },
    );
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
    expect(await fakes().requests("telegram")).toEqual([]);
  });
});
