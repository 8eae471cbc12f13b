/**
 * Issue 9, gaps found by planting bugs: behaviours no test checked before.
 * - a click from the owner's user id in another workspace is refused as "not the owner";
 * - two deliveries of one `/draft` that both pass the de-dup lookup end as one draft and
 *   an "already received" answer, not an error;
 * - a draft whose publish job cannot be queued is back in its old status by the time the
 *   caller hears of the failure, even when the rollback write is slow.
 */

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { getDraft } from "../../src/db/drafts";
import { enqueuePublish } from "../../src/queues/enqueue-publish";
import { createServices } from "../../src/services";
import { signSlackRequest } from "../../src/slack/verify";
import { db, draftIn, seedPhysician, silenceLogs } from "../helpers";
import { recordingQueue } from "../publish-helpers";
import { blockAction, bodyOf, commandBody, fakes, SIGNING_SECRET, slackPost } from "../slack-helpers";

afterEach(() => vi.restoreAllMocks());

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function ephemerals(): Promise<string[]> {
  return (await fakes().requests("slack", "/response/")).map((r) => String(bodyOf(r).text ?? ""));
}

async function draftCount(): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM drafts").first<{ n: number }>();
  return row?.n ?? 0;
}

/** A D1 binding whose `batch` (the transactional insert) waits for `gate` before running. */
function heldBatches(d1: D1Database, gate: { reached: () => void; release: Promise<void> }): D1Database {
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          gate.reached();
          await gate.release;
          return target.batch(statements);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A prepared statement whose every execution is delayed by `delayMs`. */
function slowStatement(stmt: D1PreparedStatement, delayMs: number): D1PreparedStatement {
  return new Proxy(stmt, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      if (prop === "bind") {
        return (...values: unknown[]) => slowStatement(target.bind(...values), delayMs);
      }
      return async (...args: unknown[]) => {
        await sleep(delayMs);
        return Reflect.apply(value, target, args);
      };
    },
  });
}

/** A D1 binding whose statements prepared once `state.slow` is set take `delayMs` longer. */
function slowOnceFlagged(d1: D1Database, state: { slow: boolean }, delayMs: number): D1Database {
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          const stmt = target.prepare(query);
          return state.slow ? slowStatement(stmt, delayMs) : stmt;
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A signed `/draft` delivery with this D1 binding; its generation jobs are recorded. */
async function deliverCommand(body: string, d1: D1Database): Promise<{ res: Response; generate: unknown[] }> {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = await signSlackRequest(SIGNING_SECRET, ts, body);
  const generate: unknown[] = [];
  const ctx = createExecutionContext();
  const res = await app.request(
    "/slack/commands",
    {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": ts,
        "x-slack-signature": signature,
      },
      body,
    },
    {
      ...env,
      DB: d1,
      GENERATE_QUEUE: recordingQueue(generate),
      PUBLISH_QUEUE: recordingQueue([]),
      INDEX_QUEUE: recordingQueue([]),
    },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { res, generate };
}

async function replyText(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  return ((await res.json()) as { text: string }).text;
}

describe("a click from the owner's user id in another workspace", () => {
  // Both workspaces are allowed, so only ownership can refuse the click.
  const bothTeams = { envOverrides: { ALLOWED_SLACK_TEAMS: "T_TEAM,T_OTHER" } };

  function clickFrom(team: string, actionId: string, draftId: string): string {
    return blockAction(actionId, draftId, "U_DOC1", {
      user: { id: "U_DOC1", team_id: team },
      team: { id: team },
    });
  }

  it("is refused as not the owner and publishes nothing", async () => {
    const draft = await draftIn("ready", { physician: await seedPhysician("U_DOC1", "T_TEAM") });
    const { res, queued } = await slackPost(
      "/slack/interactions",
      clickFrom("T_OTHER", "draft_publish", draft.id),
      bothTeams,
    );
    expect(res.status).toBe(200);
    expect(queued.publish).toEqual([]);
    expect((await getDraft(db(), draft.id))?.status).toBe("ready");
    expect((await ephemerals()).join(" ")).toMatch(/only the physician/i);
  });

  it("cannot reject the draft either", async () => {
    const draft = await draftIn("needs_review", { physician: await seedPhysician("U_DOC1", "T_TEAM") });
    await slackPost("/slack/interactions", clickFrom("T_OTHER", "draft_reject", draft.id), bothTeams);
    expect((await getDraft(db(), draft.id))?.status).toBe("needs_review");
    expect((await ephemerals()).join(" ")).toMatch(/only the physician/i);
  });

  it("while the same click from the owner's own workspace publishes", async () => {
    const draft = await draftIn("ready", { physician: await seedPhysician("U_DOC1", "T_TEAM") });
    const { queued } = await slackPost(
      "/slack/interactions",
      clickFrom("T_TEAM", "draft_publish", draft.id),
      bothTeams,
    );
    expect(queued.publish).toHaveLength(1);
    expect((await getDraft(db(), draft.id))?.status).toBe("publishing");
  });
});

describe("two deliveries of one /draft that both pass the de-dup lookup", () => {
  it("end as one draft, one job, and an 'already received' answer for the later one", async () => {
    silenceLogs();
    const body = commandBody({ text: "caffeine and sleep", trigger_id: "trig-race" });
    let reached = () => {};
    const atInsert = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });

    // The original has looked for the request and found nothing; it is about to insert...
    const original = deliverCommand(body, heldBatches(env.DB, { reached, release: released }));
    await atInsert;
    // ...when Slack's retry arrives, finds nothing either and completes first.
    const retry = await deliverCommand(body, env.DB);
    release();
    const late = await original;

    expect(await replyText(retry.res)).toContain("caffeine and sleep");
    expect(await replyText(late.res)).toMatch(/already/i);
    expect(await draftCount()).toBe(1);
    expect([...retry.generate, ...late.generate]).toHaveLength(1);
  });

  it("racing concurrently end as one draft and no error", async () => {
    silenceLogs();
    const body = commandBody({ text: "exercise and mood", trigger_id: "trig-concurrent" });
    const [a, b] = await Promise.all([
      slackPost("/slack/commands", body),
      slackPost("/slack/commands", body, {
        headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
      }),
    ]);
    const texts = [await replyText(a.res), await replyText(b.res)];
    expect(texts.filter((t) => /already/i.test(t))).toHaveLength(1);
    expect(texts.filter((t) => t.includes("exercise and mood"))).toHaveLength(1);
    expect(await draftCount()).toBe(1);
    expect([...a.queued.generate, ...b.queued.generate]).toHaveLength(1);
  });
});

describe("a publish whose job cannot be queued", () => {
  it("has put the draft back in its old status, reason kept, when the caller hears of the failure — even with a slow rollback write", async () => {
    silenceLogs();
    const draft = await draftIn("needs_review");
    await env.DB.prepare("UPDATE drafts SET status_reason = '1 claim unsupported' WHERE id = ?")
      .bind(draft.id)
      .run();
    const read = await getDraft(db(), draft.id);
    if (!read) throw new Error("draft missing");

    // Queueing fails after a while; from then on every D1 write is slow.
    const state = { slow: false };
    const failingQueue = {
      send: async () => {
        await sleep(20);
        state.slow = true;
        throw new Error("queue unavailable");
      },
    } as unknown as Queue;
    const services = createServices({
      ...env,
      DB: slowOnceFlagged(env.DB, state, 150),
      PUBLISH_QUEUE: failingQueue,
    });

    await expect(enqueuePublish(services, read, "needs_review", "req-1")).rejects.toThrow(
      "queue unavailable",
    );
    const after = await getDraft(db(), draft.id);
    expect(after).toMatchObject({ status: "needs_review", statusReason: "1 claim unsupported" });
  });
});
