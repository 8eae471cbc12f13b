/**
 * The playground loop on a real `wrangler dev --local`, with no Slack app, no keys and no
 * network: the Worker's Slack calls go to its own `/dev/slack-api/` sink over loopback (as
 * `npm start` sets it up), so a `/draft` sent from the playground API comes back as a
 * progress message and a card; Publish lands in the local outbox; App Home renders. Then
 * the same in the page, in headless Chromium (Debian's `chromium`, driven by
 * playwright-core): type /draft, watch the progress and the card, edit, schedule, publish,
 * see the outbox, open App Home. It saves docs/playground.png, which the README shows.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountFakeSettings } from "../../scripts/lib/account-fakes";
import { PLAYGROUND_BOT_TOKEN } from "../../scripts/lib/playground";
import { createFakesClient, fakeBaseUrls, startFakeServer } from "../fakes";
import { type DevServer, freePort, startDevServer } from "./dev-server";

const OLENA = "U0OLENA";

interface Call {
  method: string;
  args: Record<string, unknown>;
  answer: Record<string, unknown>;
}
interface State {
  calls: Call[];
  views: { id: string }[];
  outbox: { draftId: string; platform: string }[];
}

let fakes: Awaited<ReturnType<typeof startFakeServer>>;
let dev: DevServer;

beforeAll(async () => {
  // The fakes stand in for PubMed and the rest; Slack is the Worker's own sink.
  fakes = await startFakeServer();
  const port = await freePort();
  dev = await startDevServer(
    {
      ...fakeBaseUrls(fakes.url),
      SLACK_API_URL: `http://127.0.0.1:${port}/dev/slack-api`,
      SLACK_BOT_TOKEN: PLAYGROUND_BOT_TOKEN,
      // As `npm start` does without the X, Threads and Telegram apps: their fakes.
      ...accountFakeSettings(fakes.url, "e2e-webhook-secret"),
    },
    { port },
  );
});

afterAll(async () => {
  await dev?.stop();
  await fakes?.close();
});

async function api(route: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${dev.url}/dev/api/${route}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, route).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

const state = async () => (await api("state")) as unknown as State;

describe("the playground on wrangler dev", () => {
  it("drafts, shows the card, publishes to the outbox and renders App Home, all offline", async () => {
    const reply = await api("command", { user: OLENA, text: "/draft sleep hygiene | telegram" });
    expect(reply.status).toBe(200);

    let card: Call | undefined;
    await expect
      .poll(
        async () => {
          card = (await state()).calls.find(
            (c) =>
              c.method === "chat.update" && JSON.stringify(c.args.blocks ?? "").includes("draft_publish"),
          );
          return card !== undefined;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    const calls = (await state()).calls.map((c) => c.method);
    // First contact synced the physician's Slack profile; progress came before the card.
    expect(calls).toContain("users.info");
    expect(calls.indexOf("chat.postMessage")).toBeLessThan(calls.lastIndexOf("chat.update"));
    expect(card?.answer.ok).toBe(true);

    const draftId = /"action_id":"draft_publish".*?"value":"([^"]+)"/.exec(
      JSON.stringify(card?.args.blocks),
    )?.[1];
    expect(draftId).toBeTruthy();
    const published = await api("action", {
      user: OLENA,
      action: { action_id: "draft_publish", value: draftId },
      message: { channel: String(card?.args.channel), ts: String(card?.args.ts) },
    });
    expect(published.status).toBe(200);
    await expect
      .poll(async () => (await state()).outbox.filter((p) => p.draftId === draftId).map((p) => p.platform), {
        timeout: 30_000,
        interval: 500,
      })
      .toContain("telegram");

    const home = await api("home", { user: OLENA });
    await expect
      .poll(async () => (await state()).views.map((v) => v.id), { timeout: 10_000 })
      .toContain(home.viewId);
    // Nothing of it went anywhere but this machine.
    expect(await createFakesClient(fakes.url).requests("slack")).toEqual([]);
  });

  it("Connect opens the fake consent page locally, and the account shows in App Home", async () => {
    const fakesClient = createFakesClient(fakes.url);
    await fakesClient.addXUser({ id: "2001", username: "dr_olena" });
    const clicked = await api("action", {
      user: OLENA,
      action: { action_id: "account_connect", value: "x" },
    });
    expect(clicked.status).toBe(200);
    let consent: string | undefined;
    await expect
      .poll(
        async () => {
          const opened = (await state()).calls.filter((c) => c.method === "views.open").at(-1);
          consent = /"url":"([^"]+)"/.exec(JSON.stringify(opened?.args.view ?? ""))?.[1];
          return consent?.startsWith(`${fakes.url}/x/i/oauth2/authorize?`);
        },
        { timeout: 10_000, interval: 250 },
      )
      .toBe(true);
    const back = await fakesClient.approveConsent(String(consent), { loginAs: "dr_olena" });
    expect(back.startsWith(`${dev.url}/oauth/x/callback?`)).toBe(true);
    const page = await fetch(back);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("@dr_olena");
    await api("home", { user: OLENA });
    await expect
      .poll(
        async () =>
          JSON.stringify((await state()).calls.filter((c) => c.method === "views.publish").at(-1)?.args),
        {
          timeout: 10_000,
        },
      )
      .toContain("@dr_olena");
  });

  it("has no playground in the production configuration", () => {
    const toml = readFileSync(path.resolve(import.meta.dirname, "../../wrangler.toml"), "utf8");
    const start = toml.search(/^\[+env\.production/m);
    expect(start).toBeGreaterThan(0);
    expect(toml.slice(start)).not.toMatch(/PLAYGROUND|Playground/);
    expect(toml.slice(0, start)).toMatch(/name = "PLAYGROUND"/);
  });
});

/** Debian's chromium (TOOLCHAIN.md); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOT = path.resolve(import.meta.dirname, "../../docs/playground.png");

describe("the playground page in headless Chromium", () => {
  it("orders a draft, edits, schedules and publishes it, shows the outbox and App Home", {
    timeout: 180_000,
  }, async () => {
    // No pretending: without a browser this item fails and says why.
    expect(
      existsSync(CHROMIUM),
      `no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`,
    ).toBe(true);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(err.message));
      page.on("dialog", (dialog) => void dialog.accept());
      await page.goto(`${dev.url}/dev/`);
      await page.selectOption("#physician", "U0SAM");
      await expect.poll(() => page.textContent("#status"), { timeout: 10_000 }).toBe("live");

      await page.fill("#command", "/draft caffeine and sleep | telegram");
      await page.keyboard.press("Enter");
      const publish = page.locator('#messages button[data-action="draft_publish"]').last();
      await publish.waitFor({ timeout: 60_000 });
      await expect.poll(() => page.textContent("#messages")).toMatch(/only visible to you/);

      // Edit: the modal opens with the text; the saved text is on the card.
      await page.locator('#messages button[data-action="draft_edit"]').last().click();
      const editor = page.locator("dialog[open] textarea").first();
      await editor.waitFor({ timeout: 15_000 });
      await editor.fill("Caffeine lingers for hours. Move your last cup to lunch and see how you sleep.");
      await page.locator('dialog[open] button[type="submit"]').click();
      await page
        .locator("dialog[open]")
        .waitFor({ state: "detached", timeout: 15_000 })
        .catch(() => undefined);
      await expect
        .poll(() => page.textContent("#messages"), { timeout: 15_000 })
        .toContain("Move your last cup to lunch");

      await page.screenshot({ path: SCREENSHOT });

      // Publish: confirmed, then the post is in the outbox.
      await page.locator('#messages button[data-action="draft_publish"]').last().click();
      await expect
        .poll(() => page.locator('#outbox .outbox-post[data-platform="telegram"]').allTextContents(), {
          timeout: 30_000,
        })
        .toEqual(expect.arrayContaining([expect.stringContaining("Move your last cup to lunch")]));

      // A second draft, scheduled: the schedule modal takes a date and time.
      await page.fill("#command", "/draft sleep hygiene | telegram");
      await page.keyboard.press("Enter");
      await expect
        .poll(() => page.locator('#messages button[data-action="draft_schedule"]').count(), {
          timeout: 60_000,
        })
        .toBeGreaterThan(0);
      await page.locator('#messages button[data-action="draft_schedule"]').last().click();
      const date = page.locator('dialog[open] input[type="date"]');
      await date.waitFor({ timeout: 15_000 });
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await date.fill(tomorrow);
      await page.locator('dialog[open] input[type="time"]').fill("09:30");
      await page.locator('dialog[open] button[type="submit"]').click();
      await expect
        .poll(() => page.locator('#messages button[data-action="draft_cancel_schedule"]').count(), {
          timeout: 15_000,
        })
        .toBeGreaterThan(0);

      // /draft alone opens the new-draft form; an empty topic is refused inline, then it drafts.
      await page.fill("#command", "/draft");
      await page.keyboard.press("Enter");
      await page.locator("dialog[open] textarea").first().waitFor({ timeout: 15_000 });
      await page.locator('dialog[open] button[type="submit"]').click();
      await expect
        .poll(async () => (await page.locator("dialog[open] .error").allTextContents()).join(""), {
          timeout: 15_000,
        })
        .toMatch(/\S/);
      await page.locator("dialog[open] textarea").first().fill("magnesium and sleep");
      await page.locator('dialog[open] button[type="submit"]').click();
      await page.locator("dialog[open]").waitFor({ state: "detached", timeout: 15_000 });
      await expect
        .poll(() => page.textContent("#messages"), { timeout: 60_000 })
        .toMatch(/magnesium and sleep/i);

      // /draft help answers privately; every message shows the raw JSON Slack received.
      await page.fill("#command", "/draft help");
      await page.keyboard.press("Enter");
      await expect.poll(() => page.textContent("#messages"), { timeout: 15_000 }).toContain("show this help");
      const raw = page.locator("#messages details.raw").last();
      await raw.locator("summary").click();
      expect(await raw.locator("pre").textContent()).toContain('"blocks"');

      // App Home: the real views.publish view.
      await page.click("#tab-home");
      await expect.poll(() => page.locator("#home .block").count(), { timeout: 15_000 }).toBeGreaterThan(2);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
