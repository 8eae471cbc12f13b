/**
 * Quick edits, end to end on the Workers runtime: chosen on the card, the draft is queued
 * with the edit it should get, the generation consumer rewrites (offline: mechanically;
 * with keys: through the language model) and re-checks it, and the result is a new version
 * that the previous ones stay restorable beside.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getCurrentText, getDraft } from "../../src/db/drafts";
import type { Draft } from "../../src/db/schema";
import { LLM_KEYS, runGenerate, toolUse } from "../generation-helpers";
import { db, draftIn, silenceLogs } from "../helpers";
import { addClaim } from "../publish-helpers";
import { bodyOf, fakes, interactionBody, slackCalls, slackPost, TEAM } from "../slack-helpers";

const TEXT = [
  "Patients often ask me whether a nightcap helps them sleep.",
  "",
  "Alcohol shortens the time to fall asleep [1]. It fragments the second half of the night [1]. Two drinks halve deep sleep. REM sleep is suppressed early in the night [1]. The effect grows with the dose [1].",
  "",
  "Try a week without the evening drink and watch how you wake.",
].join("\n");

function choose(value: string): string {
  return interactionBody({
    type: "block_actions",
    user: { id: "U_DOC1", team_id: TEAM },
    team: { id: TEAM },
    trigger_id: `trig-${crypto.randomUUID()}`,
    response_url: `${env.FAKES_URL}/slack/response/act`,
    container: { type: "message", message_ts: "1.1", channel_id: "C_GENERAL" },
    actions: [
      {
        action_id: "draft_quick_edit",
        block_id: "draft_actions",
        type: "static_select",
        selected_option: { value },
      },
    ],
  });
}

async function ready(status: "ready" | "needs_review" = "ready"): Promise<Draft> {
  return draftIn(status, { text: TEXT });
}

describe("quick edits", () => {
  it("offline Shorter: queued with the edit, rewritten mechanically, a new version, the old one kept", async () => {
    silenceLogs();
    const draft = await ready();
    const { queued } = await slackPost("/slack/interactions", choose(`shorter:${draft.id}`));
    expect(queued.generate).toEqual([expect.objectContaining({ draftId: draft.id })]);
    expect(await getDraft(db(), draft.id)).toMatchObject({ status: "queued", pendingRewrite: "shorter" });

    await runGenerate(draft.id, { reason: "regenerate" });
    const after = (await getDraft(db(), draft.id)) as Draft;
    // Re-checked like any draft: its [1] markers name no stored evidence, so it goes to review.
    expect(after).toMatchObject({ status: "needs_review", currentVersion: 2, pendingRewrite: null });
    const checked = await env.DB.prepare(
      "SELECT count(*) AS n FROM claims WHERE draft_id = ? AND version = 2",
    )
      .bind(draft.id)
      .first<{ n: number }>();
    expect(checked?.n).toBeGreaterThan(0);
    const text = (await getCurrentText(db(), after)) ?? "";
    expect(text.length).toBeLessThan(TEXT.length);
    expect(text.startsWith("Patients often ask me")).toBe(true);
    const versions = await env.DB.prepare(
      "SELECT version, source FROM draft_versions WHERE draft_id = ? ORDER BY version",
    )
      .bind(draft.id)
      .all();
    expect(versions.results).toEqual([
      { version: 1, source: "generated" },
      { version: 2, source: "rewritten" },
    ]);
    // The progress message said what was being done.
    const messages = (await slackCalls("chat.update")).map((r) => JSON.stringify(bodyOf(r).blocks));
    const progress = messages.find((m) => m.includes("progress_stages")) ?? "";
    expect(progress).toContain("Quick edit: shorter");
    expect(progress).not.toContain("Matching your voice");
  });

  it("offline Drop the flagged claims: the flagged sentence is gone and the draft is re-checked", async () => {
    silenceLogs();
    const draft = await ready("needs_review");
    await env.DB.prepare(
      "INSERT INTO claims (draft_id, version, ordinal, text, verdict) VALUES (?, 1, 1, 'Two drinks halve deep sleep', 'unsupported')",
    )
      .bind(draft.id)
      .run();
    await slackPost("/slack/interactions", choose(`drop_flagged:${draft.id}`));
    await runGenerate(draft.id, { reason: "regenerate" });
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect(after.currentVersion).toBe(2);
    expect(await getCurrentText(db(), after)).toBe(TEXT.replace(" Two drinks halve deep sleep.", ""));
  });

  it("with a model: Translate asks the model for Ukrainian and checks the answer against the same evidence", async () => {
    silenceLogs();
    const draft = await ready();
    await fakes().queueAnthropic([
      {
        text: "Пацієнти часто питають мене, чи допомагає келих на ніч заснути. Алкоголь скорочує час засинання [1].",
      },
      toolUse("claim_check", { claims: [] }),
    ]);
    const click = await slackPost("/slack/interactions", choose(`translate:${draft.id}`), {
      envOverrides: LLM_KEYS,
    });
    expect(click.queued.generate).toHaveLength(1);
    const result = await runGenerate(draft.id, { env: LLM_KEYS, reason: "regenerate" });
    const after = (await getDraft(db(), draft.id)) as Draft;
    expect({ status: after.status, reason: after.statusReason, acks: result.explicitAcks }).toMatchObject({
      acks: ["gen-1"],
    });
    expect(after.currentVersion).toBe(2);
    expect(await getCurrentText(db(), after)).toContain("Алкоголь скорочує час засинання [1].");
    const [request] = await fakes().requests("anthropic");
    const body = JSON.stringify(bodyOf(request));
    expect(body).toContain("Translate the draft into Ukrainian");
    expect(body).toContain("Write in Ukrainian.");
    expect(body).toContain("Patients often ask me whether a nightcap helps them sleep.");
  });

  it("without a model, the kinds that need one are refused in plain words; nothing is queued", async () => {
    silenceLogs();
    const draft = await ready();
    const { queued } = await slackPost("/slack/interactions", choose(`simpler:${draft.id}`));
    expect(queued.generate).toEqual([]);
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
    const replies = await fakes().requests("slack", "/response/act");
    expect(replies.map((r) => String(bodyOf(r).text))).toContainEqual(
      expect.stringContaining("needs the language model"),
    );
  });

  it("offline Shorter on a text that is already short says so and queues nothing", async () => {
    silenceLogs();
    const draft = await draftIn("ready", { text: "Caffeine lingers. Move the last cup." });
    const { queued } = await slackPost("/slack/interactions", choose(`shorter:${draft.id}`));
    expect(queued.generate).toEqual([]);
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
    const replies = await fakes().requests("slack", "/response/act");
    expect(replies.map((r) => String(bodyOf(r).text))).toContainEqual(
      expect.stringContaining("nothing more I can cut"),
    );
  });

  it("refuses a drop with nothing flagged, a quick edit while publishing, and a value it never sent", async () => {
    silenceLogs();
    const draft = await ready();
    await addClaim(draft, "supported");
    const dropped = await slackPost("/slack/interactions", choose(`drop_flagged:${draft.id}`));
    expect(dropped.queued.generate).toEqual([]);
    await env.DB.prepare("UPDATE drafts SET status = 'publishing' WHERE id = ?").bind(draft.id).run();
    const publishing = await slackPost("/slack/interactions", choose(`shorter:${draft.id}`));
    expect(publishing.queued.generate).toEqual([]);
    const forged = await slackPost("/slack/interactions", choose(`explode:${draft.id}`));
    expect(forged.queued.generate).toEqual([]);
    expect((await getDraft(db(), draft.id))?.pendingRewrite).toBeNull();
  });

  it("Regenerate after a quick edit was asked drafts anew (the pending edit is dropped)", async () => {
    silenceLogs();
    const draft = await ready();
    await env.DB.prepare("UPDATE drafts SET pending_rewrite = 'shorter' WHERE id = ?").bind(draft.id).run();
    await slackPost(
      "/slack/interactions",
      interactionBody({
        type: "block_actions",
        user: { id: "U_DOC1", team_id: TEAM },
        team: { id: TEAM },
        trigger_id: "trig-regen",
        container: { type: "message", message_ts: "1.1", channel_id: "C_GENERAL" },
        actions: [{ action_id: "draft_regenerate", block_id: "b", type: "button", value: draft.id }],
      }),
    );
    expect(await getDraft(db(), draft.id)).toMatchObject({ status: "queued", pendingRewrite: null });
  });
});
