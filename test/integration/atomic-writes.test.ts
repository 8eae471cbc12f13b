/**
 * Every multi-row write that must not half-happen is one D1 batch. Each test fails the
 * batch at every statement in turn and shows that none of it is visible afterwards:
 * publishing (status + publication row), an edit (status, version, feedback, claims),
 * ordering a draft (physician + request key + draft), a manual post (request key, draft, version) and
 * a new text version (version + current pointer).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDraftVersion } from "../../src/db/drafts";
import { enqueuePublish } from "../../src/queues/enqueue-publish";
import { createServices } from "../../src/services";
import { saveEdit } from "../../src/slack/handlers/draft-actions";
import { batchFailingAt } from "../d1-faults";
import { db, draftIn, seedPhysician, silenceLogs } from "../helpers";
import { recordingQueue } from "../publish-helpers";
import { commandBody, slackPost, viewSubmission } from "../slack-helpers";

const TABLES = [
  "physicians",
  "drafts",
  "draft_versions",
  "claims",
  "citations",
  "publications",
  "feedback",
  "slack_requests",
];

/** Every row of the tables a draft's writes touch, as one comparable value. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const { results } = await env.DB.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
    out[table] = results;
  }
  return out;
}

/**
 * Runs `write` once on a counting binding (it must succeed and change something), then once
 * per statement of its batch with that statement failing: the world must look untouched.
 */
async function allOrNothing(
  first: RegExp,
  prepare: () => Promise<void>,
  write: (d1: D1Database) => Promise<unknown>,
  minimum: number,
): Promise<number> {
  await prepare();
  const seen = { statements: 0 };
  const before = await snapshot();
  await write(batchFailingAt(env.DB, first, -1, seen));
  expect(seen.statements, "the write is one batch").toBeGreaterThanOrEqual(minimum);
  expect(await snapshot(), "the clean write changes something").not.toEqual(before);

  for (let k = 0; k < seen.statements; k++) {
    await prepare();
    const untouched = await snapshot();
    await write(batchFailingAt(env.DB, first, k, { statements: 0 })).catch(() => undefined);
    expect(await snapshot(), `failed at statement ${k}`).toEqual(untouched);
  }
  return seen.statements;
}

describe("multi-row writes are all or nothing", () => {
  it("publishing: the draft's status and its publication row", async () => {
    silenceLogs();
    let draft = await draftIn("ready");
    const sent: unknown[] = [];
    await allOrNothing(
      /^update "drafts" set "status"/,
      async () => {
        draft = await draftIn("ready");
      },
      (d1) =>
        enqueuePublish(
          createServices({ ...env, DB: d1, PUBLISH_QUEUE: recordingQueue(sent) } as Env),
          draft,
          "ready",
          "req-atomic",
        ),
      2,
    );
    // Only the clean run queued a job.
    expect(sent).toHaveLength(1);
  });

  it("an edit: status, new version, feedback and the re-checked claims", async () => {
    silenceLogs();
    let draft = await draftIn("ready", { text: "Caffeine lingers [1]. Move the last cup." });
    await allOrNothing(
      /^UPDATE drafts SET status = \?3/,
      async () => {
        draft = await draftIn("ready", { text: "Caffeine lingers [1]. Move the last cup." });
      },
      async (d1) => {
        const outcome = await saveEdit(createServices({ ...env, DB: d1 } as Env), draft, {
          text: "Caffeine has a half-life of 5 hours [1]. Sleep loss rose by 40% in one trial.",
          platform: "telegram",
          editedBy: "U_DOC1",
        });
        if (outcome.kind !== "ok") throw new Error(`edit not saved: ${outcome.kind}`);
      },
      4,
    );
  });

  it("ordering a draft: a new physician's row, the request key and the draft", async () => {
    silenceLogs();
    await allOrNothing(
      /^insert into "physicians"/,
      async () => undefined,
      async (d1) => {
        const { res } = await slackPost(
          "/slack/commands",
          commandBody({ text: "sleep hygiene", user_id: `U_${crypto.randomUUID()}` }),
          { envOverrides: { DB: d1 } },
        );
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      },
      4,
    );
  });

  it("a manual post: the request key, the draft and its version", async () => {
    silenceLogs();
    await seedPhysician();
    const plain = (value: string) => ({ type: "plain_text_input", value });
    const select = (value: string) => ({ type: "static_select", selected_option: { value } });
    await allOrNothing(
      /^insert into "slack_requests"/,
      async () => undefined,
      async (d1) => {
        const body = viewSubmission("manual_post_modal", {
          text: plain(`Sleep is a skill. ${crypto.randomUUID()}`),
          platform: select("telegram"),
        });
        await slackPost("/slack/interactions", body, { envOverrides: { DB: d1 } });
      },
      3,
    );
  });

  it("a new text version: the version row and the draft's current version", async () => {
    const draft = await draftIn("ready");
    let n = 0;
    await allOrNothing(
      /^insert into "draft_versions"/,
      async () => undefined,
      (d1) =>
        addDraftVersion(createServices({ ...env, DB: d1 } as Env).db, draft.id, `Text ${++n}.`, "edited"),
      2,
    );
    expect((await db().query.drafts.findFirst())?.currentVersion).toBeGreaterThan(1);
  });
});
