/**
 * The news of a failed publish belongs to that attempt: once the physician schedules the
 * draft again (or cancels the schedule), the card and App Home stop saying "not published".
 * A note on the text itself (an edit) stays.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import type { Draft } from "../../src/db/schema";
import { reason } from "../../src/db/status-reasons";
import { createServices } from "../../src/services";
import { cancelSchedule, schedule } from "../../src/slack/handlers/draft-actions";
import { db, draftIn } from "../helpers";

const LATER = () => Date.now() + 86_400_000;

describe("publish problems and the schedule", () => {
  it("scheduling a refused draft clears the refusal; cancelling keeps it cleared", async () => {
    const draft = await draftIn("ready");
    await env.DB.prepare("UPDATE drafts SET status_reason = ? WHERE id = ?")
      .bind(reason("publish_refused", "telegram:credentials:0/1"), draft.id)
      .run();
    const refused = await getDraft(db(), draft.id);
    expect(await schedule(createServices(env), refused as Draft, LATER())).toEqual({ kind: "ok" });
    const scheduled = await getDraft(db(), draft.id);
    expect(scheduled).toMatchObject({ status: "scheduled", statusReason: null });
    expect(await cancelSchedule(createServices(env), scheduled as Draft)).toEqual({ kind: "ok" });
    expect(await getDraft(db(), draft.id)).toMatchObject({ status: "ready", statusReason: null });
  });

  it("a missed schedule handed back, then cancelled from a scheduled state, says nothing stale", async () => {
    const draft = await draftIn("scheduled");
    await env.DB.prepare("UPDATE drafts SET status_reason = ?, scheduled_at = ? WHERE id = ?")
      .bind(reason("scheduled_missed", 180), LATER(), draft.id)
      .run();
    expect(await cancelSchedule(createServices(env), (await getDraft(db(), draft.id)) as Draft)).toEqual({
      kind: "ok",
    });
    expect((await getDraft(db(), draft.id))?.statusReason).toBeNull();
  });

  it("an edit's note stays through scheduling", async () => {
    const draft = await draftIn("ready");
    await env.DB.prepare("UPDATE drafts SET status_reason = ? WHERE id = ?")
      .bind(reason("edited"), draft.id)
      .run();
    await schedule(createServices(env), (await getDraft(db(), draft.id)) as Draft, LATER());
    expect((await getDraft(db(), draft.id))?.statusReason).toBe(reason("edited"));
  });
});
