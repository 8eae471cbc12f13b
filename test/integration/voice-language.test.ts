/**
 * Per-draft language (issue 17, point 4): `/draft topic | x | en` and the form's language
 * choose it; otherwise it is resolved once, at ordering, from the topic and the physician's
 * default. The drafting prompt then carries that language's rules and the platform's
 * closing in it, and the post's reader lines follow it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDraft } from "../../src/db/drafts";
import type { Draft } from "../../src/db/schema";
import {
  LLM_KEYS,
  llmRequests,
  runGenerate,
  scriptAnthropicGeneration,
  seedKnowledge,
} from "../generation-helpers";
import { db, seedPhysician, silenceLogs } from "../helpers";
import { bodyOf, commandBody, plain, select, slackCalls, slackPost, viewSubmission } from "../slack-helpers";

async function command(text: string) {
  const { res } = await slackPost("/slack/commands", commandBody({ text }));
  const body = (await res.json()) as { text: string };
  return body.text;
}

async function onlyDraft(): Promise<Draft> {
  const row = await env.DB.prepare("SELECT id FROM drafts ORDER BY created_at DESC").first<{ id: string }>();
  return (await getDraft(db(), String(row?.id))) as Draft;
}

describe("the language of a draft", () => {
  it("/draft topic | x | uk: a Ukrainian X post on an English topic, with Ukrainian rules in the prompt", async () => {
    silenceLogs();
    const physician = await seedPhysician();
    await seedKnowledge(physician);
    const reply = await command("caffeine and sleep | x | uk");
    expect(reply).toContain("X post in Ukrainian");
    const draft = await onlyDraft();
    expect(draft).toMatchObject({ topic: "caffeine and sleep", platform: "x", language: "uk" });

    await scriptAnthropicGeneration("Кава тримається в крові годинами [1].");
    await runGenerate(draft.id, { env: LLM_KEYS });
    const drafting = (await llmRequests("anthropic")).find((r) =>
      JSON.stringify(bodyOf(r)).includes("You ghost-write"),
    );
    const body = bodyOf(drafting) as { system: { text: string }[]; messages: { content: string }[] };
    const system = body.system.map((p) => p.text).join("\n");
    expect(system).toContain("Language: Ukrainian");
    expect(system).toContain("«протягом», not «на протязі»");
    expect(system).toContain("Closing: end on the point itself");
    expect(body.messages[0]?.content).toContain("Write in Ukrainian.");
  });

  it("without a choice: the topic's language, else the physician's default, fixed when ordered", async () => {
    silenceLogs();
    await seedPhysician();
    await command("кава і сон");
    expect((await onlyDraft()).language).toBe("uk");
    await command("caffeine and sleep | threads");
    expect((await onlyDraft()).language).toBe("en");
    await env.DB.prepare("UPDATE physicians SET language = 'uk'").run();
    await command("caffeine and sleep");
    expect((await onlyDraft()).language).toBe("uk");
  });

  it("the form offers the language, defaulting to the topic's, and honours a choice", async () => {
    silenceLogs();
    await seedPhysician();
    await slackPost("/slack/commands", commandBody({ text: "" }));
    const view = JSON.stringify(bodyOf((await slackCalls("views.open")).at(-1)).view);
    expect(view).toContain('"action_id":"draft_language"');
    expect(view).toContain('"initial_option":{"text":{"type":"plain_text","text":"Same as the topic"');

    const submit = (language: string) =>
      slackPost(
        "/slack/interactions",
        viewSubmission(
          "draft_generate_modal",
          { topic: plain("кава і сон"), platform: select("telegram"), draft_language: select(language) },
          { channelId: "C_GENERAL" },
        ),
      );
    await submit("en");
    expect((await onlyDraft()).language).toBe("en");
    await submit("auto");
    expect((await onlyDraft()).language).toBe("uk");
  });
});
