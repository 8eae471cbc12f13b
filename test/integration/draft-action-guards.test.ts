/**
 * The guards inside the draft actions themselves, not only in the buttons that call them:
 * scheduling passes the review gate, a published draft cannot be edited, and two edits
 * racing for the same version end as one edit and an "already".
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import type { Draft } from "../../src/db/schema";
import { createServices } from "../../src/services";
import {
  reject,
  requeueGeneration,
  saveEdit,
  schedule,
  softDelete,
} from "../../src/slack/handlers/draft-actions";
import { db } from "../helpers";
import { addClaim, draftIn } from "../publish-helpers";

const IN_AN_HOUR = () => Date.now() + 3_600_000;

async function versions(draftId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM draft_versions WHERE draft_id = ?")
    .bind(draftId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Whose limiter the actions ask (the draft's owner, as the handlers pass it). */
const OWNER = { slackTeamId: "T_GUARDS", slackUserId: "U_GUARDS" };

describe("schedule", () => {
  it("asks for the review first when an unresolved claim was not confirmed, and schedules nothing", async () => {
    const draft = await draftIn("needs_review");
    await addClaim(draft, "unsupported");
    expect(await schedule(createServices(env), draft, IN_AN_HOUR())).toEqual({ kind: "needs_review" });
    expect(await getDraft(db(), draft.id)).toMatchObject({ status: "needs_review", scheduledAt: null });
  });
});

describe("saveEdit", () => {
  it("answers 'not found' for a draft deleted after it was read", async () => {
    const draft = await draftIn("ready");
    await env.DB.prepare("UPDATE drafts SET deleted_at = ? WHERE id = ?").bind(Date.now(), draft.id).run();
    const outcome = await saveEdit(createServices(env), draft, {
      text: "Late words.",
      platform: "telegram",
      editedBy: "U_DOC1",
    });
    expect(outcome).toEqual({ kind: "not_found" });
    expect(await versions(draft.id)).toBe(1);
  });

  it("refuses to edit a published draft and writes nothing", async () => {
    const draft = await draftIn("published");
    const outcome = await saveEdit(createServices(env), draft, {
      text: "New words.",
      platform: "telegram",
      editedBy: "U_DOC1",
    });
    expect(outcome).toEqual({ kind: "invalid_state", status: "published" });
    expect((await getDraft(db(), draft.id))?.status).toBe("published");
    expect(await versions(draft.id)).toBe(1);
  });

  it("ends two edits racing for the same version as one edit and an 'already'", async () => {
    const draft = (await draftIn("ready")) as Draft;
    const services = createServices(env);
    const edit = (text: string) =>
      saveEdit(services, draft, { text, platform: "telegram", editedBy: "U_DOC1" });

    const outcomes = await Promise.all([edit("First edit."), edit("Second edit.")]);

    expect(outcomes.map((o) => o.kind).sort()).toEqual(["already", "ok"]);
    expect(await versions(draft.id)).toBe(2);
  });
});

describe("requeueGeneration", () => {
  it("answers 'already' for a draft that is queued or being generated", async () => {
    for (const status of ["queued", "generating"] as const) {
      const draft = await draftIn(status);
      expect(
        await requeueGeneration(createServices(env), draft, OWNER, "regenerate", `req-${status}`),
      ).toEqual({
        kind: "already",
      });
    }
  });
});

describe("requeueGeneration with a queue that refuses", () => {
  it("lets the caller hear of it and marks the draft as not queued", async () => {
    const draft = await draftIn("ready");
    const refusing = {
      send: async () => {
        throw new Error("Queue send failed");
      },
    } as unknown as Queue;
    const services = createServices({ ...env, GENERATE_QUEUE: refusing });
    await expect(requeueGeneration(services, draft, OWNER, "regenerate", "req-1")).rejects.toThrow(
      "Queue send failed",
    );
    expect((await getDraft(db(), draft.id))?.status).toBe("failed");
  });
});

describe("reject", () => {
  it("answers 'already' for a rejected draft and refuses a published one", async () => {
    const services = createServices(env);
    expect(await reject(services, await draftIn("rejected"))).toEqual({ kind: "already" });
    const published = await draftIn("published");
    expect(await reject(services, published)).toEqual({ kind: "invalid_state", status: "published" });
    expect((await getDraft(db(), published.id))?.status).toBe("published");
  });
});

describe("softDelete", () => {
  it("answers 'already' for a draft deleted in the meantime", async () => {
    const draft = await draftIn("ready");
    await env.DB.prepare("UPDATE drafts SET deleted_at = ? WHERE id = ?").bind(Date.now(), draft.id).run();
    expect(await softDelete(createServices(env), draft)).toEqual({ kind: "already" });
  });
});
