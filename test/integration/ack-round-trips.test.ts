/**
 * The `/draft` acknowledgement's D1 round trips (issue 15, fix 6): each one is a wait on
 * Slack's 3-second clock, and under load they are what separates the product's ack from
 * the minimal durable ack (one insert, one queue send). Counted on the D1 binding itself.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { interceptD1 } from "../d1-faults";
import { seedPhysician, silenceLogs } from "../helpers";
import { commandBody, slackPost } from "../slack-helpers";

/** The D1 binding, counting round trips (a statement run, or one batch) as they happen. */
function countingD1(trips: string[]): D1Database {
  const statement = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop);
        if (typeof value !== "function") return value;
        if (prop === "bind") return (...args: unknown[]) => statement(target.bind(...args), sql);
        if (prop === "run" || prop === "all" || prop === "first" || prop === "raw")
          return (...args: unknown[]) => {
            trips.push(sql.replace(/\s+/g, " ").slice(0, 60));
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => statement(target.prepare(sql), sql);
      if (prop === "batch")
        return (stmts: D1PreparedStatement[]) => {
          trips.push(`batch of ${stmts.length}`);
          return target.batch(stmts);
        };
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function ackTrips(user: string): Promise<string[]> {
  const trips: string[] = [];
  let atAnswer: string[] = [];
  const { res, queued } = await slackPost(
    "/slack/commands",
    commandBody({ text: "Caffeine and sleep", user_id: user }),
    {
      envOverrides: { DB: countingD1(trips) },
      onAnswered: () => {
        atAnswer = [...trips];
      },
    },
  );
  expect(res.status).toBe(200);
  expect(((await res.json()) as { text: string }).text).toContain("Caffeine and sleep");
  expect(queued.generate).toHaveLength(1);
  return atAnswer;
}

describe("/draft acknowledgement round trips", () => {
  it("a known physician: the limiter first, then one batch records the order and reads the physician", async () => {
    const physician = await seedPhysician("U_KNOWN");
    await env.DB.prepare("UPDATE physicians SET profile_synced_at = 1 WHERE id = ?").bind(physician.id).run();
    const trips = await ackTrips("U_KNOWN");
    expect(trips).toEqual(["batch of 4"]);
  });

  it("a new physician: the same single batch, which creates the physician's row", async () => {
    const trips = await ackTrips("U_NEWCOMER");
    expect(trips).toEqual(["batch of 4"]);
    const row = await env.DB.prepare(
      "SELECT p.display_name AS name, d.platform, d.language FROM drafts d JOIN physicians p ON p.id = d.physician_id WHERE p.slack_user_id = 'U_NEWCOMER'",
    ).first();
    // The draft took the new physician's defaults inside the same statement.
    expect(row).toEqual({ name: expect.any(String), platform: "telegram", language: "en" });
  });

  it("a retry of an order we have is answered as such even while the rate limiter is unreachable", async () => {
    const body = commandBody({ text: "Caffeine and sleep", user_id: "U_RETRY" });
    const first = await slackPost("/slack/commands", body);
    expect(first.queued.generate).toHaveLength(1);
    const downLimiter = {
      idFromName: (name: string) => env.PHYSICIAN_LIMITER.idFromName(name),
      get: () => ({
        hit: async () => {
          throw new Error("Durable Object unreachable");
        },
      }),
    };
    const again = await slackPost("/slack/commands", body, {
      envOverrides: { PHYSICIAN_LIMITER: downLimiter },
    });
    expect(((await again.res.json()) as { text: string }).text).toMatch(/^Already on it/);
    expect(again.queued.generate).toHaveLength(0);
  });

  it("a draft ordered without a platform takes the physician's default inside the batch", async () => {
    const physician = await seedPhysician("U_THREADS_FIRST");
    await env.DB.prepare("UPDATE physicians SET default_platform = 'threads', language = 'uk' WHERE id = ?")
      .bind(physician.id)
      .run();
    const { res } = await slackPost(
      "/slack/commands",
      commandBody({ text: "Caffeine and sleep", user_id: "U_THREADS_FIRST" }),
    );
    expect(((await res.json()) as { text: string }).text).toContain("Threads");
    const row = await env.DB.prepare("SELECT platform, language FROM drafts WHERE physician_id = ?")
      .bind(physician.id)
      .first();
    expect(row).toEqual({ platform: "threads", language: "uk" });
  });

  it("only the request key's own index means a retry: another constraint is a fault, said as one", async () => {
    silenceLogs();
    const broken = interceptD1(env.DB, async (write) => {
      if (write) throw new Error("D1_ERROR: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT");
    });
    const { res, queued } = await slackPost(
      "/slack/commands",
      commandBody({ text: "Caffeine and sleep", user_id: "U_BROKEN" }),
      { envOverrides: { DB: broken } },
    );
    const text = ((await res.json()) as { text: string }).text;
    expect(text).not.toMatch(/^Already on it/);
    expect(text).toMatch(/went wrong/);
    expect(queued.generate).toHaveLength(0);
  });
});
