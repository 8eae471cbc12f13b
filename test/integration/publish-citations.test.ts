/**
 * What readers see: published posts carry no `[n]` citation markers; a Telegram post ends
 * with a short "Sources:" block (up to three cited titles with links, from the current
 * version) when it fits; X and Threads get no block.
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
  it("Telegram: markers removed, up to three linked sources listed in citation order", async () => {
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
        "Caffeine half-life — https://pubmed.ncbi.nlm.nih.gov/1/",
        "Sleep &amp; caffeine: a review — https://pubmed.ncbi.nlm.nih.gov/2/",
        "Fourth — https://example.org/4",
      ].join("\n"),
    );
  });

  it("Telegram: no block without linked sources, or when it would not fit", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { text: TEXT });
    await runPublish(publishJob(draft), { env: TELEGRAM });
    expect(await sentTelegram()).toBe("Caffeine lingers for about five hours. Move the last cup to lunch.");

    await fakes().reset();
    const long = await draftIn("publishing", { text: `${"Sleep matters [1]. ".repeat(300)}`.trim() });
    await addCitation(long, 1, "Caffeine half-life", "https://pubmed.ncbi.nlm.nih.gov/1/");
    await runPublish(publishJob(long), { env: TELEGRAM });
    const text = await sentTelegram();
    expect(text).not.toContain("[1]");
    expect(text).not.toContain("Sources:");
  });

  it("X: markers removed, no sources block", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { platform: "x", text: TEXT });
    await addCitation(draft, 1, "Caffeine half-life", "https://pubmed.ncbi.nlm.nih.gov/1/");
    await runPublish(publishJob(draft), { env: X });
    const [sent] = await fakes().requests("x", "/2/tweets");
    expect(bodyOf(sent).text).toBe("Caffeine lingers for about five hours. Move the last cup to lunch.");
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
