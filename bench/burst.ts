/**
 * Measurement 3 — the burst: 100 `/draft` commands from 20 physicians sent at once to the
 * product (`wrangler dev --local`, queue consumers on, offline drafting, fakes answering
 * PubMed in 300 ms and Slack in 50 ms), with the per-physician limit set to 3 a minute.
 * Counted afterwards, from D1 and from what the fake Slack received:
 * - accepted orders (drafts in D1) and refusals, per physician, against the limit;
 * - cards: every accepted draft gets exactly one card message (lost = none, duplicated =
 *   more than one message carrying a draft's card), and the time to the last card.
 */
import { type DevServer, E2E_ADMIN_TOKEN, signedPost, startDevServer } from "../test/e2e/dev-server";
import { createFakesClient, type FakesClient, fakeBaseUrls } from "../test/fakes";
import type { RecordedRequest } from "../test/fakes/types";

export interface BurstResult {
  orders: number;
  physicians: number;
  limitPerMinute: number;
  /** 200 answers to the commands (Slack needs one for every command). */
  answered: number;
  accepted: number;
  refused: number;
  /** Physicians whose accepted count differs from min(orders, limit). */
  limitMismatches: number;
  cards: number;
  lost: number;
  duplicated: number;
  /** Accepted drafts that did not end ready or in review. */
  unfinished: number;
  lastCardMs: number;
}

const TEAM = "T_BENCH";
const TOPICS = [
  "Caffeine and sleep",
  "Exercise and depression",
  "Insomnia therapy",
  "Anxiety and sleep loss",
];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

function command(fakesUrl: string, physician: number, order: number): string {
  return new URLSearchParams({
    command: "/draft",
    text: `${TOPICS[(physician + order) % TOPICS.length]} | telegram`,
    team_id: TEAM,
    user_id: `U_BURST${physician}`,
    user_name: `burst${physician}`,
    channel_id: "C_BENCH",
    response_url: `${fakesUrl}/slack/response/burst-${physician}-${order}`,
    trigger_id: `burst-${physician}-${order}`,
  }).toString();
}

async function send(server: DevServer, body: string): Promise<number> {
  const res = await signedPost(server, "/slack/commands", body);
  await res.arrayBuffer();
  return res.status;
}

/** Draft id → the messages its card was written to (a new post, or the ts it updated). */
export function cardMessages(requests: RecordedRequest[]): Map<string, Set<string>> {
  const cards = new Map<string, Set<string>>();
  requests.forEach((request, i) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const blocks = typeof body.blocks === "string" ? body.blocks : JSON.stringify(body.blocks ?? "");
    if (!blocks.includes("draft_actions")) return;
    const draftId = UUID.exec(blocks)?.[0];
    if (!draftId) return;
    const message = request.path.endsWith("chat.update") ? `ts:${String(body.ts)}` : `post:${i}`;
    const seen = cards.get(draftId) ?? new Set<string>();
    seen.add(message);
    cards.set(draftId, seen);
  });
  return cards;
}

interface DraftRow {
  id: string;
  user: string;
  status: string;
}

/** Every row of a paged admin list (read over HTTP: the server holds its D1 file busy). */
async function adminList<T>(server: DevServer, path: string, key: string): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const url = `${server.url}/admin${path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` } });
    if (!res.ok) throw new Error(`GET /admin${path} answered ${res.status}`);
    const page = (await res.json()) as Record<string, unknown> & { nextCursor: string | null };
    rows.push(...((page[key] as T[]) ?? []));
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

async function draftsOf(server: DevServer): Promise<DraftRow[]> {
  const physicians = await adminList<{ id: string; slackUserId: string }>(
    server,
    "/physicians",
    "physicians",
  );
  const users = new Map(physicians.map((p) => [p.id, p.slackUserId]));
  const drafts = await adminList<{ id: string; physicianId: string; status: string }>(
    server,
    "/drafts",
    "drafts",
  );
  return drafts.map((d) => ({ id: d.id, user: users.get(d.physicianId) ?? "", status: d.status }));
}

async function slackRequests(fakes: FakesClient): Promise<RecordedRequest[]> {
  return [
    ...(await fakes.requests("slack", "chat.postMessage")),
    ...(await fakes.requests("slack", "chat.update")),
  ]
    .filter((r) => r.path.endsWith("chat.postMessage") || r.path.endsWith("chat.update"))
    .sort((a, b) => a.at - b.at);
}

export async function measureBurst(options: {
  fakesUrl: string;
  physicians: number;
  ordersPerPhysician: number;
  limitPerMinute: number;
  timeoutMs?: number;
}): Promise<BurstResult> {
  const fakes = createFakesClient(options.fakesUrl);
  await fakes.reset();
  await fakes.fail({ service: "pubmed", status: 200, delayMs: 300, times: -1 });
  await fakes.fail({ service: "slack", status: 200, delayMs: 50, times: -1 });
  const server = await startDevServer({
    ...fakeBaseUrls(options.fakesUrl),
    ALLOWED_SLACK_TEAMS: TEAM,
    DRAFTS_PER_MINUTE: String(options.limitPerMinute),
    NCBI_API_KEY: "bench-ncbi-key",
  });
  try {
    const bodies: string[] = [];
    for (let order = 0; order < options.ordersPerPhysician; order++)
      for (let p = 0; p < options.physicians; p++) bodies.push(command(options.fakesUrl, p, order));
    const t0 = Date.now();
    const statuses = await Promise.all(bodies.map((body) => send(server, body)));
    const drafts = await draftsOf(server);
    const deadline = Date.now() + (options.timeoutMs ?? 240_000);
    let cards = cardMessages(await slackRequests(fakes));
    while (drafts.some((d) => !cards.has(d.id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      cards = cardMessages(await slackRequests(fakes));
    }
    // A moment more, so a duplicate sent just after the last card is seen too.
    await new Promise((r) => setTimeout(r, 2000));
    const requests = await slackRequests(fakes);
    cards = cardMessages(requests);
    const final = await draftsOf(server);
    const lastCard = requests.filter((r) => {
      const blocks = JSON.stringify((r.body as Record<string, unknown> | null)?.blocks ?? "");
      return blocks.includes("draft_actions");
    });
    const expected = Math.min(options.ordersPerPhysician, options.limitPerMinute);
    let limitMismatches = 0;
    for (let p = 0; p < options.physicians; p++)
      if (final.filter((d) => d.user === `U_BURST${p}`).length !== expected) limitMismatches += 1;
    return {
      orders: bodies.length,
      physicians: options.physicians,
      limitPerMinute: options.limitPerMinute,
      answered: statuses.filter((s) => s === 200).length,
      accepted: final.length,
      refused: bodies.length - final.length,
      limitMismatches,
      cards: final.filter((d) => cards.has(d.id)).length,
      lost: final.filter((d) => !cards.has(d.id)).length,
      duplicated: [...cards.values()].filter((messages) => messages.size > 1).length,
      unfinished: final.filter((d) => d.status !== "ready" && d.status !== "needs_review").length,
      lastCardMs: (lastCard.at(-1)?.at ?? t0) - t0,
    };
  } finally {
    await fakes.reset();
    await server.stop();
  }
}
