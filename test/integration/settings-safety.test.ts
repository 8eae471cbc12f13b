/**
 * The App Home settings form's reader lines: the readers' country, an own crisis-resource
 * line and a disclaimer per platform are stored from a submission, invalid values come back
 * as field errors (nothing stored), and the form reopens with what was saved.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { seedPhysician } from "../helpers";
import { blockAction, bodyOf, plain, select, slackCalls, slackPost, viewSubmission } from "../slack-helpers";

async function submit(values: Record<string, Record<string, unknown>>) {
  const { res } = await slackPost("/slack/interactions", viewSubmission("settings_modal", values));
  expect(res.status).toBe(200);
  const text = await res.text();
  return text ? (JSON.parse(text) as { response_action: string; errors: Record<string, string> }) : null;
}

const BASE = { timezone: plain("Europe/Kyiv"), language: select("en"), platform: select("telegram") };

async function stored() {
  const row = await env.DB.prepare(
    "SELECT country, crisis_line, disclaimers, timezone FROM physicians",
  ).first<{
    country: string | null;
    crisis_line: string | null;
    disclaimers: string | null;
    timezone: string;
  }>();
  return { ...row, disclaimers: row?.disclaimers ? JSON.parse(row.disclaimers) : null };
}

describe("settings: country, crisis line, disclaimers", () => {
  it("stores the country, the own crisis line and the disclaimers that were filled in", async () => {
    await seedPhysician();
    const reply = await submit({
      ...BASE,
      country: select("UA"),
      crisis_line: plain("  Lifeline Ukraine:\n7333 "),
      disclaimer_telegram: plain(""),
      disclaimer_x: plain("Not medical advice."),
      disclaimer_threads: plain("Загальна інформація, не медична порада."),
    });
    expect(reply).toBeNull();
    expect(await stored()).toEqual({
      country: "UA",
      crisis_line: "Lifeline Ukraine: 7333",
      disclaimers: { x: "Not medical advice.", threads: "Загальна інформація, не медична порада." },
      timezone: "Europe/Kyiv",
    });
  });

  it("'other' country, an empty crisis line and no disclaimers store nothing", async () => {
    await seedPhysician();
    await submit({
      ...BASE,
      country: select("GB"),
      crisis_line: plain("Call 116 123"),
      disclaimer_x: plain("x"),
    });
    expect(
      await submit({ ...BASE, country: select("other"), crisis_line: plain(""), disclaimer_x: plain(" ") }),
    ).toBeNull();
    expect(await stored()).toMatchObject({ country: null, crisis_line: null, disclaimers: null });
  });

  it("refuses a crisis line without a number, and over-long lines, storing nothing", async () => {
    await seedPhysician();
    const reply = await submit({
      ...BASE,
      timezone: plain("Mars/Olympus"),
      country: select("US"),
      crisis_line: plain("Please talk to someone."),
      disclaimer_threads: plain("d".repeat(201)),
    });
    expect(reply?.response_action).toBe("errors");
    expect(Object.keys(reply?.errors ?? {}).sort()).toEqual([
      "crisis_line",
      "disclaimer_threads",
      "timezone",
    ]);
    expect(reply?.errors.crisis_line).toBe("Add a phone number or a web address readers can use.");
    expect(await stored()).toMatchObject({
      country: null,
      crisis_line: null,
      disclaimers: null,
      timezone: "UTC",
    });

    const long = await submit({ ...BASE, crisis_line: plain(`Call 7333 ${"a".repeat(200)}`) });
    expect(long?.errors).toEqual({ crisis_line: "Keep the crisis line within 200 characters." });
  });

  it("reopens the form with the saved country, crisis line and disclaimers", async () => {
    await seedPhysician();
    await submit({
      ...BASE,
      country: select("PL"),
      crisis_line: plain("Centrum Wsparcia 800 70 2222"),
      disclaimer_x: plain("Not medical advice."),
    });
    await slackPost(
      "/slack/interactions",
      blockAction("home_settings", "", "U_DOC1", { response_url: undefined }),
    );
    const [open] = await slackCalls("views.open");
    const view = bodyOf(open).view as { blocks: { block_id: string; element: Record<string, unknown> }[] };
    const element = (id: string) => view.blocks.find((b) => b.block_id === id)?.element;
    expect(element("country")).toMatchObject({ initial_option: { value: "PL" } });
    expect(element("crisis_line")).toMatchObject({
      initial_value: "Centrum Wsparcia 800 70 2222",
      max_length: 200,
    });
    expect(element("disclaimer_x")).toMatchObject({ initial_value: "Not medical advice." });
    expect(element("disclaimer_telegram")).not.toHaveProperty("initial_value");
  });
});
