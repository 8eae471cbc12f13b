/**
 * The operators' admin API: auth, validation, keyset pagination, one draft's whole
 * story, re-queueing failed drafts (one, or all since a time), dead letters (inspect,
 * discard), physicians with their allow-list status and settings.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { ADMIN_HEADERS, draftIn, seedPhysician, silenceLogs } from "../helpers";
import { recordingQueue } from "../publish-helpers";

async function admin(path: string, init: RequestInit = {}, overrides: Record<string, unknown> = {}) {
  const ctx = createExecutionContext();
  const res = await app.request(
    `/admin${path}`,
    { ...init, headers: { ...ADMIN_HEADERS, ...init.headers } },
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function setUpdated(id: string, at: number, status?: string) {
  await env.DB.prepare(`UPDATE drafts SET updated_at = ?${status ? ", status = ?" : ""} WHERE id = ?`)
    .bind(...(status ? [at, status, id] : [at, id]))
    .run();
}

beforeEach(() => silenceLogs());

describe("admin API auth and validation", () => {
  it.each([
    ["GET", "/drafts"],
    ["GET", "/drafts/x"],
    ["POST", "/drafts/x/requeue"],
    ["POST", "/drafts/requeue"],
    ["GET", "/dead-letters/1"],
    ["DELETE", "/dead-letters/1"],
    ["GET", "/physicians"],
    ["PATCH", "/physicians/x"],
    ["GET", "/alerts"],
  ])("%s %s needs the admin token", async (method, path) => {
    const res = await app.request(
      `/admin${path}`,
      { method, headers: { authorization: "Bearer wrong" } },
      env,
    );
    expect(res.status).toBe(401);
  });

  it("refuses bad query parameters and forged cursors with a 400 naming them", async () => {
    const bad = await admin("/drafts?status=lost&limit=500");
    expect(bad.status).toBe(400);
    expect(await json<{ message: string }>(bad)).toMatchObject({
      message: expect.stringMatching(/status.*limit|limit.*status/),
    });
    const forged = await admin("/drafts?cursor=not-ours");
    expect(forged.status).toBe(400);
    expect(await json<{ error: string }>(forged)).toMatchObject({ error: "invalid_cursor" });
  });
});

describe("GET /admin/drafts", () => {
  it("pages through drafts by status, newest first, without skipping or repeating — even as they change", async () => {
    const physician = await seedPhysician();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const d = await draftIn("failed", { physician });
      // Ties on created_at are ordered by id.
      await env.DB.prepare("UPDATE drafts SET created_at = ? WHERE id = ?")
        .bind(1_000_000 + (i % 2) * 10, d.id)
        .run();
      ids.push(d.id);
    }
    await draftIn("ready", { physician });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      // A draft touched between pages must neither vanish nor come back.
      if (pages++ === 1) for (const id of ids) await setUpdated(id, Date.now());
      const res = await admin(`/drafts?status=failed&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      const body: { drafts: { id: string; status: string }[]; nextCursor: string | null } = await json(res);
      expect(body.drafts.length).toBeLessThanOrEqual(2);
      expect(body.drafts.every((d) => d.status === "failed")).toBe(true);
      seen.push(...body.drafts.map((d) => d.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it("finds drafts stuck for longer than olderThanMin", async () => {
    const stuck = await draftIn("generating");
    await setUpdated(stuck.id, Date.now() - 30 * 60_000);
    await draftIn("generating");
    const body = await json<{ drafts: { id: string }[] }>(
      await admin("/drafts?status=generating&olderThanMin=10"),
    );
    expect(body.drafts.map((d) => d.id)).toEqual([stuck.id]);
  });

  it("shows one draft with its versions, claims, citations, job runs and publications", async () => {
    const draft = await draftIn("published");
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO claims (draft_id, version, ordinal, text, verdict) VALUES (?, 1, 0, 'c', 'supported')",
      ).bind(draft.id),
      env.DB.prepare(
        "INSERT INTO citations (draft_id, version, number, kind, ref, title) VALUES (?, 1, 1, 'pubmed', '123', 'T')",
      ).bind(draft.id),
      env.DB.prepare(
        "INSERT INTO job_runs (kind, draft_id, attempt, status, started_at) VALUES ('generate', ?, 1, 'succeeded', 1)",
      ).bind(draft.id),
      env.DB.prepare(
        "INSERT INTO publications (draft_id, platform, status) VALUES (?, 'telegram', 'published')",
      ).bind(draft.id),
    ]);
    const body = await json<Record<string, unknown[] | { id: string }>>(await admin(`/drafts/${draft.id}`));
    expect((body.draft as { id: string }).id).toBe(draft.id);
    for (const key of ["versions", "claims", "citations", "jobRuns", "publications"]) {
      expect(body[key], key).toHaveLength(1);
    }
    expect((await admin("/drafts/nope")).status).toBe(404);
  });
});

describe("re-queueing failed drafts", () => {
  it("re-queues one failed draft with fresh attempts, and refuses one that is not failed", async () => {
    const failed = await draftIn("failed");
    await env.DB.prepare("UPDATE drafts SET attempts = 4, status_reason = 'x' WHERE id = ?")
      .bind(failed.id)
      .run();
    const sent: unknown[] = [];
    const res = await admin(
      `/drafts/${failed.id}/requeue`,
      { method: "POST" },
      { GENERATE_QUEUE: recordingQueue(sent) },
    );
    expect(res.status).toBe(202);
    expect(sent).toEqual([
      expect.objectContaining({ type: "generate", draftId: failed.id, reason: "retry" }),
    ]);
    const row = await env.DB.prepare("SELECT status, attempts, status_reason FROM drafts WHERE id = ?")
      .bind(failed.id)
      .first();
    expect(row).toEqual({ status: "queued", attempts: 0, status_reason: null });

    const ready = await draftIn("ready");
    const refused = await admin(
      `/drafts/${ready.id}/requeue`,
      { method: "POST" },
      { GENERATE_QUEUE: recordingQueue(sent) },
    );
    expect(refused.status).toBe(409);
    expect(sent).toHaveLength(1);
  });

  it("re-queues every draft failed since a time, and only those", async () => {
    const physician = await seedPhysician();
    const old = await draftIn("failed", { physician });
    await setUpdated(old.id, Date.parse("2026-11-01T00:00:00Z"));
    const recent = [await draftIn("failed", { physician }), await draftIn("failed", { physician })];
    await draftIn("ready", { physician });
    const sent: { draftId: string }[] = [];
    const res = await admin(
      "/drafts/requeue",
      { method: "POST", body: JSON.stringify({ since: "2026-11-20T00:00:00Z" }) },
      { GENERATE_QUEUE: recordingQueue(sent) },
    );
    expect(res.status).toBe(202);
    const body = await json<{ requeued: string[]; more: boolean; until: number }>(res);
    expect(body.requeued.sort()).toEqual(recent.map((d) => d.id).sort());
    expect(body.more).toBe(false);
    expect(sent.map((j) => j.draftId).sort()).toEqual(recent.map((d) => d.id).sort());

    // The re-queued drafts fail again at once: a next call with the answered `until` leaves them.
    for (const d of recent) await setUpdated(d.id, body.until + 1000, "failed");
    const again = await admin(
      "/drafts/requeue",
      { method: "POST", body: JSON.stringify({ since: "2026-11-20T00:00:00Z", until: body.until }) },
      { GENERATE_QUEUE: recordingQueue(sent) },
    );
    expect(await json<{ requeued: string[] }>(again)).toMatchObject({ requeued: [] });
    const bad = await admin("/drafts/requeue", {
      method: "POST",
      body: JSON.stringify({ since: "yesterday" }),
    });
    expect(bad.status).toBe(400);
  });
});

describe("dead letters", () => {
  async function storeDeadLetters(n: number) {
    for (let i = 0; i < n; i++) {
      await env.DB.prepare(
        "INSERT INTO dead_letters (job_type, request_id, payload, attempts, outcome) VALUES ('index', ?, ?, 5, 'stored')",
      )
        .bind(`req-${i}`, JSON.stringify({ type: "index", requestId: `req-${i}` }))
        .run();
    }
  }

  it("lists them in pages (without payloads), inspects one with its payload, and discards one", async () => {
    await storeDeadLetters(3);
    const first = await json<{ deadLetters: { id: number; payload?: unknown }[]; nextCursor: string }>(
      await admin("/dead-letters?limit=2"),
    );
    expect(first.deadLetters).toHaveLength(2);
    expect(first.deadLetters[0]?.payload).toBeUndefined();
    const second = await json<{ deadLetters: { id: number }[]; nextCursor: string | null }>(
      await admin(`/dead-letters?limit=2&cursor=${first.nextCursor}`),
    );
    expect(second.deadLetters).toHaveLength(1);
    expect(second.nextCursor).toBeNull();

    const id = second.deadLetters[0]?.id;
    const one = await json<{ deadLetter: { payload: { requestId: string } } }>(
      await admin(`/dead-letters/${id}`),
    );
    expect(one.deadLetter.payload.requestId).toBe("req-0");
    expect((await admin(`/dead-letters/${id}`, { method: "DELETE" })).status).toBe(200);
    expect((await admin(`/dead-letters/${id}`)).status).toBe(404);
    expect((await admin(`/dead-letters/${id}`, { method: "DELETE" })).status).toBe(404);
    expect((await admin("/dead-letters/abc")).status).toBe(404);
  });
});

describe("physicians", () => {
  it("lists physicians with whether the allow-list lets them in", async () => {
    const inside = await seedPhysician("U_IN", "T_TEAM");
    const outside = await seedPhysician("U_OUT", "T_OTHER");
    const body = await json<{ physicians: { id: string; allowed: boolean }[] }>(
      await admin("/physicians", {}, { ALLOWED_SLACK_TEAMS: "T_TEAM" }),
    );
    const allowed = Object.fromEntries(body.physicians.map((p) => [p.id, p.allowed]));
    expect(allowed).toMatchObject({ [inside.id]: true, [outside.id]: false });
  });

  it("changes settings, validated", async () => {
    const physician = await seedPhysician();
    const res = await admin(`/physicians/${physician.id}`, {
      method: "PATCH",
      body: JSON.stringify({ timezone: "Europe/Kyiv", language: "uk", defaultPlatform: "x" }),
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      physician: {
        id: physician.id,
        timezone: "Europe/Kyiv",
        language: "uk",
        defaultPlatform: "x",
        allowed: true,
      },
    });
    const bad = await admin(`/physicians/${physician.id}`, {
      method: "PATCH",
      body: JSON.stringify({ timezone: "Mars/Base" }),
    });
    expect(bad.status).toBe(400);
    const empty = await admin(`/physicians/${physician.id}`, { method: "PATCH", body: "{}" });
    expect(empty.status).toBe(400);
    expect(
      (await admin("/physicians/nope", { method: "PATCH", body: JSON.stringify({ language: "en" }) })).status,
    ).toBe(404);
  });
});
