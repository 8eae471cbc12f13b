/**
 * Playground — one Durable Object (`idFromName("playground")`, local development only)
 * that is the playground's Slack: it answers the Worker's Web API calls through
 * `answerSlack`, keeps every call and what Slack would show (messages, modals, App Home)
 * in its SQLite storage, and pushes each call to the open playground pages over
 * hibernating WebSockets, so pages wait for news instead of polling.
 */
import { DurableObject } from "cloudflare:workers";
import { answerSlack, type SinkAnswer, type SinkStore } from "../dev/slack-sink";

type Json = Record<string, unknown>;

export interface RecordedCall {
  id: number;
  /** A Web API method, or `response_url` / `command_reply` for what reached the physician otherwise. */
  method: string;
  args: Json;
  answer: Json;
  problems: SinkAnswer["problems"];
  at: number;
}

export interface PlaygroundSnapshot {
  calls: RecordedCall[];
  messages: { channel: string; ts: string; message: Json }[];
  views: Json[];
}

/** Calls kept: the page shows recent history; older rows are pruned as new ones arrive. */
const KEEP_CALLS = 500;

export class Playground extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL,
        args TEXT NOT NULL, answer TEXT NOT NULL, problems TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS messages (channel TEXT NOT NULL, ts TEXT NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (channel, ts));
      CREATE TABLE IF NOT EXISTS views (id TEXT PRIMARY KEY, body TEXT NOT NULL, updated INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `);
  }

  /** Answers one Slack Web API call and records it; the answer as JSON text. */
  slack(method: string, argsJson: string): string {
    const args = JSON.parse(argsJson) as Json;
    const result = answerSlack(this.#store(), method, args);
    this.#record(method, args, result.answer, result.problems);
    return JSON.stringify(result.answer);
  }

  /** Records what reached the physician outside the Web API (response_url, a command's reply). */
  note(method: "response_url" | "command_reply", argsJson: string): void {
    this.#record(method, JSON.parse(argsJson) as Json, { ok: true }, []);
  }

  /** A `PlaygroundSnapshot` as JSON text (RPC carries plain text; the route parses it). */
  snapshot(limit = 200): string {
    return JSON.stringify(this.#snapshot(limit));
  }

  #snapshot(limit: number): PlaygroundSnapshot {
    const sql = this.ctx.storage.sql;
    const calls = sql
      .exec<{ id: number; method: string; args: string; answer: string; problems: string; at: number }>(
        "SELECT * FROM (SELECT * FROM calls ORDER BY id DESC LIMIT ?) ORDER BY id",
        limit,
      )
      .toArray()
      .map((row) => ({
        id: row.id,
        method: row.method,
        args: JSON.parse(row.args) as Json,
        answer: JSON.parse(row.answer) as Json,
        problems: JSON.parse(row.problems) as SinkAnswer["problems"],
        at: row.at,
      }));
    const messages = sql
      .exec<{ channel: string; ts: string; body: string }>("SELECT * FROM messages ORDER BY ts")
      .toArray()
      .map((row) => ({ channel: row.channel, ts: row.ts, message: JSON.parse(row.body) as Json }));
    const views = sql
      .exec<{ body: string }>("SELECT body FROM views ORDER BY updated")
      .toArray()
      .map((row) => JSON.parse(row.body) as Json);
    return { calls, messages, views };
  }

  /** One stored view (a modal or an App Home) as JSON text, or null. */
  view(id: string): string | null {
    const view = this.#store().getView(id);
    return view ? JSON.stringify(view) : null;
  }

  reset(): void {
    this.ctx.storage.sql.exec(
      "DELETE FROM calls; DELETE FROM messages; DELETE FROM views; DELETE FROM meta;",
    );
    this.#broadcast({ type: "reset" });
  }

  /** A page's live feed: a WebSocket the object holds while hibernating. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket")
      return new Response("expected a WebSocket upgrade", { status: 426 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    // The page only listens; a ping keeps proxies from closing an idle socket.
    if (message === "ping") ws.send(JSON.stringify({ type: "pong" }));
  }

  #record(method: string, args: Json, answer: Json, problems: SinkAnswer["problems"]): void {
    const sql = this.ctx.storage.sql;
    const at = Date.now();
    const row = sql
      .exec<{ id: number }>(
        "INSERT INTO calls (method, args, answer, problems, at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        method,
        JSON.stringify(args),
        JSON.stringify(answer),
        JSON.stringify(problems),
        at,
      )
      .one();
    sql.exec("DELETE FROM calls WHERE id <= ?", row.id - KEEP_CALLS);
    this.#broadcast({ type: "slack", call: { id: row.id, method, args, answer, problems, at } });
  }

  #broadcast(event: Json): void {
    const data = JSON.stringify(event);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(data);
      } catch {
        // A page that went away; the runtime closes its socket.
      }
    }
  }

  #store(): SinkStore {
    const sql = this.ctx.storage.sql;
    return {
      nextSeq: () =>
        sql
          .exec<{ value: number }>(
            "INSERT INTO meta (key, value) VALUES ('seq', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value",
          )
          .one().value,
      putMessage: (channel, ts, message) => {
        sql.exec(
          "INSERT INTO messages (channel, ts, body) VALUES (?, ?, ?) ON CONFLICT (channel, ts) DO UPDATE SET body = excluded.body",
          channel,
          ts,
          JSON.stringify(message),
        );
      },
      getMessage: (channel, ts) => {
        const row = sql
          .exec<{ body: string }>("SELECT body FROM messages WHERE channel = ? AND ts = ?", channel, ts)
          .toArray()[0];
        return row ? (JSON.parse(row.body) as Json) : undefined;
      },
      putView: (id, view) => {
        sql.exec(
          "INSERT INTO views (id, body, updated) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated = excluded.updated",
          id,
          JSON.stringify(view),
          Date.now(),
        );
      },
      getView: (id) => {
        const row = sql.exec<{ body: string }>("SELECT body FROM views WHERE id = ?", id).toArray()[0];
        return row ? (JSON.parse(row.body) as Json) : undefined;
      },
    };
  }
}
