/**
 * What readers see: published posts carry no `[n]` citation markers; they end with the
 * sources of the current version (up to three, in citation order) — on Telegram linked
 * titles with knowledge-base notes by name, on X a short "Sources:" line — never dropped.
 * (More in publish-reader-lines.test.ts.)
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { addDraftVersion } from "../../src/db/drafts";
import { db, silenceLogs } from "../helpers";
import { addCitation, draftIn, publishJob, runPublish, TELEGRAM, X } from "../publish-helpers";
import { bodyOf, fakes } from "../slack-helpers";

const TEXT = "Caffeine lingers for about five hours [1]. Move the last cup to lunch [2, 3].";

afterEach(() => vi.restoreAllMocks());

async function sentTelegram(): Promise<string> {
  const [sent] = await fakes().requests("telegram", "sendMessage");
  return String(bodyOf(sent).text);
}

describe("citations in published posts", () => {
  it("Telegram: markers removed, up to three sources listed in citation order, titles linked", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { text: TEXT });
    await addCitation(draft, 2, "Sleep & caffeine: a review", "https://pubmed.ncbi.nlm.nih.gov/2/");
    await addCitation(draft, 1, "Caffeine half-life", "https://pubmed.ncbi.nlm.nih.gov/1/");
    await addCitation(draft, 1, "Caffeine half-life", "https://pubmed.ncbi.nlm.nih.gov/1/");
    await addCitation(draft, 3, "Knowledge base note", null);
    await addCitation(draft, 4, "Fourth", "https://example.org/4");
    await addCitation(draft, 5, "Fifth", "https://example.org/5");
    await addCitation(draft, 1, "Old version source", "https://example.org/old", draft.currentVersion - 1);
    await runPublish(publishJob(draft), { env: TELEGRAM });
    expect(await sentTelegram()).toBe(
      [
        "Caffeine lingers for about five hours. Move the last cup to lunch.",
        "",
        "Sources:",
        '• <a href="https://pubmed.ncbi.nlm.nih.gov/1/">Caffeine half-life</a>',
        '• <a href="https://pubmed.ncbi.nlm.nih.gov/2/">Sleep &amp; caffeine: a review</a>',
        "• Knowledge base note",
      ].join("\n"),
    );
  });

  it("Telegram: no block without sources; a post too long for one message keeps it in its last part", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { text: TEXT });
    await runPublish(publishJob(draft), { env: TELEGRAM });
    expect(await sentTelegram()).toBe("Caffeine lingers for about five hours. Move the last cup to lunch.");

    await fakes().reset();
    const long = await draftIn("publishing", { text: `${"Sleep matters [1]. ".repeat(300)}`.trim() });
    await addCitation(long, 1, "Caffeine half-life", "https://pubmed.ncbi.nlm.nih.gov/1/");
    await runPublish(publishJob(long), { env: TELEGRAM });
    const parts = (await fakes().requests("telegram", "sendMessage")).map((r) => String(bodyOf(r).text));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join("")).not.toContain("[1]");
    expect(parts.slice(0, -1).join("")).not.toContain("Sources:");
    expect(parts.at(-1)).toContain(
      '\n\nSources:\n• <a href="https://pubmed.ncbi.nlm.nih.gov/1/">Caffeine half-life</a>',
    );
  });

  it("X: markers removed, a short sources line", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { platform: "x", text: TEXT });
    await addCitation(draft, 1, "Caffeine half-life", "https://pubmed.ncbi.nlm.nih.gov/1/");
    await runPublish(publishJob(draft), { env: X });
    const [sent] = await fakes().requests("x", "/2/tweets");
    expect(bodyOf(sent).text).toBe(
      "Caffeine lingers for about five hours. Move the last cup to lunch.\n\nSources: https://pubmed.ncbi.nlm.nih.gov/1",
    );
  });

  it("the style index learns the post without markers", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { text: TEXT });
    await addDraftVersion(db(), draft.id, "Edited [4] text about sleep.", "edited");
    await runPublish(publishJob(draft), { env: TELEGRAM });
    const chunk = await env.DB.prepare(
      "SELECT c.text FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id WHERE d.source = ?",
    )
      .bind(`published:${draft.id}`)
      .first<{ text: string }>();
    expect(chunk?.text).toBe("Edited text about sleep.");
  });
});
