/**
 * Only the physician's words teach the voice (issue 17, point 1). Publishing text the model
 * wrote and nobody edited adds nothing to the style index; an edited draft is indexed,
 * labelled and weighted by how much was rewritten, and the edit kept for lessons; a manual
 * post is the physician's. Older indexes are cleaned by the cron task: migration 0011 holds
 * every published post back (`pending`) until the task judged it. Retrieval prefers the
 * draft's language and platform.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import migrationSql from "../../migrations/0011_voice.sql?raw";
import { addDraftVersion, getDraft } from "../../src/db/drafts";
import type { Draft, Physician, VersionSource } from "../../src/db/schema";
import { ingestDocument } from "../../src/knowledge/ingest";
import { retrieveStyle } from "../../src/pipeline/stages/style";
import { createServices } from "../../src/services";
import { indexStylePosts } from "../generation-helpers";
import { captureLogs, db, draftIn, seedPhysician, silenceLogs } from "../helpers";
import { publishJob, runCron, runPublish, TELEGRAM } from "../publish-helpers";

const GENERATED =
  "Patients often ask me about caffeine and sleep. Caffeine has a half-life of about five hours [1]. An afternoon cup can still shorten sleep at night [1]. If this sounds familiar, bring it up at your next appointment.";
/** The physician's rewrite: their opening, their closing, the fact kept. */
const REWRITTEN =
  "“Why am I awake at two?” I hear it every week. Caffeine has a half-life of about five hours. Your 4 pm coffee is still on duty at 9. Move the last cup to lunch for two weeks and watch what changes.";
/** One word changed: still the model's text. */
const BARELY =
  "Patients often ask me about caffeine and sleep. Caffeine has a half-life of about five hours. An afternoon cup can still shorten sleep at night. If this sounds familiar, mention it at your next appointment.";

async function publishedWith(sources: [VersionSource, string][], physician?: Physician): Promise<Draft> {
  const [first, ...rest] = sources;
  if (!first) throw new Error("no versions");
  const draft = await draftIn("publishing", { text: first[1], ...(physician ? { physician } : {}) });
  if (first[0] !== "generated")
    await env.DB.prepare("UPDATE draft_versions SET source = ? WHERE draft_id = ?")
      .bind(first[0], draft.id)
      .run();
  for (const [source, text] of rest) await addDraftVersion(db(), draft.id, text, source);
  const current = (await getDraft(db(), draft.id)) as Draft;
  await runPublish(publishJob(current), { env: TELEGRAM });
  return current;
}

async function styleChunks(draftId: string) {
  const rows = await env.DB.prepare(
    `SELECT c.text, c.metadata FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
     WHERE d.collection = 'style' AND d.source = ?`,
  )
    .bind(`published:${draftId}`)
    .all<{ text: string; metadata: string }>();
  return rows.results.map((r) => ({
    text: r.text,
    metadata: JSON.parse(r.metadata) as Record<string, unknown>,
  }));
}

async function editPair(draftId: string) {
  return env.DB.prepare("SELECT * FROM edit_pairs WHERE draft_id = ?")
    .bind(draftId)
    .first<Record<string, unknown>>();
}

describe("what a published post teaches", () => {
  it("text the model wrote and nobody edited never enters the style index", async () => {
    const logs = captureLogs();
    for (const source of ["generated", "regenerated", "revised", "rewritten"] as const) {
      const draft = await publishedWith([[source, GENERATED]]);
      expect((await getDraft(db(), draft.id))?.status).toBe("published");
      expect(await styleChunks(draft.id)).toEqual([]);
      expect(await editPair(draft.id)).toBeNull();
    }
    expect(logs()).toContain('"event":"published_post_not_learned"');
    expect(logs()).toContain('"why":"unedited"');
  });

  it("an edited draft is indexed as the physician's, labelled and weighted, and the edit kept for lessons", async () => {
    silenceLogs();
    const draft = await publishedWith([
      ["generated", GENERATED],
      ["edited", REWRITTEN],
    ]);
    const [chunk, ...more] = await styleChunks(draft.id);
    expect(more).toEqual([]);
    expect(chunk?.text).toBe(REWRITTEN);
    expect(chunk?.metadata).toMatchObject({ platform: "telegram", language: "en", origin: "edited" });
    expect(chunk?.metadata.weight).toBeGreaterThan(0.5);
    expect(chunk?.metadata.weight).toBeLessThanOrEqual(1);
    const pair = await editPair(draft.id);
    expect(pair).toMatchObject({
      platform: "telegram",
      language: "en",
      published: REWRITTEN,
      lessons_at: null,
    });
    // The model's words without citation markers: what the physician saw and changed.
    expect(pair?.generated).toBe(GENERATED.replace(/ \[1\]/g, ""));
    expect(Number(pair?.edit_ratio)).toBeGreaterThan(0.3);
  });

  it("a barely edited draft is still the model's text: not indexed, but its edit is a lesson", async () => {
    const logs = captureLogs();
    const draft = await publishedWith([
      ["generated", GENERATED],
      ["edited", BARELY],
    ]);
    expect(await styleChunks(draft.id)).toEqual([]);
    expect(logs()).toContain('"why":"barely_edited"');
    expect(Number((await editPair(draft.id))?.edit_ratio)).toBeGreaterThan(0);
  });

  it("a quick edit after the physician's edit is the model's text again", async () => {
    silenceLogs();
    const draft = await publishedWith([
      ["generated", GENERATED],
      ["edited", REWRITTEN],
      ["rewritten", "Caffeine lingers for five hours. Move the last cup to lunch."],
    ]);
    expect(await styleChunks(draft.id)).toEqual([]);
  });

  it("a manual post, even edited afterwards, is the physician's at full weight", async () => {
    silenceLogs();
    const draft = await publishedWith([
      ["manual", "Кава після обіду — і о другій ночі я знову дивлюся в стелю. Знайомо?"],
      ["edited", "Кава після обіду — і о другій ночі ви знову дивитеся в стелю. Знайомо?"],
    ]);
    const [chunk] = await styleChunks(draft.id);
    expect(chunk?.metadata).toMatchObject({
      origin: "manual",
      weight: 1,
      language: "uk",
      platform: "telegram",
    });
    expect(await editPair(draft.id)).toBeNull();
  });
});

describe("cleaning older style indexes", () => {
  /** A post indexed the old way (everything published), then marked by migration 0011. */
  async function legacyIndexed(draft: Draft, text: string): Promise<void> {
    await ingestDocument(createServices(env), {
      collection: "style",
      namespace: draft.physicianId,
      source: `published:${draft.id}`,
      title: draft.topic,
      text,
      postMetadata: [{ platform: "telegram", date: "2025-03-01" }],
    });
    await env.DB.prepare("UPDATE knowledge_chunks SET metadata = json_remove(metadata, '$.origin')").run();
    await migrateStyleLabels();
  }

  /** The data part of migration 0011, as wrangler applies it. */
  async function migrateStyleLabels(): Promise<void> {
    const start = migrationSql.indexOf("UPDATE `knowledge_chunks`");
    const update = migrationSql.slice(start, migrationSql.indexOf("--> statement-breakpoint", start));
    await env.DB.prepare(update).run();
  }

  it("the migration holds published posts back and keeps the physician's own posts", async () => {
    silenceLogs();
    const physician = await seedPhysician();
    await indexStylePosts(physician.id, ["My own post about sleep and coffee."], "doctor_style/posts.md");
    await indexStylePosts(
      physician.id,
      ["An old post of mine about coffee at night."],
      "doctor_style/old.md",
    );
    // Rows from before metadata was kept everywhere: none at all, or JSON that is not an object.
    await env.DB.prepare(
      "UPDATE knowledge_chunks SET metadata = NULL WHERE document_id = (SELECT id FROM knowledge_documents WHERE source = 'doctor_style/old.md')",
    ).run();
    const draft = await draftIn("published", { physician, text: GENERATED });
    await legacyIndexed(draft, GENERATED);
    await env.DB.prepare(
      "UPDATE knowledge_chunks SET metadata = 'null' WHERE document_id = (SELECT id FROM knowledge_documents WHERE source = ?)",
    )
      .bind(`published:${draft.id}`)
      .run();
    await migrateStyleLabels();
    const origins = await env.DB.prepare(
      "SELECT d.source, json_extract(c.metadata, '$.origin') AS origin FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id ORDER BY d.source",
    ).all<{ source: string; origin: string }>();
    expect(origins.results).toEqual([
      { source: "doctor_style/old.md", origin: "own" },
      { source: "doctor_style/posts.md", origin: "own" },
      { source: `published:${draft.id}`, origin: "pending" },
    ]);
    // Held back from retrieval at once, before the cron task ran.
    const style = await retrieveStyle(createServices(env), physician.id, "caffeine and sleep", {
      platform: "telegram",
      language: "en",
    });
    expect(style.examples.map((e) => e.text).sort()).toEqual([
      "An old post of mine about coffee at night.",
      "My own post about sleep and coffee.",
    ]);
  });

  it("the cron task removes generated text with its vectors and keeps edited posts, labelled, with their lessons", async () => {
    silenceLogs();
    const physician = await seedPhysician();
    const generated = await draftIn("published", { physician, text: GENERATED });
    const edited = await draftIn("published", { physician, text: GENERATED });
    await addDraftVersion(db(), edited.id, REWRITTEN, "edited");
    await legacyIndexed(generated, GENERATED);
    await legacyIndexed(edited, REWRITTEN);
    const vectorsBefore = await env.DB.prepare("SELECT count(*) AS n FROM local_vectors").first<{
      n: number;
    }>();

    await runCron();

    expect(await styleChunks(generated.id)).toEqual([]);
    const docs = await env.DB.prepare(
      "SELECT source FROM knowledge_documents WHERE collection = 'style'",
    ).all();
    expect(docs.results).toEqual([{ source: `published:${edited.id}` }]);
    const vectorsAfter = await env.DB.prepare("SELECT count(*) AS n FROM local_vectors").first<{
      n: number;
    }>();
    expect(Number(vectorsAfter?.n)).toBe(Number(vectorsBefore?.n) - 1);
    const [kept] = await styleChunks(edited.id);
    expect(kept?.metadata).toMatchObject({
      origin: "edited",
      language: "en",
      platform: "telegram",
      date: "2025-03-01",
    });
    expect(await editPair(edited.id)).toMatchObject({ published: REWRITTEN });

    // Nothing left to judge: the next run changes nothing.
    await runCron();
    expect(await styleChunks(edited.id)).toHaveLength(1);
  });

  it("a barely edited legacy post is removed, and its edit is still kept for lessons", async () => {
    silenceLogs();
    const draft = await draftIn("published", { text: GENERATED });
    await addDraftVersion(db(), draft.id, BARELY, "edited");
    await legacyIndexed(draft, BARELY);
    await runCron();
    expect(await styleChunks(draft.id)).toEqual([]);
    expect(await editPair(draft.id)).toMatchObject({ published: BARELY });
  });

  it("a post whose draft is gone cannot be shown to be the physician's: removed", async () => {
    silenceLogs();
    const draft = await draftIn("published", { text: GENERATED });
    await legacyIndexed(draft, REWRITTEN);
    await env.DB.prepare("DELETE FROM drafts WHERE id = ?").bind(draft.id).run();
    await runCron();
    expect(await styleChunks(draft.id)).toEqual([]);
  });
});

describe("style retrieval", () => {
  it("prefers the draft's language and platform, and the physician's own posts over light edits", async () => {
    silenceLogs();
    const physician = await seedPhysician();
    const services = createServices(env);
    const post = (n: number, platform: string, language: string, origin = "own", weight = 1) =>
      ingestDocument(services, {
        collection: "style",
        namespace: physician.id,
        source: `p${n}`,
        title: `p${n}`,
        text:
          language === "uk"
            ? `Допис ${n} про сон і каву: кава ввечері краде сон.`
            : `Post ${n} on sleep and coffee: coffee in the evening steals sleep.`,
        postMetadata: [{ platform, language, origin, weight }],
      });
    for (let n = 1; n <= 5; n++) await post(n, "telegram", "uk");
    await post(6, "x", "en", "edited", 0.2);
    await post(7, "x", "en");
    await post(8, "threads", "en");
    await post(9, "telegram", "en");
    const x = await retrieveStyle(services, physician.id, "sleep and coffee", {
      platform: "x",
      language: "en",
    });
    expect(x.examples.map((e) => e.language)).toEqual(["en", "en", "en", "en", "uk"]);
    // The physician's own X post first; the lightly edited one ranks with other platforms' posts.
    expect(x.examples[0]).toMatchObject({ platform: "x", origin: "own" });
    expect(
      x.examples
        .slice(1, 4)
        .map((e) => `${e.platform}:${e.origin}`)
        .sort(),
    ).toEqual(["telegram:own", "threads:own", "x:edited"]);
    // Five Ukrainian posts: a Ukrainian draft gets no English example at all.
    const uk = await retrieveStyle(services, physician.id, "сон і кава", { platform: "x", language: "uk" });
    expect(uk.examples.map((e) => e.language)).toEqual(["uk", "uk", "uk", "uk", "uk"]);
  });
});
