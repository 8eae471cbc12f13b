/** Shared test helpers: calling the Worker, seeding physicians and drafts. */
import { env, exports } from "cloudflare:workers";
import { vi } from "vitest";
import { createDb } from "../src/db/client";
import { addDraftVersion, createDraft, getDraft } from "../src/db/drafts";
import { upsertPhysician } from "../src/db/physicians";
import type { Draft, DraftStatus, Physician, Platform } from "../src/db/schema";

export const ADMIN_HEADERS = { authorization: "Bearer test-admin-token", "content-type": "application/json" };

export function db() {
  return createDb(env.DB);
}

/** Sends a request through the Worker's default export (same isolate as the test). */
export function call(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`https://worker.test${path}`, init));
}

/** A physician the app already knows (Slack profile read), so no users.info call is due. */
export async function seedPhysician(slackUserId = "U_DOC1", slackTeamId = "T_TEAM"): Promise<Physician> {
  const physician = await upsertPhysician(db(), {
    slackTeamId,
    slackUserId,
    displayName: `Dr ${slackUserId}`,
  });
  await env.DB.prepare("UPDATE physicians SET profile_synced_at = 1 WHERE id = ?").bind(physician.id).run();
  return { ...physician, profileSyncedAt: 1 };
}

export async function seedDraft(physician: Physician, platform: Platform = "telegram"): Promise<Draft> {
  return createDraft(db(), { physicianId: physician.id, topic: "Sleep and caffeine", platform });
}

/** Keeps expected log lines (retries, failures under test) out of the test output. */
export function silenceLogs(): void {
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
}

/** Silences the logs and returns a reader of every line logged so far (all levels). */
export function captureLogs(): () => string {
  const spies = (["log", "warn", "error"] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation(() => {}),
  );
  return () => spies.flatMap((spy) => spy.mock.calls.map((c) => String(c[0]))).join("\n");
}

/** A draft with text in `status`, whose card lives at C_GENERAL / 1700000000.000100. */
export async function draftIn(
  status: DraftStatus,
  options: { platform?: Platform; text?: string; physician?: Physician } = {},
): Promise<Draft> {
  const physician = options.physician ?? (await seedPhysician());
  const draft = await seedDraft(physician, options.platform ?? "telegram");
  await addDraftVersion(
    db(),
    draft.id,
    options.text ?? "Caffeine lingers [1]. Move the last cup.",
    "generated",
  );
  await env.DB.prepare(
    "UPDATE drafts SET status = ?, slack_channel_id = 'C_GENERAL', slack_message_ts = '1700000000.000100' WHERE id = ?",
  )
    .bind(status, draft.id)
    .run();
  return (await getDraft(db(), draft.id)) as Draft;
}

/** A D1 binding whose statements matching `pattern` throw when run (a failing D1 write or read). */
export function failingD1(d1: D1Database, pattern: RegExp): D1Database {
  const failing = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop);
        if (typeof value !== "function") return value;
        if (prop === "bind") return (...values: unknown[]) => failing(target.bind(...values));
        return async () => {
          throw new Error("D1_ERROR: injected failure");
        };
      },
    });
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) =>
          pattern.test(query) ? failing(target.prepare(query)) : target.prepare(query);
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
