import type {
  ActionsBlock,
  AnyHomeTabBlock,
  AnyModalBlock,
  Button,
  ModalView,
  SectionBlock,
  ViewInputBlock,
} from "slack-web-api-client";
import { describe, expect, it } from "vitest";
import type { Language } from "../../src/db/schema";
import { homeView, parseRowMenuValue } from "../../src/slack/blocks/home";
import {
  draftViewModal,
  editModal,
  generateModal,
  manualPostModal,
  scheduleModal,
  settingsModal,
  uploadGuidelineModal,
} from "../../src/slack/blocks/modals";
import type { DraftCardModel, HomeDraftRow, HomeModel } from "../../src/slack/blocks/models";
import { ACTIONS, CALLBACKS, DRAFT_STATUS_BLOCK_ID, INPUTS } from "../../src/slack/ids";

const EVIL = "<!channel> & <https://evil|click>";

function inputs(view: ModalView): ViewInputBlock[] {
  return view.blocks.filter((b): b is ViewInputBlock => b.type === "input");
}

function inputById(view: ModalView, id: string): ViewInputBlock {
  const block = inputs(view).find((b) => b.block_id === id);
  if (block === undefined) throw new Error(`no input ${id}`);
  return block;
}

function allModals(language: Language): ModalView[] {
  return [
    generateModal({ language, defaultPlatform: "x", topic: "Sleep", channelId: "C123" }),
    editModal({ language, draftId: "d1", text: "Hello", platform: "threads" }),
    scheduleModal({
      language,
      draftId: "d1",
      timezone: "Europe/Kyiv",
      initialDate: "2026-11-29",
      initialTime: "14:30",
    }),
    manualPostModal({ language, defaultPlatform: "telegram", timezone: "Europe/Kyiv" }),
    uploadGuidelineModal({ language }),
    settingsModal({ language, defaultPlatform: "telegram", timezone: "Europe/Kyiv" }),
    draftViewModal(cardModel(language)),
  ];
}

function cardModel(language: Language): DraftCardModel {
  return {
    draftId: "d1",
    topic: "Sleep",
    platform: "telegram",
    status: "ready",
    text: "Text",
    version: 1,
    offline: false,
    orderedBy: "U012ABC",
    timezone: "Europe/Kyiv",
    language,
    claims: [],
    citations: [],
    publications: [],
    charCount: 4,
    charLimit: 4096,
    threadParts: 1,
  };
}

describe("modals", () => {
  for (const language of ["en", "uk"] as const) {
    it(`${language}: titles and buttons fit, every input uses its INPUTS id for block and action`, () => {
      const known = new Set<string>(Object.values(INPUTS));
      const views = allModals(language);
      expect(views.map((v) => v.callback_id)).toEqual([
        CALLBACKS.generate,
        CALLBACKS.edit,
        CALLBACKS.schedule,
        CALLBACKS.manualPost,
        CALLBACKS.uploadGuideline,
        CALLBACKS.settings,
        CALLBACKS.viewDraft,
      ]);
      for (const view of views) {
        expect(view.type).toBe("modal");
        expect(view.title.text.length).toBeLessThanOrEqual(24);
        expect((view.submit?.text ?? "").length).toBeLessThanOrEqual(24);
        expect((view.close?.text ?? "").length).toBeLessThanOrEqual(24);
        expect(view.blocks.length).toBeLessThanOrEqual(100);
        for (const block of inputs(view)) {
          expect(known.has(block.block_id ?? "")).toBe(true);
          expect(block.element.action_id).toBe(block.block_id);
          // Slack refuses a plain_text_input whose max_length or initial_value exceeds 3,000.
          if (block.element.type === "plain_text_input") {
            expect(block.element.max_length ?? 0).toBeLessThanOrEqual(3000);
            expect(block.element.initial_value?.length ?? 0).toBeLessThanOrEqual(3000);
          }
        }
      }
    });
  }

  it("new draft: topic, platform preselected, optional source URL, channel in metadata", () => {
    const view = generateModal({
      language: "en",
      defaultPlatform: "x",
      topic: "Sleep",
      sourceUrl: "https://example.org/a",
      channelId: "C123",
    });
    expect(JSON.parse(view.private_metadata ?? "")).toEqual({ channelId: "C123" });
    const topic = inputById(view, INPUTS.topic).element;
    expect(topic).toMatchObject({
      type: "plain_text_input",
      multiline: true,
      max_length: 500,
      initial_value: "Sleep",
    });
    const platform = inputById(view, INPUTS.platform).element;
    expect(platform.type).toBe("static_select");
    if (platform.type === "static_select") {
      expect(platform.options?.map((o) => o.value)).toEqual(["telegram", "x", "threads"]);
      expect(platform.initial_option).toEqual(platform.options?.[1]);
    }
    const url = inputById(view, INPUTS.sourceUrl);
    expect(url.optional).toBe(true);
    expect(url.element).toMatchObject({ type: "url_text_input", initial_value: "https://example.org/a" });
    expect(
      JSON.parse(generateModal({ language: "uk", defaultPlatform: "telegram" }).private_metadata ?? ""),
    ).toEqual({});
  });

  it("edit: prefilled text over two inputs of ≤ 3,000 and platform, draft id in metadata", () => {
    // 5,000 characters without a space: a hard cut, nothing between the pieces.
    const view = editModal({ language: "uk", draftId: "d7", text: "a".repeat(5000), platform: "threads" });
    expect(JSON.parse(view.private_metadata ?? "")).toEqual({ draftId: "d7", textJoiner: "" });
    const text = inputById(view, INPUTS.text).element;
    expect(text).toMatchObject({ type: "plain_text_input", multiline: true, max_length: 3000 });
    if (text.type === "plain_text_input") expect(text.initial_value?.length).toBe(3000);
    const more = inputById(view, INPUTS.textMore);
    expect(more.optional).toBe(true);
    expect(more.element).toMatchObject({ type: "plain_text_input", multiline: true, max_length: 3000 });
    if (more.element.type === "plain_text_input") expect(more.element.initial_value?.length).toBe(2000);
    const platform = inputById(view, INPUTS.platform).element;
    if (platform.type === "static_select") expect(platform.initial_option?.value).toBe("threads");
    expect(view.title.text).toBe("Редагування чернетки");
    const short = editModal({ language: "en", draftId: "d8", text: "Short.", platform: "x" });
    expect(JSON.parse(short.private_metadata ?? "")).toEqual({ draftId: "d8" });
    const shortMore = inputById(short, INPUTS.textMore).element;
    if (shortMore.type === "plain_text_input") expect(shortMore.initial_value).toBeUndefined();
  });

  it("edit: says an edit is saved as a new version and not re-checked, in both languages", () => {
    const en = inputById(editModal({ language: "en", draftId: "d", text: "t", platform: "x" }), INPUTS.text);
    expect(en.hint?.text).toContain("new version");
    expect(en.hint?.text).toContain("not re-checked");
    expect(en.hint?.text).toContain("Regenerate");
    expect(en.hint?.text).not.toMatch(/checked again after/);
    const uk = inputById(editModal({ language: "uk", draftId: "d", text: "t", platform: "x" }), INPUTS.text);
    expect(uk.hint?.text).toContain("нова версія");
    expect(uk.hint?.text).toContain("не перевіряються повторно");
    expect(uk.hint?.text).toContain("«Згенерувати ще раз»");
  });

  it("a form pushed over the draft view names that view in its metadata", () => {
    const edit = editModal({ language: "en", draftId: "d1", text: "t", platform: "x", parentViewId: "V1" });
    expect(JSON.parse(edit.private_metadata ?? "")).toEqual({ draftId: "d1", parentViewId: "V1" });
    const schedule = scheduleModal({
      language: "en",
      draftId: "d1",
      timezone: "UTC",
      initialDate: "2030-01-01",
      initialTime: "10:00",
      parentViewId: "V1",
    });
    expect(JSON.parse(schedule.private_metadata ?? "")).toEqual({ draftId: "d1", parentViewId: "V1" });
  });

  it("schedule: date and time pickers, hint names the physician's zone", () => {
    const view = scheduleModal({
      language: "en",
      draftId: "d1",
      timezone: "America/New_York",
      initialDate: "2026-11-29",
      initialTime: "14:30",
    });
    expect(JSON.parse(view.private_metadata ?? "")).toEqual({ draftId: "d1" });
    expect(inputById(view, INPUTS.date).element).toMatchObject({
      type: "datepicker",
      initial_date: "2026-11-29",
    });
    const time = inputById(view, INPUTS.time);
    expect(time.element).toMatchObject({
      type: "timepicker",
      initial_time: "14:30",
      timezone: "America/New_York",
    });
    expect(time.hint?.text).toContain("America/New_York");
    expect(time.optional).toBeUndefined();
  });

  it("manual post: text, platform, optional date and time", () => {
    const view = manualPostModal({ language: "en", defaultPlatform: "telegram", timezone: "Europe/Kyiv" });
    expect(inputs(view).map((b) => b.block_id)).toEqual([
      INPUTS.text,
      INPUTS.platform,
      INPUTS.date,
      INPUTS.time,
    ]);
    expect(inputById(view, INPUTS.date).optional).toBe(true);
    expect(inputById(view, INPUTS.time).optional).toBe(true);
    expect(inputById(view, INPUTS.time).hint?.text).toContain("Europe/Kyiv");
  });

  it("upload guideline: one PDF, TXT or MD file", () => {
    const view = uploadGuidelineModal({ language: "en" });
    const file = inputById(view, INPUTS.file);
    expect(file.element).toEqual({
      type: "file_input",
      action_id: INPUTS.file,
      filetypes: ["pdf", "txt", "md"],
      max_files: 1,
    });
    expect(file.hint?.text).toBe("PDF, TXT or MD, up to 10 MB.");
  });

  it("settings: platform and language preselected, time zone prefilled with an IANA hint", () => {
    const view = settingsModal({ language: "uk", defaultPlatform: "x", timezone: "Europe/Kyiv" });
    const language = inputById(view, INPUTS.language).element;
    if (language.type === "static_select") {
      expect(language.options?.map((o) => o.value)).toEqual(["en", "uk"]);
      expect(language.initial_option?.value).toBe("uk");
    }
    const platform = inputById(view, INPUTS.platform).element;
    if (platform.type === "static_select") expect(platform.initial_option?.value).toBe("x");
    const timezone = inputById(view, INPUTS.timezone);
    expect(timezone.element.type).toBe("static_select");
    if (timezone.element.type === "static_select") {
      expect(timezone.element.initial_option?.value).toBe("Europe/Kyiv");
      expect(timezone.element.initial_option?.text.text).toBe(
        "Київ, Львів, Одеса, Харків, Дніпро — Europe/Kyiv",
      );
      const options = timezone.element.options ?? [];
      expect(options.length).toBeLessThanOrEqual(100);
      for (const o of options) expect(o.text.text.length).toBeLessThanOrEqual(75);
    }
    expect(timezone.hint?.text).toBe("Почніть вводити місто, напр. Київ.");
  });

  it("draft view: the card's modal-compatible blocks, with the status section", () => {
    const view = draftViewModal(cardModel("en"));
    const allowed = new Set([
      "actions",
      "context",
      "divider",
      "header",
      "image",
      "section",
      "video",
      "rich_text",
      "markdown",
    ]);
    for (const block of view.blocks) expect(allowed.has(block.type)).toBe(true);
    expect(view.blocks.some((b: AnyModalBlock) => b.block_id === DRAFT_STATUS_BLOCK_ID)).toBe(true);
    expect(view.submit).toBeUndefined();
    expect(JSON.parse(view.private_metadata ?? "")).toEqual({ draftId: "d1" });
  });
});

function row(i: number, overrides: Partial<HomeDraftRow> = {}): HomeDraftRow {
  return {
    id: `d${i}`,
    topic: `Topic ${i}`,
    platform: "telegram",
    status: "ready",
    createdAt: Date.UTC(2026, 10, 20, 9, 0),
    ...overrides,
  };
}

function home(overrides: Partial<HomeModel> = {}): HomeModel {
  return {
    language: "en",
    timezone: "Europe/Kyiv",
    defaultPlatform: "telegram",
    displayName: "Dr. Kovalenko",
    sections: [
      {
        section: "needs_review",
        total: 2,
        page: 0,
        rows: [row(1, { status: "needs_review" }), row(2, { status: "needs_review" })],
      },
      { section: "failed", total: 1, page: 0, rows: [row(3, { status: "ready" })] },
      { section: "ready", total: 12, page: 1, rows: Array.from({ length: 5 }, (_, i) => row(10 + i)) },
      {
        section: "scheduled",
        total: 1,
        page: 0,
        rows: [row(99, { status: "scheduled", scheduledAt: Date.UTC(2026, 10, 29, 12, 30) })],
      },
      { section: "working", total: 1, page: 0, rows: [row(40, { status: "generating" })] },
      {
        section: "published",
        total: 1,
        page: 0,
        rows: [
          row(50, {
            status: "published",
            updatedAt: Date.UTC(2026, 10, 21, 8, 0),
            url: "https://t.me/c/1/2",
          }),
        ],
      },
      { section: "rejected", total: 0, page: 0, rows: [] },
    ],
    ...overrides,
  };
}

function homeButtons(blocks: AnyHomeTabBlock[]): Button[] {
  return blocks
    .filter((b): b is ActionsBlock => b.type === "actions")
    .flatMap((b) => b.elements.filter((e): e is Button => e.type === "button"));
}

function headers(blocks: AnyHomeTabBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === "header" ? [b.text.text] : []));
}

function menus(blocks: AnyHomeTabBlock[]): { topic: string; values: string[] }[] {
  return blocks.flatMap((b) =>
    b.type === "section" && b.accessory?.type === "overflow"
      ? [{ topic: b.text?.text ?? "", values: (b.accessory.options ?? []).map((o) => o.value ?? "") }]
      : [],
  );
}

describe("homeView", () => {
  it("groups drafts by what they need, counts in the headings, what needs you first", () => {
    const view = homeView(home());
    expect(view.type).toBe("home");
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(headers(view.blocks)).toEqual([
      "Serotonin Script",
      "⚠️ Needs your review · 2",
      "❌ Failed · 1",
      "✅ Ready to publish · 12",
      "🗓️ Scheduled · 1",
      "✍️ In progress · 1",
      "🚀 Published · 1",
    ]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("Hello, Dr. Kovalenko! 3 drafts need you — at the top.");
    expect(text).toContain("Default platform: Telegram · Language: English · Time zone: Europe/Kyiv");
    // The zone is stated once, not on every line.
    expect(text.match(/\(Europe\/Kyiv\)/g) ?? []).toHaveLength(0);
    expect(text).toContain("Telegram · goes out 29 Nov 2026, 14:30");
    expect(text).toContain("Telegram · published 21 Nov 2026, 10:00 · <https://t.me/c/1/2|View post>");
    expect(text).toContain("Telegram · not published — open it to see why");
    expect(text).toContain("Telegram · created 20 Nov 2026, 11:00");
    const ids = homeButtons(view.blocks).map((b) => b.action_id);
    for (const id of [
      ACTIONS.homeNewDraft,
      ACTIONS.homeManualPost,
      ACTIONS.homeUploadGuideline,
      ACTIONS.homeSettings,
    ]) {
      expect(ids).toContain(id);
    }
  });

  it("row actions sit in one overflow menu (2–5 options); no red Delete on every row", () => {
    const view = homeView(home());
    expect(homeButtons(view.blocks).some((b) => b.style === "danger")).toBe(false);
    const rows = menus(view.blocks);
    for (const r of rows) {
      expect(r.values.length).toBeGreaterThanOrEqual(2);
      expect(r.values.length).toBeLessThanOrEqual(5);
    }
    expect(rows.find((r) => r.topic.includes("Topic 1"))?.values).toEqual(["open:d1", "delete:d1"]);
    expect(rows.find((r) => r.topic.includes("Topic 99"))?.values).toEqual([
      "open:d99",
      "reschedule:d99",
      "cancel:d99",
      "delete:d99",
    ]);
    for (const value of ["open:d1", "cancel:d99", "delete:d1"]) {
      expect(parseRowMenuValue(value)).toEqual({ verb: value.split(":")[0], draftId: value.split(":")[1] });
    }
    expect(parseRowMenuValue("drop:d1")).toBeUndefined();
    // A draft being written has one thing to do: open it.
    const writing = view.blocks.find(
      (b): b is SectionBlock => b.type === "section" && (b.text?.text.includes("Topic 40") ?? false),
    );
    expect(writing?.accessory).toMatchObject({
      type: "button",
      action_id: ACTIONS.homeOpenDraft,
      value: "d40",
    });
  });

  it("pages a section only when it has more than one page, and says where you are", () => {
    const view = homeView(home());
    const nav = homeButtons(view.blocks).filter(
      (b) => b.action_id === ACTIONS.homePagePrev || b.action_id === ACTIONS.homePageNext,
    );
    expect(nav.map((b) => [b.action_id, b.value])).toEqual([
      [ACTIONS.homePagePrev, "ready:0"],
      [ACTIONS.homePageNext, "ready:2"],
    ]);
    expect(JSON.stringify(view.blocks)).toContain("6–10 of 12");
    expect(JSON.stringify(view.blocks)).not.toMatch(/Page \d/);
  });

  it("escapes and truncates topics and shows the empty state, in Ukrainian too", () => {
    const hostile = home({
      sections: [
        { section: "ready", total: 1, page: 0, rows: [row(1, { topic: `${EVIL} ${"x".repeat(500)}` })] },
      ],
    });
    const sections = homeView(hostile).blocks.filter((b): b is SectionBlock => b.type === "section");
    const draft = sections.find((s) => s.text?.text.includes("&lt;!channel&gt;"));
    expect(draft?.text?.text).not.toContain("<!channel>");
    expect(draft?.text?.text.length).toBeLessThan(400);
    const empty = homeView(home({ sections: [], language: "uk", displayName: "" }));
    const emptyText = JSON.stringify(empty.blocks);
    expect(emptyText).toContain("Чернеток ще немає");
    expect(emptyText).toContain("Вітаю! Зараз нічого не чекає на вас.");
  });
});
