/**
 * Every state a draft card can be in, in both languages, read the way a physician reads it:
 * the verdict comes first (the status section is one of the first two blocks), each fact is
 * stated once, every source with a public address is linked, claims are numbered from 1,
 * and a Ukrainian card carries no English jargon.
 */
import type { AnyMessageBlock, SectionBlock } from "slack-web-api-client";
import { describe, expect, it } from "vitest";
import type { Language } from "../../src/db/schema";
import { reason } from "../../src/db/status-reasons";
import { encodeRefusal } from "../../src/publishers/refusal";
import type { DraftCardModel } from "../../src/slack/blocks/models";
import { evidenceNoteText, reasonText } from "../../src/slack/card-model";
import { renderCard } from "../../src/slack/card-sender";
import { DRAFT_STATUS_BLOCK_ID } from "../../src/slack/ids";
import { UK_DENY } from "./lexicon-deny";

const NOW = Date.UTC(2026, 10, 30, 8, 0);

function base(language: Language): DraftCardModel {
  return {
    draftId: "drf_states",
    topic: language === "uk" ? "Алкоголь і сон" : "Alcohol and sleep",
    platform: "x",
    status: "ready",
    statusReason: null,
    text: "Alcohol shortens the time to fall asleep [1]. It fragments the second half of the night [2].",
    version: 2,
    offline: false,
    orderedBy: "U0OLENA",
    scheduledAt: null,
    timezone: "Europe/Kyiv",
    language,
    claims: [
      { ordinal: 1, text: "Alcohol shortens sleep onset", verdict: "supported", citationNumbers: [1] },
      {
        ordinal: 2,
        text: "It fragments the second half of the night",
        verdict: "supported",
        citationNumbers: [2],
      },
    ],
    citations: [
      { number: 1, kind: "pubmed", title: "Alcohol and sleep I", ref: "23347102" },
      { number: 2, kind: "knowledge", title: "Alcohol and sleep", ref: "chunk-1" },
    ],
    evidenceNote: null,
    publications: [],
    charCount: 251,
    charLimit: 280,
    threadParts: 3,
  };
}

type State = { name: string; model: (language: Language) => DraftCardModel };

const flagged = (m: DraftCardModel): DraftCardModel => ({
  ...m,
  status: "needs_review",
  claims: [
    ...m.claims,
    {
      ordinal: 3,
      text: "Two drinks halve deep sleep",
      verdict: "unsupported",
      reasons: ["no source states 50%"],
      citationNumbers: [],
    },
  ],
});

const STATES: State[] = [
  { name: "queued", model: (l) => ({ ...base(l), status: "queued", text: "", claims: [], citations: [] }) },
  {
    name: "retrying",
    model: (l) => ({
      ...base(l),
      status: "queued",
      text: "",
      claims: [],
      citations: [],
      retry: { attempt: 2, max: 4, cause: "llm", at: NOW + 10_000 },
    }),
  },
  {
    name: "generating",
    model: (l) => ({ ...base(l), status: "generating", text: "", claims: [], citations: [] }),
  },
  { name: "ready", model: (l) => base(l) },
  {
    name: "edited",
    model: (l) => ({
      ...base(l),
      version: 3,
      statusReason: reasonText(reason("edited"), l),
      checkMode: "rules",
    }),
  },
  { name: "needs review", model: (l) => flagged(base(l)) },
  {
    name: "scheduled",
    model: (l) => ({ ...base(l), status: "scheduled", scheduledAt: Date.UTC(2026, 11, 1, 7, 0) }),
  },
  {
    name: "publishing",
    model: (l) => ({
      ...base(l),
      status: "publishing",
      publications: [{ platform: "x", status: "publishing" }],
    }),
  },
  {
    name: "published",
    model: (l) => ({
      ...base(l),
      status: "published",
      publications: [{ platform: "x", status: "published", url: "https://x.com/dr/status/1" }],
    }),
  },
  {
    name: "failed",
    model: (l) => ({
      ...base(l),
      status: "failed",
      text: "",
      claims: [],
      citations: [],
      statusReason: reasonText(reason("generation_exhausted"), l),
    }),
  },
  {
    name: "not published",
    model: (l) => ({
      ...base(l),
      publishProblem: reasonText(
        reason("publish_refused", encodeRefusal({ platform: "x", cause: "credentials", live: 0, total: 3 })),
        l,
      ),
      publications: [{ platform: "x", status: "failed", error: null }],
    }),
  },
  { name: "rejected", model: (l) => ({ ...base(l), status: "rejected" }) },
];

function sections(blocks: AnyMessageBlock[]): SectionBlock[] {
  return blocks.filter((b): b is SectionBlock => b.type === "section");
}

/** Every mrkdwn line of the card (sections and context), the header left out. */
function lines(blocks: AnyMessageBlock[]): string[] {
  const texts: string[] = [];
  for (const b of blocks) {
    if (b.type === "section" && b.text) texts.push(b.text.text);
    if (b.type === "context") for (const e of b.elements) if ("text" in e) texts.push(e.text);
  }
  return texts.flatMap((t) => t.split("\n")).filter((l) => l.trim() !== "");
}

describe.each(["en", "uk"] as const)("every card state (%s)", (language) => {
  it.each(STATES.map((s) => [s.name, s] as const))("%s: verdict first, each fact once", (_name, state) => {
    const model = state.model(language);
    const { blocks } = renderCard(model);
    const statusAt = blocks.findIndex((b) => b.block_id === DRAFT_STATUS_BLOCK_ID);
    expect(statusAt).toBeGreaterThanOrEqual(0);
    expect(statusAt).toBeLessThanOrEqual(1);
    expect(blocks.filter((b) => b.block_id === DRAFT_STATUS_BLOCK_ID)).toHaveLength(1);
    // No line (sentence-sized or longer) is said twice anywhere on the card.
    const said = lines(blocks).filter((l) => l.length > 12);
    expect(said.length, said.join("\n")).toBe(new Set(said).size);
    // Ordinals start at 1.
    expect(lines(blocks).join("\n")).not.toMatch(/(^|\s)0\. /);
    if (language === "uk") {
      for (const line of lines(blocks)) expect(line, line).not.toMatch(UK_DENY);
    }
  });
});

describe("what each state says", () => {
  const status = (m: DraftCardModel) =>
    sections(renderCard(m).blocks).find((b) => b.block_id === DRAFT_STATUS_BLOCK_ID)?.text?.text ?? "";
  const all = (m: DraftCardModel) => lines(renderCard(m).blocks).join("\n");

  it("needs review: the count once, in the status; every claim listed with the flagged one's reason", () => {
    const m = flagged(base("en"));
    expect(status(m)).toBe("⚠️ *Needs your review*: 1 of 3 claims are not backed by the sources (below).");
    const text = all(m);
    expect(text.match(/1 of 3/g)).toHaveLength(1);
    expect(text).toContain("*Claims*\n✅ 1. Alcohol shortens sleep onset [1]\n✅ 2. It fragments");
    expect(text).toContain(
      "⚠️ 3. Two drinks halve deep sleep — _not supported by the sources_: no source states 50%",
    );
  });

  it("clean claims collapse to one line", () => {
    expect(all(base("en"))).toContain("✅ All 2 claims are backed by the sources.");
    expect(all(base("uk"))).toContain("✅ Усі твердження (2) підтверджені джерелами.");
  });

  it("a thread reads as posts and the longest, not as an error", () => {
    expect(all(base("en"))).toContain("3 posts · longest 251/280");
    expect(all(base("en"))).not.toContain("251/280 characters");
    expect(all({ ...base("en"), threadParts: 1, charCount: 120 })).toContain("120/280 characters");
  });

  it("every source with a public address is linked; a knowledge passage says where it is from", () => {
    const text = all(base("en"));
    expect(text).toContain(
      "[1] <https://pubmed.ncbi.nlm.nih.gov/23347102/|Alcohol and sleep I> · PMID 23347102",
    );
    expect(text).toContain("[2] Alcohol and sleep — _knowledge base_");
  });

  it("a refused publish: one sentence, in the physician's language, and no Ready anywhere", () => {
    const en = all(STATES.find((s) => s.name === "not published")?.model("en") ?? base("en"));
    expect(en).toContain(
      "❌ Not published to X: X did not accept the account's sign-in. Nothing went out. Ask your admin to reconnect the account, then press Publish again.",
    );
    expect(en).not.toMatch(/Ready/);
    expect(en).not.toContain("failed —");
    const uk = all(STATES.find((s) => s.name === "not published")?.model("uk") ?? base("uk"));
    expect(uk).toContain(
      "❌ Не опубліковано в X: X не прийняв дані входу облікового запису. Нічого не вийшло.",
    );
    expect(uk).not.toMatch(/Готово|X_|credentials/);
  });

  it("a failed draft says what failed, that nothing was published and what to do — once", () => {
    const m = STATES.find((s) => s.name === "failed")?.model("uk") ?? base("uk");
    const text = all(m);
    expect(status(m)).toMatch(/^❌ Я не зміг написати цю чернетку: .*Нічого не опубліковано\. Натисніть/);
    expect(text.match(/Не вдалося/g) ?? []).toHaveLength(0);
  });

  it("a retry says which attempt, why and when, instead of Queued", () => {
    const m = STATES.find((s) => s.name === "retrying")?.model("en") ?? base("en");
    expect(status(m)).toBe(
      "🔁 *Retrying (2 of 4)* — the language model did not answer. Next try at 30 Nov 2026, 10:00 (Europe/Kyiv). Nothing is lost.",
    );
  });

  it("an edit's check is said once: by the status reason, not again in the context line", () => {
    const edited = {
      ...base("en"),
      statusReason: reasonText(reason("edited_checked"), "en"),
      statusReasonCode: "edited_checked" as const,
      checkMode: "rules" as const,
    };
    expect(all(edited)).toContain("Edited by you; the rules found nothing to review.");
    expect(all(edited)).not.toContain("re-checked by rules");
    expect(all({ ...edited, statusReason: null, statusReasonCode: null })).toContain("re-checked by rules");
  });

  it("a text that cites sources but had no claims split out does not say there is nothing to check", () => {
    const extractive = { ...base("en"), claims: [] };
    expect(all(extractive)).toContain("Its statements are taken from the numbered sources");
    expect(all(extractive)).not.toContain("No medical claims to check.");
    expect(all({ ...extractive, citations: [] })).toContain("No medical claims to check.");
  });

  it("no evidence on a draft that makes claims says they went unchecked, not that it avoids facts", () => {
    expect(evidenceNoteText("no_evidence", "en", 0)).toBe(
      "No matching evidence was found; the draft avoids medical facts.",
    );
    expect(evidenceNoteText("no_evidence", "en", 3)).toBe(
      "No matching evidence was found, so its 3 claims could not be checked against a source.",
    );
    expect(evidenceNoteText("pubmed_unavailable,no_evidence", "uk", 1)).toContain(
      "твердження (1) не вдалося звірити",
    );
  });
});
