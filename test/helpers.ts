/** Shared test helpers: calling the Worker, seeding physicians and drafts. */
import { env, exports } from "cloudflare:workers";
import { vi } from "vitest";
import { createDb } from "../src/db/client";
import { createDraft } from "../src/db/drafts";
import { upsertPhysician } from "../src/db/physicians";
import type { Draft, Physician, Platform } from "../src/db/schema";

export const ADMIN_HEADERS = { authorization: "Bearer test-admin-token", "content-type": "application/json" };

export function db() {
  return createDb(env.DB);
}

/** Sends a request through the Worker's default export (same isolate as the test). */
export function call(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`https://worker.test${path}`, init));
}

export async function seedPhysician(slackUserId = "U_DOC1", slackTeamId = "T_TEAM"): Promise<Physician> {
  return upsertPhysician(db(), { slackTeamId, slackUserId, displayName: `Dr ${slackUserId}` });
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
