import type { ActionsBlock, AnyMessageBlock, Button, SectionBlock } from "slack-web-api-client";
import { describe, expect, it } from "vitest";
import type { DraftStatus } from "../../src/db/schema";
import { draftCard } from "../../src/slack/blocks/draft-card";
import { failureCard } from "../../src/slack/blocks/failure-card";
import type { ClaimModel, DraftCardModel, PublicationModel } from "../../src/slack/blocks/models";
import { progressMessage } from "../../src/slack/blocks/progress";
import { ACTIONS, DRAFT_STATUS_BLOCK_ID } from "../../src/slack/ids";

const EVIL = "<!channel> & <https://evil|click>";

function model(overrides: Partial<DraftCardModel> = {}): DraftCardModel {
  return {
    draftId: "drf_01HZX",
    topic: "Sleep and depression",
    platform: "telegram",
    status: "ready",
    statusReason: null,
    text: "Sleep loss worsens mood.\n\nA short paragraph about CBT-I [1].",
    version: 1,
    offline: false,
    orderedBy: "U012ABC",
    scheduledAt: null,
    timezone: "Europe/Kyiv",
    language: "en",
    claims: [{ ordinal: 1, text: "CBT-I helps", verdict: "supported", note: null, citationNumbers: [1] }],
    citations: [{ number: 1, kind: "pubmed", title: "CBT-I meta-analysis", ref: "31234567" }],
    evidenceNote: null,
    publications: [],
    charCount: 120,
    charLimit: 4096,
    threadParts: 1,
    ...overrides,
  };
}

/** Every text object in the blocks, with its type. */
function textObjects(value: unknown): { type: string; text: string }[] {
  if (Array.isArray(value)) return value.flatMap(textObjects);
  if (value === null || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  const own =
    (record.type === "mrkdwn" || record.type === "plain_text") && typeof record.text === "string"
      ? [{ type: record.type, text: record.text }]
      : [];
  return [...own, ...Object.values(record).flatMap(textObjects)];
}

function totalText(blocks: AnyMessageBlock[]): number {
  return textObjects(blocks).reduce((sum, t) => sum + t.text.length, 0);
}

function buttons(blocks: AnyMessageBlock[]): Button[] {
  return blocks
    .filter((b): b is ActionsBlock => b.type === "actions")
    .flatMap((b) => b.elements.filter((e): e is Button => e.type === "button"));
}

function statusBlock(blocks: AnyMessageBlock[]): SectionBlock | undefined {
  return blocks.find((b): b is SectionBlock => b.type === "section" && b.block_id === DRAFT_STATUS_BLOCK_ID);
}

function expectWithinLimits(blocks: AnyMessageBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const block of blocks) {
    if (block.type === "section") expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    if (block.type === "header") expect(block.text.text.length).toBeLessThanOrEqual(150);
  }
  for (const b of buttons(blocks)) expect((b.value ?? "").length).toBeLessThanOrEqual(2000);
  expect(totalText(blocks)).toBeLessThanOrEqual(12_000);
  expect(blocks.filter((b) => b.block_id === DRAFT_STATUS_BLOCK_ID)).toHaveLength(1);
  const ids = blocks.map((b) => b.block_id).filter((id) => id !== undefined);
  expect(new Set(ids).size).toBe(ids.length);
}

function bigModel(text: string, titleLength = 120): DraftCardModel {
  const claims: ClaimModel[] = Array.from({ length: 20 }, (_, i) => ({
    ordinal: i + 1,
    text: `Claim ${i + 1}: ${"an assertion about sertraline dosing ".repeat(6)}`,
    verdict: i % 4 === 0 ? "unsupported" : i % 7 === 0 ? "contradicted" : "supported",
    note: `Note ${i + 1}: ${"the sources disagree on this point ".repeat(6)}`,
    citationNumbers: [i + 1, i + 2],
  }));
  const citations = Array.from({ length: 30 }, (_, i) => ({
    number: i + 1,
    kind: (["pubmed", "url", "knowledge"] as const)[i % 3] ?? "pubmed",
    title: `Citation ${i + 1} ${"x".repeat(titleLength)}`,
    ref: i % 3 === 0 ? String(30000000 + i) : `https://example.org/paper/${i}`,
    url: i % 3 === 1 ? `https://example.org/paper/${i}` : null,
  }));
  return model({ text, claims, citations, status: "needs_review", statusReason: "2 claims unsupported" });
}

describe("draftCard limits", () => {
  it("keeps a 4,000-char draft with 30 citations and 20 claims inside every limit", () => {
    const paragraph = "Sleep deprivation affects serotonin signalling in ways that matter. ".repeat(6);
    const text = `${paragraph}\n\n`.repeat(12).slice(0, 4000);
    expect(text.length).toBe(4000);
    const card = draftCard(bigModel(text));
    expectWithinLimits(card.blocks);
    expect(buttons(card.blocks).map((b) => b.action_id)).toEqual([
      ACTIONS.review,
      ACTIONS.edit,
      ACTIONS.regenerate,
      ACTIONS.preview,
      ACTIONS.reject,
    ]);
    const sections = card.blocks.filter((b): b is SectionBlock => b.type === "section");
    const shown = sections.map((s) => s.text?.text ?? "").join("\n");
    expect(shown).toContain("Sleep deprivation");
    expect(shown).toContain("[1] <https://pubmed.ncbi.nlm.nih.gov/30000000/|Citation 1");
    expect(shown).toMatch(/\+\d+ more/);
    expect(statusBlock(card.blocks)?.text?.text).toContain("Needs your review");
  });

  it("degrades gracefully when escaping inflates the text and every title is long", () => {
    const card = draftCard(bigModel("<&>".repeat(1333), 600));
    expectWithinLimits(card.blocks);
    expect(buttons(card.blocks)).toHaveLength(5);
    const last = card.blocks[card.blocks.length - 1];
    expect(last?.type).toBe("actions");
    expect(JSON.stringify(card.blocks)).toContain("shortened");
  });

  it("refuses a button value over 2,000 characters instead of cutting the id", () => {
    expect(() => draftCard(model({ draftId: "d".repeat(2001) }))).toThrow(/2000/);
  });
});

describe("draftCard buttons per status", () => {
  const cases: [DraftStatus, string[]][] = [
    [
      "ready",
      [ACTIONS.publish, ACTIONS.schedule, ACTIONS.edit, ACTIONS.regenerate, ACTIONS.preview, ACTIONS.reject],
    ],
    // Needs review means review: no one-click Publish or Schedule on the card.
    ["needs_review", [ACTIONS.review, ACTIONS.edit, ACTIONS.regenerate, ACTIONS.preview, ACTIONS.reject]],
    [
      "scheduled",
      [
        ACTIONS.publish,
        ACTIONS.reschedule,
        ACTIONS.cancelSchedule,
        ACTIONS.edit,
        ACTIONS.preview,
        ACTIONS.reject,
      ],
    ],
    ["failed", [ACTIONS.retry]],
    ["queued", []],
    ["generating", []],
    ["publishing", []],
    ["published", []],
    ["rejected", []],
  ];
  for (const [status, expected] of cases) {
    it(`${status}: ${expected.join(", ") || "no buttons"}`, () => {
      const card = draftCard(model({ status, scheduledAt: Date.UTC(2026, 10, 29, 12, 30) }));
      const found = buttons(card.blocks);
      expect(found.map((b) => b.action_id)).toEqual(expected);
      for (const b of found) expect(b.value).toBe("drf_01HZX");
      expect(statusBlock(card.blocks)).toBeDefined();
    });
  }

  it("styles publish as primary and reject as danger with a confirm dialog", () => {
    const found = buttons(draftCard(model()).blocks);
    expect(found.find((b) => b.action_id === ACTIONS.publish)?.style).toBe("primary");
    const reject = found.find((b) => b.action_id === ACTIONS.reject);
    expect(reject?.style).toBe("danger");
    expect(reject?.confirm?.text.text).toContain("not be published");
  });
});

describe("draftCard content", () => {
  it("escapes a hostile topic, text, claims, citations and notes everywhere they appear", () => {
    const card = draftCard(
      model({
        topic: EVIL,
        text: `Hello ${EVIL} <@U999>`,
        statusReason: EVIL,
        status: "needs_review",
        evidenceNote: EVIL,
        claims: [{ ordinal: 1, text: EVIL, verdict: "contradicted", note: EVIL, citationNumbers: [1] }],
        citations: [{ number: 1, kind: "knowledge", title: EVIL, ref: "doc1" }],
      }),
    );
    const mrkdwnTexts = textObjects(card.blocks).filter((t) => t.type === "mrkdwn");
    for (const t of [...mrkdwnTexts.map((m) => m.text), card.text]) {
      expect(t).not.toContain("<!channel>");
      expect(t).not.toContain("<https://evil");
      expect(t).not.toContain("<@U999>");
      expect(t).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(card.text).toContain("&lt;!channel&gt; &amp; &lt;https://evil|click&gt;");
    const all = mrkdwnTexts.map((m) => m.text).join("\n");
    expect(all.split("&lt;!channel&gt;").length - 1).toBe(6); // text, context, evidence, claim, note, status
    // plain_text is never parsed by Slack: the header shows the topic verbatim.
    const head = card.blocks[0];
    expect(head?.type === "header" && head.text.type).toBe("plain_text");
    // Mentions come only from the ordering user's id.
    expect(all).toContain("Ordered by <@U012ABC>");
  });

  it("links pubmed and url citations and leaves knowledge titles unlinked", () => {
    const card = draftCard(
      model({
        citations: [
          { number: 2, kind: "url", title: "Guideline", ref: "https://nice.org.uk/ng222", url: null },
          { number: 1, kind: "pubmed", title: "Trial", ref: "31234567" },
          { number: 3, kind: "knowledge", title: "Our notes", ref: "chunk-1" },
          { number: 4, kind: "url", title: "Bad", ref: "javascript:alert(1)" },
        ],
      }),
    );
    const evidence = card.blocks.find((b): b is SectionBlock => b.block_id === "draft_evidence");
    expect(evidence?.text?.text).toBe(
      "*Sources*\n[1] <https://pubmed.ncbi.nlm.nih.gov/31234567/|Trial> · PMID 31234567\n[2] <https://nice.org.uk/ng222|Guideline>\n[3] Our notes — _knowledge base_\n[4] Bad",
    );
    const claims = card.blocks.find((b): b is SectionBlock => b.block_id === "draft_verdicts");
    expect(claims?.text?.text).toBe("✅ Its one claim is backed by the sources.");
  });

  it("shows the context line: version, length vs limit, thread parts, offline label", () => {
    const card = draftCard(
      model({ offline: true, version: 3, charCount: 412, charLimit: 280, threadParts: 2, platform: "x" }),
    );
    const context = card.blocks.find((b) => b.type === "context");
    const text = JSON.stringify(context);
    expect(text).toContain("version 3");
    expect(text).toContain("2 posts · longest 412/280");
    expect(text).not.toContain("characters");
    expect(text).toContain("Offline draft — no language model connected");
  });

  it("renders each status in the one status section", () => {
    const at = Date.UTC(2026, 10, 29, 12, 30);
    const status = (m: Partial<DraftCardModel>) => statusBlock(draftCard(model(m)).blocks)?.text?.text ?? "";
    expect(status({ status: "scheduled", scheduledAt: at })).toContain(
      "Scheduled for 29 Nov 2026, 14:30 (Europe/Kyiv)",
    );
    expect(status({ status: "failed", statusReason: "Telegram said 400" })).toBe("❌ Telegram said 400");
    expect(status({ status: "rejected" })).toContain("Rejected");
    expect(status({ status: "ready" })).toBe("✅ *Ready to publish*");
    expect(status({ status: "ready", statusReason: "Edited by you; claims were not re-checked." })).toBe(
      "✅ *Ready to publish* — Edited by you; claims were not re-checked.",
    );
    expect(status({ status: "ready", statusReason: EVIL, language: "uk" })).toBe(
      "✅ *Готово до публікації* — &lt;!channel&gt; &amp; &lt;https://evil|click&gt;",
    );
    expect(
      status({
        status: "published",
        publications: [{ platform: "telegram", status: "published", url: "https://t.me/c/1/2" }],
      }),
    ).toBe("🚀 Published: <https://t.me/c/1/2|Telegram>");
  });

  it("lists publication errors while the draft is not published", () => {
    const card = draftCard(
      model({ status: "failed", publications: [{ platform: "x", status: "failed", error: "429 <rate>" }] }),
    );
    const pubs = card.blocks.find((b): b is SectionBlock => b.block_id === "draft_publications");
    expect(pubs?.text?.text).toContain("X: failed — 429 &lt;rate&gt;");
  });

  it("renders a Ukrainian card", () => {
    const card = draftCard(
      model({ language: "uk", status: "scheduled", scheduledAt: Date.UTC(2026, 10, 29, 12, 30) }),
    );
    expect(buttons(card.blocks).map((b) => b.text.text)).toEqual([
      "Опублікувати зараз",
      "Змінити час",
      "Скасувати планування",
      "Редагувати",
      "Переглянути частини",
      "Відхилити",
    ]);
    expect(statusBlock(card.blocks)?.text?.text).toContain("Заплановано на 29 листопада 2026, 14:30");
    expect(JSON.stringify(card.blocks)).toContain("Запит від <@U012ABC>");
    expect(card.text).toContain("Чернетка для Telegram");
  });
});

describe("progressMessage and failureCard", () => {
  it("shows one line per stage with its mark", () => {
    const msg = progressMessage({
      draftId: "d1",
      topic: EVIL,
      platform: "x",
      orderedBy: "U012ABC",
      language: "en",
      stages: [
        { stage: "style", state: "skipped" },
        { stage: "evidence", state: "done", count: 7 },
        { stage: "drafting", state: "running" },
        { stage: "checking", state: "review", count: 2 },
        { stage: "fitting", state: "failed" },
      ],
    });
    const text = JSON.stringify(msg.blocks);
    for (const line of [
      "⏭️ Matching your voice — _your past posts could not be searched — using a neutral voice_",
      "✅ Gathering evidence — _7 sources_",
      "⏳ *Drafting*",
      "⚠️ Checking claims — _2 claims for you to review_",
      "❌ Fitting to X",
    ]) {
      expect(text).toContain(line);
    }
    expect(msg.text).not.toContain("<!channel>");
    expect(text).toContain("<@U012ABC>");
  });

  it("puts the reason in the status section and offers Retry", () => {
    const card = failureCard({
      draftId: "d9",
      topic: "Lithium",
      platform: "threads",
      orderedBy: "U012ABC",
      language: "uk",
      reason: "Я не зміг написати цю чернетку. Нічого не опубліковано.",
    });
    expect(statusBlock(card.blocks)?.text?.text).toBe(
      "❌ Я не зміг написати цю чернетку. Нічого не опубліковано.",
    );
    expect(card.blocks[1]?.block_id).toBe(DRAFT_STATUS_BLOCK_ID);
    expect(buttons(card.blocks).map((b) => [b.action_id, b.value, b.text.text])).toEqual([
      [ACTIONS.retry, "d9", "Спробувати ще раз"],
    ]);
    expectWithinLimits(card.blocks);
  });
});

describe("draftCard while publishing needs the physician", () => {
  const pub = (fields: Partial<PublicationModel>): PublicationModel => ({
    platform: "telegram",
    status: "pending",
    ...fields,
  });

  it("an unconfirmed part: the question in the status, It's live / Not there buttons, live parts linked", () => {
    const card = draftCard(
      model({
        status: "publishing",
        publications: [
          pub({
            status: "uncertain",
            error: "We could not confirm that 2 of 3 went out.",
            liveParts: [{ n: 1, url: "https://t.me/chan/41" }],
          }),
        ],
      }),
    );
    expect(buttons(card.blocks).map((b) => b.action_id)).toEqual([ACTIONS.confirmLive, ACTIONS.sendAgain]);
    expect(statusBlock(card.blocks)?.text?.text).toContain("⚠️ We could not confirm that 2 of 3 went out.");
    expect(JSON.stringify(card.blocks)).toContain("Already live: <https://t.me/chan/41|part 1>");
  });

  it("changed text: continue / new thread / stop, and Stop asks for confirmation", () => {
    const card = draftCard(
      model({
        status: "publishing",
        publications: [pub({ status: "waiting", error: "2 part(s) are already live" })],
      }),
    );
    const found = buttons(card.blocks);
    expect(found.map((b) => b.action_id)).toEqual([
      ACTIONS.continueThread,
      ACTIONS.newThread,
      ACTIONS.stopThread,
    ]);
    expect(found[2]?.confirm).toBeDefined();
  });

  it("a delayed post says which limit and when it goes out, with no buttons", () => {
    const card = draftCard(
      model({
        status: "publishing",
        publications: [
          pub({ delay: { limit: "X's daily posting limit", until: Date.UTC(2026, 10, 29, 14, 5) } }),
        ],
      }),
    );
    expect(buttons(card.blocks)).toEqual([]);
    expect(statusBlock(card.blocks)?.text?.text).toBe(
      "⏳ Waiting for X's daily posting limit to reset; next attempt at 29 Nov 2026, 16:05 (Europe/Kyiv).",
    );
  });
});
