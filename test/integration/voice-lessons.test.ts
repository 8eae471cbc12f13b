/**
 * Edits become lessons (issue 17, point 2), and every card carries a voice score (point 3).
 * A published edit is kept as a pair; the cron task derives preferences from it (the rules
 * offline, and the model's reading when one is configured); the physician sees and deletes
 * them in App Home; the next draft's prompt carries them, and the offline drafter applies
 * them. The card shows "Voice NN/100" with what is furthest from the physician's posts.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDraftVersion, getCurrentText, getDraft } from "../../src/db/drafts";
import type { Draft, Physician } from "../../src/db/schema";
import { createServices } from "../../src/services";
import { deriveVoiceLessons } from "../../src/voice/lessons";
import { interceptD1 } from "../d1-faults";
import {
  indexStylePosts,
  LLM_KEYS,
  llmRequests,
  queuedDraft,
  runGenerate,
  scriptAnthropicGeneration,
  seedKnowledge,
  toolUse,
} from "../generation-helpers";
import { captureLogs, db, draftIn, seedPhysician, silenceLogs } from "../helpers";
import { publishJob, runCron, runPublish, TELEGRAM } from "../publish-helpers";
import {
  blockAction,
  bodyOf,
  fakes,
  openHome,
  plain,
  select,
  slackCalls,
  slackPost,
  viewSubmission,
} from "../slack-helpers";

const GENERATED =
  "Patients often ask me about caffeine and sleep. It is important to note that caffeine lingers for about five hours. Patients who stop coffee after lunch often sleep better!";
const PUBLISHED =
  "People often ask me about caffeine and sleep. Caffeine lingers for about five hours. People who stop coffee after lunch often sleep better.";

const OWN_POSTS = [
  "A patient asked me yesterday why her coffee at four keeps her awake at midnight. Caffeine lingers. Move your last cup to lunch for one week.",
  "Sleep is not a reward for finishing work. It is part of the work. Tonight, set an alarm to start winding down.",
  "Worry loves the dark. Write tomorrow's list before bed, close the notebook, and let it hold the list for you.",
  "People ask whether a nightcap helps. It helps you fall asleep and then breaks the second half of the night. Try a dry week and compare.",
  "Your phone is not the problem at nine. It is the problem at one. Charge it outside the bedroom this week.",
];

async function publishEdited(physician: Physician): Promise<Draft> {
  const draft = await draftIn("publishing", { physician, text: GENERATED });
  await addDraftVersion(db(), draft.id, PUBLISHED, "edited");
  const current = (await getDraft(db(), draft.id)) as Draft;
  await runPublish(publishJob(current), { env: TELEGRAM });
  return current;
}

async function preferences(physicianId: string) {
  const rows = await env.DB.prepare(
    "SELECT id, kind, data, source, count FROM voice_preferences WHERE physician_id = ? AND dismissed_at IS NULL ORDER BY kind, id",
  )
    .bind(physicianId)
    .all<{ id: number; kind: string; data: string; source: string; count: number }>();
  return rows.results.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, string | number> }));
}

/** A D1 whose first `edit_pairs` update runs only after two reads of `edit_pairs` finished. */
function claimAfterTwoReads(d1: D1Database): D1Database {
  let reads = 0;
  let release = () => {};
  const bothRead = new Promise<void>((resolve) => {
    release = resolve;
  });
  let gated = false;
  const wrap = (
    stmt: D1PreparedStatement,
    before: () => Promise<void>,
    after: () => void,
  ): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop);
        if (typeof value !== "function") return value;
        if (prop === "bind") return (...args: unknown[]) => wrap(target.bind(...args), before, after);
        return async (...args: unknown[]) => {
          await before();
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          after();
          return result;
        };
      },
    });
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare")
        return (query: string) => {
          const stmt = target.prepare(query);
          if (/^select .* from "edit_pairs"/is.test(query))
            return wrap(
              stmt,
              async () => {},
              () => {
                if (++reads === 2) release();
              },
            );
          if (/^update "edit_pairs"/i.test(query) && !gated) {
            gated = true;
            return wrap(
              stmt,
              () => bothRead,
              () => {},
            );
          }
          return stmt;
        };
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The user message of the last drafting request sent to Anthropic. */
async function lastDraftingPrompt(): Promise<string> {
  const requests = await llmRequests("anthropic");
  const drafting = requests.filter((r) => JSON.stringify(bodyOf(r)).includes("You ghost-write"));
  const body = bodyOf(drafting.at(-1)) as { messages: { content: string }[] };
  return body.messages.map((m) => m.content).join("\n");
}

describe("edits become lessons", () => {
  it("offline: the rules' preferences reach App Home and the next draft, and Delete removes one", async () => {
    silenceLogs();
    const physician = await seedPhysician();
    await seedKnowledge(physician, OWN_POSTS);
    await publishEdited(physician);
    expect(await preferences(physician.id)).toEqual([]); // learned by the cron task, not inline

    await runCron();
    const learned = await preferences(physician.id);
    expect(learned.map((p) => p.kind)).toEqual(["avoid", "no_exclamations", "replace"]);
    expect(learned.every((p) => p.source === "rules")).toBe(true);
    expect(learned.find((p) => p.kind === "replace")?.data).toMatchObject({ from: "patients", to: "people" });
    expect(String(learned.find((p) => p.kind === "avoid")?.data.phrase)).toMatch(/^it is important to note/i);
    const edit = await env.DB.prepare("SELECT lessons_at FROM edit_pairs").first<{ lessons_at: number }>();
    expect(edit?.lessons_at).toBeGreaterThan(0);

    // Learned once: another run finds nothing to do.
    await runCron();
    expect((await preferences(physician.id)).map((p) => p.count)).toEqual([1, 1, 1]);

    const view = await openHome("U_DOC1");
    expect(view).toContain("What your edits taught");
    expect(view).toContain("You write “people”, not “patients”");
    expect(view).toContain("No exclamation marks");
    expect(view).toContain('"action_id":"voice_preference_delete"');

    // The offline drafter applies them: no "Patients", no "!".
    const next = await queuedDraft(physician, "Caffeine and sleep");
    await runGenerate(next.id);
    const text = (await getCurrentText(db(), (await getDraft(db(), next.id)) as Draft)) ?? "";
    expect(text).toMatch(/^People often ask me about caffeine and sleep\./);
    expect(text).not.toContain("!");

    const replace = learned.find((p) => p.kind === "replace");
    await slackPost("/slack/interactions", blockAction("voice_preference_delete", String(replace?.id)));
    expect((await preferences(physician.id)).map((p) => p.kind)).toEqual(["avoid", "no_exclamations"]);
    expect(await openHome("U_DOC1")).not.toContain("You write “people”");
    const after = await queuedDraft(physician, "Caffeine and sleep");
    await runGenerate(after.id);
    expect(await getCurrentText(db(), (await getDraft(db(), after.id)) as Draft)).toMatch(
      /^Patients often ask/,
    );

    // Deleted stays deleted: the same edit again teaches the rest, not the deleted one.
    await publishEdited(physician);
    await runCron();
    expect((await preferences(physician.id)).map((p) => [p.kind, p.count])).toEqual([
      ["avoid", 2],
      ["no_exclamations", 2],
    ]);
    expect(await openHome("U_DOC1")).not.toContain("You write “people”");
  });

  it("an edit is learned from once, even when two runs overlap", async () => {
    silenceLogs();
    const physician = await seedPhysician();
    await publishEdited(physician);
    // The first run's claim waits until the second run has read the same unlearned edit.
    const services = createServices({ ...env, DB: claimAfterTwoReads(env.DB) });
    const runs = await Promise.all([deriveVoiceLessons(services, 1), deriveVoiceLessons(services, 2)]);
    // Both runs read the edit; only the one that claimed it learned from it.
    expect(runs.map((r) => r.edits).sort()).toEqual([0, 1]);
    expect((await preferences(physician.id)).map((p) => p.count)).toEqual([1, 1, 1]);
  });

  it("a word learned in one language never reaches a draft in the other", async () => {
    silenceLogs();
    const physician = await seedPhysician();
    await publishEdited(physician);
    await runCron();
    const next = await queuedDraft(physician, "Кава і сон");
    await env.DB.prepare("UPDATE drafts SET language = 'uk' WHERE id = ?").bind(next.id).run();
    await scriptAnthropicGeneration("Кава тримається в крові годинами [1].", undefined, "caffeine sleep");
    await runGenerate(next.id, { env: LLM_KEYS });
    const prompt = await lastDraftingPrompt();
    expect(prompt).toContain("- No exclamation marks.");
    expect(prompt).not.toContain("patients");
  });

  it("another physician cannot delete a preference, and never gets it in their drafts", async () => {
    silenceLogs();
    const anna = await seedPhysician("U_ANNA");
    await seedPhysician("U_BORIS");
    await publishEdited(anna);
    await runCron();
    const [first] = await preferences(anna.id);
    await slackPost(
      "/slack/interactions",
      blockAction("voice_preference_delete", String(first?.id), "U_BORIS"),
    );
    expect(await preferences(anna.id)).toHaveLength(3);
    expect(await openHome("U_BORIS")).not.toContain("You write “people”");
  });

  it("with a model: its reading of the edit is kept too, and the next prompt carries the preferences", async () => {
    silenceLogs();
    const physician = await seedPhysician();
    await seedKnowledge(physician, OWN_POSTS);
    await publishEdited(physician);
    await fakes().queueAnthropic([
      toolUse("voice_preferences", {
        preferences: [{ key: "Opening", text: "Open with what a patient actually said" }],
      }),
    ]);
    await runCron(LLM_KEYS);
    const learned = await preferences(physician.id);
    expect(learned.find((p) => p.kind === "note")).toMatchObject({
      source: "llm",
      data: { text: "Open with what a patient actually said" },
    });
    const [lessonsCall] = await llmRequests("anthropic");
    const asked = JSON.stringify(bodyOf(lessonsCall));
    expect(asked).toContain("<generated>");
    expect(asked).toContain("<published>");

    const next = await queuedDraft(physician, "Caffeine and sleep");
    await scriptAnthropicGeneration("People often ask me about caffeine [1].");
    await runGenerate(next.id, { env: LLM_KEYS });
    const prompt = await lastDraftingPrompt();
    expect(prompt).toContain("The physician's preferences, learned from how they edit drafts");
    expect(prompt).toContain('- Write "people", not "patients".');
    expect(prompt).toContain("- No exclamation marks.");
    expect(prompt).toContain("- Open with what a patient actually said");
  });

  it("a model that answers nonsense or fails leaves the rules' lessons, and the edit is not asked about again", async () => {
    const logs = captureLogs();
    const physician = await seedPhysician();
    await publishEdited(physician);
    await fakes().queueAnthropic([toolUse("voice_preferences", { preferences: "be better" })]);
    await fakes().fail({ service: "openai", status: 500 });
    await runCron(LLM_KEYS);
    expect((await preferences(physician.id)).map((p) => p.source)).toEqual(["rules", "rules", "rules"]);
    expect(logs()).toMatch(/voice_lessons_(unusable|failed)/);
    const calls = (await llmRequests("anthropic")).length;
    await runCron(LLM_KEYS);
    expect((await llmRequests("anthropic")).length).toBe(calls);
  });
});

describe("the voice score", () => {
  async function withPosts(posts: string[]): Promise<Physician> {
    const physician = await seedPhysician();
    await indexStylePosts(physician.id, posts, "doctor_style/own-posts.md");
    await seedKnowledge(physician, []);
    return physician;
  }

  it("every new draft's card shows Voice NN/100 and what is furthest from the physician's posts", async () => {
    silenceLogs();
    const physician = await withPosts(OWN_POSTS);
    const draft = await queuedDraft(physician, "Caffeine and sleep");
    await scriptAnthropicGeneration(
      "It is absolutely crucial to understand that caffeine, which is a stimulant that blocks adenosine receptors throughout the central nervous system, has a half-life of about five hours in healthy adults, which means that an afternoon coffee can still be active when you go to bed [1]!!! 😴😴",
    );
    await runGenerate(draft.id, { env: LLM_KEYS });
    const version = await env.DB.prepare(
      "SELECT voice_score, voice_reasons FROM draft_versions WHERE draft_id = ?",
    )
      .bind(draft.id)
      .first<{ voice_score: number; voice_reasons: string }>();
    expect(version?.voice_score).toBeGreaterThanOrEqual(0);
    expect(version?.voice_score).toBeLessThan(60);
    const reasons = JSON.parse(String(version?.voice_reasons)) as { feature: string }[];
    expect(reasons).toHaveLength(2);
    const card = JSON.stringify(bodyOf((await slackCalls("chat.update")).at(-1)).blocks);
    expect(card).toContain(`🎙️ Voice ${version?.voice_score}/100 — `);
    expect(card).toMatch(
      /sentences (twice|\d\.\d times) as long as yours|more (emoji|exclamation marks) than you use/,
    );
  });

  it("a draft in the physician's own voice scores high; the physician's edit is scored too", async () => {
    silenceLogs();
    const physician = await withPosts(OWN_POSTS);
    const draft = await queuedDraft(physician, "Caffeine and sleep");
    await scriptAnthropicGeneration(
      "A patient asked me why her tea at five keeps her up. Caffeine lingers [1]. Move your last cup to lunch this week.",
    );
    await runGenerate(draft.id, { env: LLM_KEYS });
    const first = await env.DB.prepare("SELECT voice_score FROM draft_versions WHERE draft_id = ?")
      .bind(draft.id)
      .first<{ voice_score: number }>();
    expect(first?.voice_score).toBeGreaterThanOrEqual(80);

    await slackPost(
      "/slack/interactions",
      viewSubmission(
        "draft_edit_modal",
        {
          text: plain("Caffeine!!! It lingers for hours and hours and hours, so stop it early!!! 😴😴😴"),
          platform: select("telegram"),
        },
        { draftId: draft.id },
      ),
    );
    const edited = await env.DB.prepare(
      "SELECT voice_score, voice_reasons FROM draft_versions WHERE draft_id = ? AND source = 'edited'",
    )
      .bind(draft.id)
      .first<{ voice_score: number; voice_reasons: string }>();
    expect(edited?.voice_score).toBeLessThan(Number(first?.voice_score));
    expect(edited?.voice_reasons).toMatch(/exclamations|emoji/);
  });

  it("answers the edit form without waiting for the score; the score and the card follow", async () => {
    silenceLogs();
    const physician = await withPosts(OWN_POSTS);
    const draft = await draftIn("ready", { physician, text: "Caffeine lingers [1]. Move the last cup." });
    // The score reads the physician's posts. That read is held until Slack has its answer
    // (or 2 s have passed, so a form that waits for it fails here instead of hanging).
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      release();
    }, 2000);
    let answeredInTime: boolean | undefined;
    let readsHeld = 0;
    const d1 = interceptD1(env.DB, async (_write, sql) => {
      if (sql?.includes("<> 'pending'")) {
        readsHeld++;
        await held;
      }
    });
    const edit = "Caffeine!!! It lingers for hours and hours, so stop it early!!! 😴😴😴";
    const { res } = await slackPost(
      "/slack/interactions",
      viewSubmission(
        "draft_edit_modal",
        { text: plain(edit), platform: select("telegram") },
        { draftId: draft.id },
      ),
      {
        envOverrides: { DB: d1 },
        onAnswered: () => {
          answeredInTime = !timedOut;
          release();
        },
      },
    );
    clearTimeout(timer);
    expect(res.status).toBe(200);
    expect(answeredInTime).toBe(true);
    expect(readsHeld).toBe(1);
    const version = await env.DB.prepare(
      "SELECT voice_score, voice_reasons FROM draft_versions WHERE draft_id = ? AND source = 'edited'",
    )
      .bind(draft.id)
      .first<{ voice_score: number | null; voice_reasons: string | null }>();
    expect(version?.voice_score).toEqual(expect.any(Number));
    expect(version?.voice_reasons).toMatch(/exclamations|emoji/);
    const updates = await slackCalls("chat.update");
    expect(JSON.stringify(bodyOf(updates.at(-1)).blocks)).toContain(`Voice ${version?.voice_score}/100`);
  });

  it("refreshes the card even when the edit's score cannot be written", async () => {
    const logs = captureLogs();
    const physician = await withPosts(OWN_POSTS);
    const draft = await draftIn("ready", { physician, text: "Caffeine lingers [1]. Move the last cup." });
    const d1 = interceptD1(env.DB, async (_write, sql) => {
      if (sql && /^update "draft_versions" set "voice_score"/.test(sql))
        throw new Error("D1_ERROR: disk I/O error");
    });
    const edit = "Caffeine lingers for hours. Stop it at lunch.";
    await slackPost(
      "/slack/interactions",
      viewSubmission(
        "draft_edit_modal",
        { text: plain(edit), platform: select("telegram") },
        { draftId: draft.id },
      ),
      { envOverrides: { DB: d1 } },
    );
    const updates = await slackCalls("chat.update");
    expect(JSON.stringify(bodyOf(updates.at(-1)).blocks)).toContain("Stop it at lunch");
    // The log says D1's reason, never the physician's text (the statement's bound values).
    expect(logs()).toContain("voice_score_failed");
    expect(logs()).toContain("disk I/O error");
    expect(logs()).not.toContain("Stop it at lunch");
    const version = await env.DB.prepare(
      "SELECT voice_score FROM draft_versions WHERE draft_id = ? AND source = 'edited'",
    )
      .bind(draft.id)
      .first();
    expect(version).toEqual({ voice_score: null });
  });

  it("no score when the physician has too few posts to compare with", async () => {
    silenceLogs();
    const physician = await withPosts(OWN_POSTS.slice(0, 2));
    const draft = await queuedDraft(physician, "Caffeine and sleep");
    await runGenerate(draft.id);
    const version = await env.DB.prepare("SELECT voice_score FROM draft_versions WHERE draft_id = ?")
      .bind(draft.id)
      .first<{ voice_score: number | null }>();
    expect(version?.voice_score).toBeNull();
    const card = JSON.stringify(bodyOf((await slackCalls("chat.update")).at(-1)).blocks);
    expect(card).not.toContain("Voice ");
  });
});
