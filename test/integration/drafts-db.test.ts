import { describe, expect, it } from "vitest";
import {
  addDraftVersion,
  getCurrentText,
  getDraft,
  listDraftsForPhysician,
  transitionDraft,
} from "../../src/db/drafts";
import { InvalidTransitionError } from "../../src/lib/errors";
import { db, seedDraft, seedPhysician } from "../helpers";

describe("drafts in D1", () => {
  it("creates a physician once per Slack user", async () => {
    const a = await seedPhysician("U1");
    const again = await seedPhysician("U1");
    const other = await seedPhysician("U1", "T_OTHER");
    expect(again.id).toBe(a.id);
    expect(other.id).not.toBe(a.id);
  });

  it("changes status only from the expected previous status (compare-and-set)", async () => {
    const draft = await seedDraft(await seedPhysician());
    expect(await transitionDraft(db(), draft.id, "queued", "generating")).toBe(true);
    // A second worker that still believes the draft is queued loses the race.
    expect(await transitionDraft(db(), draft.id, "queued", "generating")).toBe(false);
    expect((await getDraft(db(), draft.id))?.status).toBe("generating");
  });

  it("throws on a transition the lifecycle forbids, without writing", async () => {
    const draft = await seedDraft(await seedPhysician());
    await expect(transitionDraft(db(), draft.id, "queued", "published")).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    expect((await getDraft(db(), draft.id))?.status).toBe("queued");
  });

  it("keeps every text version and points the draft at the newest", async () => {
    const draft = await seedDraft(await seedPhysician());
    expect(await addDraftVersion(db(), draft.id, "first text", "generated")).toBe(1);
    expect(await addDraftVersion(db(), draft.id, "edited text", "edited", { createdBy: "U1" })).toBe(2);
    const current = await getDraft(db(), draft.id);
    expect(current?.currentVersion).toBe(2);
    expect(current && (await getCurrentText(db(), current))).toBe("edited text");
  });

  it("lists only the physician's own drafts, newest first", async () => {
    const mine = await seedPhysician("U_MINE");
    const theirs = await seedPhysician("U_THEIRS");
    const older = await seedDraft(mine);
    await seedDraft(theirs);
    const newer = await seedDraft(mine);
    await db()
      .$client.prepare("UPDATE drafts SET created_at = created_at - 1000 WHERE id = ?")
      .bind(older.id)
      .run();
    const list = await listDraftsForPhysician(db(), mine.id, { limit: 10, offset: 0 });
    expect(list.map((d) => d.id)).toEqual([newer.id, older.id]);
  });
});
