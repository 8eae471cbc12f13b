/**
 * What readers get besides the post, published through the real publish consumer against
 * the loopback platform fakes: linked titles and guidelines by name on Telegram, a final
 * "Sources:" part on X and Threads, the crisis-resource line on safe-messaging drafts,
 * and the physician's disclaimer for the platform.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Draft } from "../../src/db/schema";
import { silenceLogs } from "../helpers";
import { draftIn, publication, publishJob, runPublish, TELEGRAM, X } from "../publish-helpers";
import { bodyOf, fakes } from "../slack-helpers";

const THREADS = { THREADS_USER_ID: "27000000000000001", THREADS_ACCESS_TOKEN: "threads-token-secret" };
const PMID_URL = "https://pubmed.ncbi.nlm.nih.gov/90000001/";

afterEach(() => vi.restoreAllMocks());

async function cite(
  draft: Draft,
  number: number,
  kind: "pubmed" | "knowledge" | "url",
  title: string,
  url: string | null,
): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO citations (draft_id, version, number, kind, ref, title, url) VALUES (?, ?, ?, ?, ?, ?, ?)",
  )
    .bind(draft.id, draft.currentVersion, number, kind, `ref-${number}`, title, url)
    .run();
}

async function setPhysician(
  draft: Draft,
  fields: { country?: string; crisisLine?: string; language?: string; disclaimers?: object },
): Promise<void> {
  await env.DB.prepare(
    "UPDATE physicians SET country = ?, crisis_line = ?, language = coalesce(?, language), disclaimers = ? WHERE id = ?",
  )
    .bind(
      fields.country ?? null,
      fields.crisisLine ?? null,
      fields.language ?? null,
      fields.disclaimers ? JSON.stringify(fields.disclaimers) : null,
      draft.physicianId,
    )
    .run();
}

async function markSafeMessaging(draft: Draft): Promise<void> {
  await env.DB.prepare("UPDATE drafts SET safety = 'safe_messaging' WHERE id = ?").bind(draft.id).run();
}

async function sentTelegram(): Promise<string[]> {
  return (await fakes().requests("telegram", "sendMessage")).map((r) => String(bodyOf(r).text));
}

async function sentTweets(): Promise<Record<string, unknown>[]> {
  return (await fakes().requests("x", "/2/tweets")).map((r) => bodyOf(r));
}

async function sentThreads(): Promise<Record<string, unknown>[]> {
  return (await fakes().requests("threads"))
    .filter((r) => r.method === "POST" && r.path.endsWith("/threads"))
    .map((r) => bodyOf(r));
}

describe("sources readers see", () => {
  it("Telegram: linked titles in citation order and a knowledge-base guideline by name", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", {
      text: "Caffeine lingers [1]. CBT-I comes first [2]. See [3].",
    });
    await cite(draft, 2, "knowledge", "NICE guideline on insomnia", null);
    await cite(draft, 1, "pubmed", "Caffeine & sleep <review> (J Sleep Res, 2021)", PMID_URL);
    await cite(draft, 3, "url", "Sleep hygiene", "https://example.org/sleep?a=1&b=2");
    await runPublish(publishJob(draft), { env: TELEGRAM });
    expect(await sentTelegram()).toEqual([
      [
        "Caffeine lingers. CBT-I comes first. See.",
        "",
        "Sources:",
        `• <a href="${PMID_URL}">Caffeine &amp; sleep &lt;review&gt; (J Sleep Res, 2021)</a>`,
        "• NICE guideline on insomnia",
        '• <a href="https://example.org/sleep?a=1&amp;b=2">Sleep hygiene</a>',
      ].join("\n"),
    ]);
    expect((await publication(draft.id))?.status).toBe("published");
  });

  it("Telegram: a post too long for one message keeps its sources at the end of the last part", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { text: `${"Sleep matters [1]. ".repeat(300)}`.trim() });
    await cite(draft, 1, "pubmed", "Caffeine half-life", PMID_URL);
    await runPublish(publishJob(draft), { env: TELEGRAM });
    const sent = await sentTelegram();
    expect(sent.length).toBe(2);
    expect(sent.join("")).not.toContain("[1]");
    expect(sent[1]).toMatch(
      /Sleep matters\.\n\nSources:\n• <a href="[^"]+">Caffeine half-life<\/a> \(2\/2\)$/,
    );
  });

  it("X: the sources go in a final reply when they do not fit the post", async () => {
    silenceLogs();
    const text = `${"Caffeine at 4 pm still acts at midnight. ".repeat(5).trim()} Move the last cup to lunch [1].`;
    const draft = await draftIn("publishing", { platform: "x", text });
    await cite(draft, 1, "pubmed", "Caffeine half-life (Sleep, 2020)", PMID_URL);
    await cite(draft, 2, "knowledge", "NICE guideline on insomnia", null);
    await runPublish(publishJob(draft), { env: X });
    const tweets = await sentTweets();
    expect(tweets.map((t) => t.text)).toEqual([
      `${text.replace(" [1]", "")} (1/2)`,
      "Sources: https://pubmed.ncbi.nlm.nih.gov/90000001 · NICE guideline on insomnia (2/2)",
    ]);
    expect(tweets[1]?.reply).toEqual({ in_reply_to_tweet_id: expect.any(String) });
    expect((await publication(draft.id))?.status).toBe("published");
  });

  it("X: a short post carries its sources line in the same post", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { platform: "x", text: "Caffeine lingers [1]." });
    await cite(draft, 1, "pubmed", "Caffeine half-life", PMID_URL);
    await runPublish(publishJob(draft), { env: X });
    expect((await sentTweets()).map((t) => t.text)).toEqual([
      "Caffeine lingers.\n\nSources: https://pubmed.ncbi.nlm.nih.gov/90000001",
    ]);
  });

  it("Threads: a final sources reply when the post is full", async () => {
    silenceLogs();
    const text = `Sleep well 😴 ${"Morning light sets the clock. ".repeat(15).trim()} [1]`;
    const draft = await draftIn("publishing", { platform: "threads", text });
    await cite(draft, 1, "pubmed", "Light and circadian timing", PMID_URL);
    await runPublish(publishJob(draft), { env: THREADS });
    const posts = await sentThreads();
    expect(posts.map((p) => p.text)).toEqual([
      `${text.replace(" [1]", "")} (1/2)`,
      "Sources: https://pubmed.ncbi.nlm.nih.gov/90000001 (2/2)",
    ]);
    expect(posts[1]?.reply_to_id).toEqual(expect.any(String));
    expect((await publication(draft.id))?.status).toBe("published");
  });
});

describe("safe messaging and disclaimers", () => {
  it("a safe-messaging draft is published with the country's crisis line, in the physician's language", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { text: "Про думки про самогубство можна говорити." });
    await markSafeMessaging(draft);
    await setPhysician(draft, { country: "UA", language: "uk" });
    await cite(draft, 1, "knowledge", "Настанова МОЗ", null);
    await runPublish(publishJob(draft), { env: TELEGRAM });
    expect(await sentTelegram()).toEqual([
      [
        "Про думки про самогубство можна говорити.",
        "",
        "Якщо у вас з’являються думки про самогубство чи самоушкодження, ви не самі. Зателефонуйте: Lifeline Ukraine, 7333.",
        "",
        "Джерела:",
        "• Настанова МОЗ",
      ].join("\n"),
    ]);
  });

  it("uses the physician's own line, not repeated when the post already has it; none without safety", async () => {
    silenceLogs();
    const own = "Our clinic's crisis line: 0 800 500 335";
    const draft = await draftIn("publishing", {
      platform: "x",
      text: "It gets better; asking for help works.",
    });
    await markSafeMessaging(draft);
    await setPhysician(draft, { country: "GB", crisisLine: own });
    await runPublish(publishJob(draft), { env: X });
    expect((await sentTweets()).map((t) => t.text)).toEqual([
      `It gets better; asking for help works.\n\n${own}`,
    ]);

    await fakes().reset();
    const carries = await draftIn("publishing", { platform: "x", text: "Call 0 800 500 335 any time." });
    await markSafeMessaging(carries);
    await runPublish(publishJob(carries), { env: X });
    expect((await sentTweets()).map((t) => t.text)).toEqual(["Call 0 800 500 335 any time."]);

    await fakes().reset();
    const ordinary = await draftIn("publishing", { platform: "x", text: "Caffeine lingers." });
    await runPublish(publishJob(ordinary), { env: X });
    expect((await sentTweets()).map((t) => t.text)).toEqual(["Caffeine lingers."]);
  });

  it("a crisis line and a disclaimer that overflow X go whole into the final part, before the sources", async () => {
    silenceLogs();
    const text = `${"Warning signs matter, and so does asking directly. ".repeat(4).trim()}`;
    const draft = await draftIn("publishing", { platform: "x", text });
    await markSafeMessaging(draft);
    await setPhysician(draft, {
      country: "US",
      disclaimers: { x: "General information, not medical advice." },
    });
    await cite(draft, 1, "pubmed", "Asking about suicide", PMID_URL);
    await runPublish(publishJob(draft), { env: X });
    expect((await sentTweets()).map((t) => t.text)).toEqual([
      `${text} (1/2)`,
      [
        "If you are having thoughts of suicide or self-harm, you are not alone. Call 988 Suicide & Crisis Lifeline: 988.",
        "General information, not medical advice.",
        "",
        "Sources: https://pubmed.ncbi.nlm.nih.gov/90000001 (2/2)",
      ].join("\n"),
    ]);
  });

  it("the physician's disclaimer for the platform is appended as its own line", async () => {
    silenceLogs();
    const draft = await draftIn("publishing", { text: "Sleep & light [1]." });
    await setPhysician(draft, {
      disclaimers: { telegram: "Not medical advice — see your doctor <3", x: "X only" },
    });
    await cite(draft, 1, "pubmed", "Light", PMID_URL);
    await runPublish(publishJob(draft), { env: TELEGRAM });
    expect(await sentTelegram()).toEqual([
      [
        "Sleep &amp; light.",
        "",
        "Not medical advice — see your doctor &lt;3",
        "",
        "Sources:",
        `• <a href="${PMID_URL}">Light</a>`,
      ].join("\n"),
    ]);
  });
});
