// Tests for the fake external APIs themselves: each service's happy-path shape (including
// through the real SDKs the Worker uses), failure injection, recording and reset.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { SlackAPIClient } from "slack-web-api-client";
import { describe, expect, it } from "vitest";
import type { FakeBaseUrls, FakeServer, FakesClient } from "./index.js";
import { useFakeServer } from "./use-fake-server.js";

const SLACK_TOKEN = "xoxb-test-token";
const TELEGRAM_TOKEN = "123456:TEST-token_abc";

let server: FakeServer;
let fakes: FakesClient;
let urls: FakeBaseUrls;

useFakeServer((fixture) => {
  ({ server, fakes, urls } = fixture);
});

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  });
}

/** Calls a Slack method with a JSON body; `token: null` sends no Authorization header. */
async function slack(
  method: string,
  body: unknown,
  token: string | null = SLACK_TOKEN,
): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  const response = await postJson(`${urls.SLACK_API_URL}/${method}`, body, headers);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

function section(text: string): unknown {
  return { type: "section", text: { type: "mrkdwn", text } };
}

describe("server", () => {
  it("listens on 127.0.0.1 and exposes the Worker base URLs", () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(urls.OPENAI_BASE_URL).toBe(`${server.url}/openai/v1`);
    expect(urls.THREADS_API_URL).toBe(`${server.url}/threads/v1.0`);
  });

  it("answers 404 outside the mounted services and for unknown control routes", async () => {
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/__control/nope`)).status).toBe(404);
  });

  it("rejects malformed control payloads with 400", async () => {
    const response = await postJson(`${server.url}/__control/fail`, { service: "myspace", status: 500 });
    expect(response.status).toBe(400);
    await expect(fakes.fail({ service: "slack", status: -3 })).rejects.toThrow(/HTTP 400/);
  });
});

describe("slack", () => {
  it("auth.test identifies the fake bot", async () => {
    const body = await slack("auth.test", {});
    expect(body).toMatchObject({ ok: true, team_id: "T0FAKETEAM", user_id: "U0FAKEBOT" });
  });

  it("chat.postMessage returns channel, a unique ts and the message", async () => {
    const first = await slack("chat.postMessage", {
      channel: "C123",
      text: "hello",
      blocks: [section("hi")],
    });
    const second = await slack("chat.postMessage", { channel: "C123", text: "again" });
    expect(first).toMatchObject({
      ok: true,
      channel: "C123",
      message: { text: "hello", bot_id: "B0FAKEBOT" },
    });
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(second.ts).not.toBe(first.ts);
  });

  it("reports auth problems the Slack way (HTTP 200, ok:false)", async () => {
    expect(await slack("auth.test", {}, null)).toEqual({ ok: false, error: "not_authed" });
    expect(await slack("auth.test", {}, "not-a-slack-token")).toEqual({ ok: false, error: "invalid_auth" });
  });

  it("validates channel, text and Block Kit limits", async () => {
    expect(await slack("chat.postMessage", { text: "x" })).toMatchObject({
      ok: false,
      error: "channel_not_found",
    });
    expect(await slack("chat.postMessage", { channel: "C1" })).toMatchObject({ ok: false, error: "no_text" });
    const tooMany = Array.from({ length: 51 }, () => section("x"));
    expect(await slack("chat.postMessage", { channel: "C1", blocks: tooMany })).toMatchObject({
      ok: false,
      error: "invalid_blocks",
    });
    const tooLong = await slack("chat.postMessage", { channel: "C1", blocks: [section("a".repeat(3001))] });
    expect(tooLong).toMatchObject({ ok: false, error: "invalid_blocks" });
    expect(JSON.stringify(tooLong.errors)).toContain("/blocks/0/text/text");
  });

  it("works with slack-web-api-client's form-encoded calls (blocks/view as JSON strings)", async () => {
    const client = new SlackAPIClient(SLACK_TOKEN, { baseUrl: urls.SLACK_API_URL, logLevel: "ERROR" });
    const posted = await client.chat.postMessage({
      channel: "C9",
      text: "fallback",
      blocks: [{ type: "divider" }],
    });
    expect(posted.ok).toBe(true);
    const [recorded] = await fakes.requests("slack", "chat.postMessage");
    expect(recorded?.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(recorded?.body).toMatchObject({ channel: "C9", blocks: JSON.stringify([{ type: "divider" }]) });

    const opened = await client.views.open({
      trigger_id: "123.456.abc",
      view: { type: "modal", title: { type: "plain_text", text: "New draft" }, blocks: [] },
    });
    expect(opened.view?.id).toMatch(/^V/);
  });

  it("chat.update, chat.postEphemeral and chat.delete", async () => {
    const { ts } = await slack("chat.postMessage", { channel: "C1", text: "v1" });
    expect(await slack("chat.update", { channel: "C1", ts, text: "v2" })).toMatchObject({
      ok: true,
      ts,
      text: "v2",
    });
    expect(await slack("chat.update", { channel: "C1", text: "v2" })).toMatchObject({
      error: "message_not_found",
    });
    const ephemeral = await slack("chat.postEphemeral", { channel: "C1", user: "U1", text: "psst" });
    expect(ephemeral.message_ts).toMatch(/^\d+\.\d+$/);
    expect(await slack("chat.delete", { channel: "C1", ts })).toEqual({ ok: true, channel: "C1", ts });
  });

  it("views.open/push/update/publish", async () => {
    const modal = {
      type: "modal",
      title: { type: "plain_text", text: "Draft" },
      blocks: [section("x")],
      callback_id: "draft",
    };
    const opened = await slack("views.open", { trigger_id: "t1", view: modal });
    expect(opened).toMatchObject({ ok: true, view: { type: "modal", callback_id: "draft" } });
    expect(await slack("views.push", { view: modal })).toMatchObject({
      ok: false,
      error: "invalid_arguments",
    });
    const longTitle = { ...modal, title: { type: "plain_text", text: "A title that is far too long" } };
    const rejected = await slack("views.open", { trigger_id: "t1", view: longTitle });
    expect(rejected).toMatchObject({ ok: false, error: "invalid_arguments" });
    expect(JSON.stringify(rejected.response_metadata)).toContain("/view/title/text");
    const viewId = (opened.view as { id: string }).id;
    expect(await slack("views.update", { view_id: viewId, view: modal })).toMatchObject({
      ok: true,
      view: { id: viewId },
    });
    const home = { type: "home", blocks: [section("Welcome")] };
    expect(await slack("views.publish", { user_id: "U1", view: home })).toMatchObject({
      ok: true,
      view: { type: "home" },
    });
    expect(await slack("views.publish", { user_id: "U1", view: modal })).toMatchObject({
      error: "invalid_arguments",
    });
  });

  it("conversations.open and users.info", async () => {
    expect(await slack("conversations.open", { users: "U0ABC123" })).toMatchObject({
      ok: true,
      channel: { id: "D0ABC123" },
    });
    const info = await slack("users.info", { user: "U0ABC123" });
    expect(info).toMatchObject({ ok: true, user: { id: "U0ABC123", tz: "Europe/Kyiv" } });
    const user = info.user as { tz_offset: number; real_name: string; profile: { display_name: string } };
    expect([7200, 10800]).toContain(user.tz_offset);
    expect(user.real_name).not.toBe("");
    expect(user.profile.display_name).not.toBe("");
    // As Slack: the locale only with include_locale=true.
    expect(info.user).not.toHaveProperty("locale");
    const withLocale = await slack("users.info", { user: "U0UKDOC", include_locale: "true" });
    expect(withLocale.user).toMatchObject({ locale: "uk-UA" });
  });

  it("files.info and the authenticated private download", async () => {
    const registered = await fakes.setSlackFile({
      id: "F0TEST",
      name: "notes v1.txt",
      mimetype: "text/plain",
      filetype: "text",
      contentBase64: Buffer.from("hello file").toString("base64"),
    });
    expect(registered.url_private_download).toBe(`${server.url}/slack/files/F0TEST/notes%20v1.txt`);
    const info = await slack("files.info", { file: "F0TEST" });
    expect(info).toMatchObject({
      ok: true,
      file: { id: "F0TEST", size: 10, url_private_download: registered.url_private_download },
    });
    expect(await slack("files.info", { file: "F0NOPE" })).toMatchObject({
      ok: false,
      error: "file_not_found",
    });

    const download = await fetch(registered.url_private_download, {
      headers: { authorization: `Bearer ${SLACK_TOKEN}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("text/plain");
    expect(await download.text()).toBe("hello file");

    const anonymous = await fetch(registered.url_private_download, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    const followed = await fetch(registered.url_private_download);
    expect(followed.headers.get("content-type")).toContain("text/html");
  });

  it("records response_url posts and answers 'ok'", async () => {
    const response = await postJson(`${server.url}/slack/response/T1/B2/xyz`, {
      text: "done",
      replace_original: true,
    });
    expect(await response.text()).toBe("ok");
    const [recorded] = await fakes.requests("slack", "/response/");
    expect(recorded).toMatchObject({ path: "/response/T1/B2/xyz", body: { text: "done" } });
  });

  it("unknown methods", async () => {
    expect(await slack("chat.fly", {})).toEqual({ ok: false, error: "unknown_method" });
  });
});

describe("anthropic", () => {
  const anthropic = () =>
    new Anthropic({ apiKey: "sk-ant-test", baseURL: urls.ANTHROPIC_BASE_URL, maxRetries: 0 });

  it("replies deterministically from the last user message when nothing is queued", async () => {
    const message = await anthropic().messages.create({
      model: "claude-test",
      max_tokens: 100,
      messages: [{ role: "user", content: "Write about sleep hygiene for night-shift nurses" }],
    });
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-test",
      stop_reason: "end_turn",
      stop_sequence: null,
      content: [
        { type: "text", text: "Offline fake reply about: Write about sleep hygiene for night-shift nurses" },
      ],
      usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message.usage.input_tokens).toBeGreaterThan(5);
    const [recorded] = await fakes.requests("anthropic", "/v1/messages");
    expect(recorded?.headers["anthropic-version"]).toBeDefined();
  });

  it("serves queued text and tool_use replies in order", async () => {
    await fakes.queueAnthropic([
      { text: "first" },
      {
        content: [{ type: "tool_use", name: "cite", input: { pmid: "90000001" } }],
        usage: { output_tokens: 7 },
      },
    ]);
    const request = { model: "m", max_tokens: 10, messages: [{ role: "user" as const, content: "q" }] };
    const first = await anthropic().messages.create(request);
    expect(first.content).toEqual([{ type: "text", text: "first" }]);
    const second = await anthropic().messages.create(request);
    expect(second.stop_reason).toBe("tool_use");
    expect(second.content[0]).toMatchObject({ type: "tool_use", name: "cite", input: { pmid: "90000001" } });
    expect(second.usage.output_tokens).toBe(7);
  });

  it("streams the same reply as server-sent events", async () => {
    await fakes.queueAnthropic({ text: "streamed answer" });
    const stream = anthropic().messages.stream({
      model: "m",
      max_tokens: 10,
      messages: [{ role: "user", content: "q" }],
    });
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: "text", text: "streamed answer" }]);
    expect(final.stop_reason).toBe("end_turn");
  });

  it("rejects requests missing the version header or required fields", async () => {
    const url = `${urls.ANTHROPIC_BASE_URL}/v1/messages`;
    const noVersion = await postJson(url, { model: "m", max_tokens: 1, messages: [] }, { "x-api-key": "k" });
    expect(noVersion.status).toBe(400);
    const noMaxTokens = await postJson(
      url,
      { model: "m", messages: [{ role: "user", content: "x" }] },
      {
        "x-api-key": "k",
        "anthropic-version": "2023-06-01",
      },
    );
    expect(noMaxTokens.status).toBe(400);
    expect(await noMaxTokens.json()).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error" },
    });
    const noKey = await postJson(url, {}, { "anthropic-version": "2023-06-01" });
    expect(noKey.status).toBe(401);
  });

  it("injects 429 rate_limit_error with retry-after, and 529 overloaded_error", async () => {
    await fakes.fail({ service: "anthropic", status: 429, retryAfter: 7 });
    await fakes.fail({ service: "anthropic", status: 529 });
    const body = { model: "m", max_tokens: 1, messages: [{ role: "user", content: "x" }] };
    const headers = { "x-api-key": "k", "anthropic-version": "2023-06-01" };
    const limited = await postJson(`${urls.ANTHROPIC_BASE_URL}/v1/messages`, body, headers);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(await limited.json()).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    const overloaded = await postJson(`${urls.ANTHROPIC_BASE_URL}/v1/messages`, body, headers);
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toMatchObject({ error: { type: "overloaded_error" } });
  });
});

describe("openai", () => {
  const openai = () => new OpenAI({ apiKey: "sk-test", baseURL: urls.OPENAI_BASE_URL, maxRetries: 0 });

  it("returns a chat.completion with an offline reply", async () => {
    const completion = await openai().chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "Summarise caffeine and sleep" }],
    });
    expect(completion).toMatchObject({
      object: "chat.completion",
      model: "gpt-test",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "Offline fake reply about: Summarise caffeine and sleep",
            refusal: null,
          },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
    const usage = completion.usage;
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
  });

  it("returns scripted text as-is and valid JSON for json_schema when unscripted", async () => {
    await fakes.queueOpenAI({ text: '{"verdict":"ok"}' });
    const request = {
      model: "gpt-test",
      messages: [{ role: "user" as const, content: "check" }],
      response_format: {
        type: "json_schema" as const,
        json_schema: {
          name: "check",
          strict: true,
          schema: {
            type: "object",
            properties: {
              verdict: { type: "string", enum: ["ok", "fix"] },
              issues: { type: "array", items: { type: "string" } },
            },
            required: ["verdict", "issues"],
            additionalProperties: false,
          },
        },
      },
    };
    const scripted = await openai().chat.completions.create(request);
    expect(scripted.choices[0]?.message.content).toBe('{"verdict":"ok"}');
    const offline = await openai().chat.completions.create(request);
    expect(JSON.parse(offline.choices[0]?.message.content ?? "")).toEqual({
      verdict: "ok",
      issues: ["Offline fake reply about: check"],
    });
  });

  it("injects OpenAI-shaped errors", async () => {
    await fakes.fail({ service: "openai", status: 429, retryAfter: 2 });
    const response = await postJson(
      `${urls.OPENAI_BASE_URL}/chat/completions`,
      { model: "m", messages: [] },
      {
        authorization: "Bearer sk-test",
      },
    );
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toMatchObject({ error: { type: "requests", code: "rate_limit_exceeded" } });
    const unauthenticated = await postJson(`${urls.OPENAI_BASE_URL}/chat/completions`, {
      model: "m",
      messages: [],
    });
    expect(unauthenticated.status).toBe(401);
  });
});

describe("pubmed", () => {
  it("esearch ranks keyword matches and ignores field tags and operators", async () => {
    const url = `${urls.PUBMED_API_URL}/esearch.fcgi?db=pubmed&retmode=json&retmax=5&api_key=test-key&tool=serotonin&email=dev%40example.com&term=${encodeURIComponent('(insomnia[tiab] OR "sleep") AND CBT-I[tiab]')}`;
    const body = (await (await fetch(url)).json()) as {
      header: unknown;
      esearchresult: { count: string; idlist: string[]; retstart: string };
    };
    expect(body.header).toEqual({ type: "esearch", version: "0.3" });
    expect(Number(body.esearchresult.count)).toBeGreaterThan(0);
    expect(body.esearchresult.retstart).toBe("0");
    expect(body.esearchresult.idlist.slice(0, 2).sort()).toEqual(["90000001", "90000002"]);
    const [recorded] = await fakes.requests("pubmed", "esearch");
    expect(recorded?.query).toMatchObject({
      api_key: "test-key",
      tool: "serotonin",
      email: "dev@example.com",
    });
  });

  it("esearch finds nothing for stopword-only or unrelated queries", async () => {
    const url = `${urls.PUBMED_API_URL}/esearch.fcgi?db=pubmed&retmode=json&term=the+of+quantum`;
    const body = (await (await fetch(url)).json()) as { esearchresult: { count: string; idlist: string[] } };
    expect(body.esearchresult).toMatchObject({ count: "0", idlist: [] });
  });

  it("esummary returns summaries and flags unknown PMIDs", async () => {
    const body = (await (
      await fetch(`${urls.PUBMED_API_URL}/esummary.fcgi?db=pubmed&retmode=json&id=90000004,99999999`)
    ).json()) as {
      result: Record<string, unknown> & { uids: string[] };
    };
    expect(body.result.uids).toEqual(["90000004"]);
    expect(body.result["90000004"]).toMatchObject({
      uid: "90000004",
      pubdate: "2019 Mar",
      source: "Fict Psychopharmacol Rep",
      authors: [{ name: "Sampleton K", authtype: "Author", clusterid: "" }, {}, {}],
      lastauthor: "Ficticio M",
      articleids: [{ idtype: "pubmed", value: "90000004" }, { idtype: "doi" }],
      elocationid: "doi: 10.5555/fake.90000004",
    });
    expect(body.result["99999999"]).toEqual({ uid: "99999999", error: "cannot get document summary" });
  });

  it("efetch returns escaped PubmedArticleSet XML, including runtime-added articles (POST form)", async () => {
    await fakes.addPubmedArticles({
      pmid: "90000050",
      title: "Serotonin <5-HT> & mood",
      abstract: "Fictional abstract about mood & serotonin.",
      journal: "Test Journal",
      year: 2024,
      authors: ["Doe J"],
      pubTypes: ["Review"],
    });
    const response = await fetch(`${urls.PUBMED_API_URL}/efetch.fcgi`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        db: "pubmed",
        id: "90000050,90000001",
        rettype: "abstract",
        retmode: "xml",
      }),
    });
    const xml = await response.text();
    expect(response.headers.get("content-type")).toContain("text/xml");
    expect(xml).toContain("<PubmedArticleSet>");
    expect(xml).toContain('<PMID Version="1">90000050</PMID>');
    expect(xml).toContain("<ArticleTitle>Serotonin &lt;5-HT&gt; &amp; mood</ArticleTitle>");
    expect(xml).toContain('<Author ValidYN="Y"><LastName>Doe</LastName><Initials>J</Initials></Author>');
    expect(xml).toContain('<AbstractText Label="METHODS" NlmCategory="METHODS">');
    expect(xml.match(/<PubmedArticle>/g)).toHaveLength(2);

    await fakes.reset();
    const afterReset = await (await fetch(`${urls.PUBMED_API_URL}/efetch.fcgi?db=pubmed&id=90000050`)).text();
    expect(afterReset).not.toContain("90000050");
  });

  it("injects NCBI's rate-limit error", async () => {
    await fakes.fail({ service: "pubmed", path: "esearch", status: 429 });
    const response = await fetch(`${urls.PUBMED_API_URL}/esearch.fcgi?db=pubmed&term=sleep&retmode=json`);
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ error: "API rate limit exceeded" });
  });
});

describe("telegram", () => {
  const method = (name: string) => `${urls.TELEGRAM_API_URL}/bot${TELEGRAM_TOKEN}/${name}`;

  it("getMe and sendMessage with increasing message ids", async () => {
    expect(await (await fetch(method("getMe"))).json()).toMatchObject({
      ok: true,
      result: { id: 123456, is_bot: true },
    });
    const first = (await (
      await postJson(method("sendMessage"), {
        chat_id: "@channel",
        text: "<b>Hi</b> &amp; bye",
        parse_mode: "HTML",
      })
    ).json()) as {
      result: { message_id: number; text: string; chat: unknown };
    };
    expect(first).toMatchObject({
      ok: true,
      result: { text: "Hi & bye", chat: { type: "channel", title: "Fake" } },
    });
    const second = (await (
      await fetch(method("sendMessage"), {
        method: "POST",
        body: new URLSearchParams({ chat_id: "-100123", text: "form" }),
      })
    ).json()) as { result: { message_id: number; chat: { id: number } } };
    expect(second.result.message_id).toBeGreaterThan(first.result.message_id);
    expect(second.result.chat.id).toBe(-100123);
  });

  it("rejects long text, bad HTML, unescaped MarkdownV2 and bad tokens", async () => {
    const long = await postJson(method("sendMessage"), { chat_id: 1, text: "a".repeat(4097) });
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: message is too long",
    });

    const unclosed = await (
      await postJson(method("sendMessage"), { chat_id: 1, text: "<b>bold", parse_mode: "HTML" })
    ).json();
    expect(unclosed).toMatchObject({
      ok: false,
      description: expect.stringContaining("Bad Request: can't parse entities:"),
    });
    const unknownTag = await (
      await postJson(method("sendMessage"), { chat_id: 1, text: "a<br>b", parse_mode: "HTML" })
    ).json();
    expect(unknownTag).toMatchObject({ description: expect.stringContaining('Unsupported start tag "br"') });
    const markdown = await (
      await postJson(method("sendMessage"), { chat_id: 1, text: "Done.", parse_mode: "MarkdownV2" })
    ).json();
    expect(markdown).toMatchObject({ description: expect.stringContaining("Character '.' is reserved") });

    const unauthorized = await postJson(`${urls.TELEGRAM_API_URL}/botnot-a-token/sendMessage`, {
      chat_id: 1,
      text: "x",
    });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
  });

  it("injects 429 with retry_after in parameters", async () => {
    await fakes.fail({ service: "telegram", path: "sendMessage", status: 429, retryAfter: 3 });
    const response = await postJson(method("sendMessage"), { chat_id: 1, text: "x" });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 3",
      parameters: { retry_after: 3 },
    });
  });
});

describe("x", () => {
  const oauth = { authorization: 'OAuth oauth_consumer_key="ck", oauth_signature="sig"' };
  const tweets = () => `${urls.X_API_URL}/2/tweets`;

  it("creates tweets and records the OAuth header", async () => {
    const response = await postJson(tweets(), { text: "Sleep matters" }, oauth);
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      data: { id: string; text: string; edit_history_tweet_ids: string[] };
    };
    expect(body.data.id).toMatch(/^\d+$/);
    expect(body.data).toEqual({
      id: body.data.id,
      text: "Sleep matters",
      edit_history_tweet_ids: [body.data.id],
    });
    const reply = await postJson(
      tweets(),
      { text: "More", reply: { in_reply_to_tweet_id: body.data.id } },
      oauth,
    );
    expect(reply.status).toBe(201);
    const [recorded] = await fakes.requests("x", "/2/tweets");
    expect(recorded?.headers.authorization).toMatch(/^OAuth /);
  });

  it("rejects over-long, duplicate and unauthenticated tweets", async () => {
    const long = await postJson(tweets(), { text: "a".repeat(281) }, oauth);
    expect(long.status).toBe(403);
    expect(await long.json()).toMatchObject({ title: "Forbidden", status: 403, type: "about:blank" });
    expect((await postJson(tweets(), { text: "once" }, oauth)).status).toBe(201);
    const duplicate = await postJson(tweets(), { text: "once" }, oauth);
    expect(duplicate.status).toBe(403);
    expect(await duplicate.json()).toMatchObject({
      detail: "You are not allowed to create a Tweet with duplicate content.",
    });
    expect((await postJson(tweets(), { text: "anon" })).status).toBe(401);
  });

  it("counts length as twitter-text does: bare domains 23, trailing punctuation outside the URL", async () => {
    // 257 letters + "x.ai" (23) = 280 fits; "bit.ly/abc." counts 23 + 1.
    expect((await postJson(tweets(), { text: `${"a".repeat(256)} x.ai` }, oauth)).status).toBe(201);
    expect((await postJson(tweets(), { text: `${"a".repeat(257)} x.ai` }, oauth)).status).toBe(403);
    expect((await postJson(tweets(), { text: `${"b".repeat(255)} bit.ly/abc.` }, oauth)).status).toBe(201);
  });

  it("enforces the per-user daily cap with x-user-limit-24hour-* headers", async () => {
    await fakes.setPlatformLimits({ x: { dailyRemaining: 1, dailyResetInSeconds: 3600 } });
    const ok = await postJson(tweets(), { text: "first" }, oauth);
    expect(ok.status).toBe(201);
    expect(ok.headers.get("x-user-limit-24hour-remaining")).toBe("0");
    const capped = await postJson(tweets(), { text: "second" }, oauth);
    expect(capped.status).toBe(429);
    expect(capped.headers.get("x-user-limit-24hour-remaining")).toBe("0");
    const reset = Number(capped.headers.get("x-user-limit-24hour-reset"));
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 3590);
  });

  it("a lost answer: the tweet is created, then the connection drops", async () => {
    await fakes.fail({ service: "x", path: "/2/tweets", status: 201, lose: true });
    await expect(postJson(tweets(), { text: "lost" }, oauth)).rejects.toThrow();
    const duplicate = await postJson(tweets(), { text: "lost" }, oauth);
    expect(duplicate.status).toBe(403);
  });

  it("injects 429 with x-rate-limit-reset", async () => {
    await fakes.fail({ service: "x", status: 429, retryAfter: 60 });
    const response = await postJson(tweets(), { text: "x" }, oauth);
    expect(response.status).toBe(429);
    const reset = Number(response.headers.get("x-rate-limit-reset"));
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 59);
    expect(await response.json()).toMatchObject({ title: "Too Many Requests", status: 429 });
  });
});

describe("threads", () => {
  const api = (path: string) => `${urls.THREADS_API_URL}${path}`;
  const form = (fields: Record<string, string>) => ({
    method: "POST",
    body: new URLSearchParams({ access_token: "th-token", ...fields }),
  });

  async function createContainer(text: string): Promise<string> {
    const response = await fetch(api("/1234/threads"), form({ media_type: "TEXT", text }));
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  }

  it("creates, polls, publishes and reads the permalink", async () => {
    await fakes.setThreadsStatus({ pollsUntilFinished: 2 });
    const containerId = await createContainer("Short post");
    const poll = async () =>
      (await (
        await fetch(api(`/${containerId}?fields=status,error_message&access_token=th-token`))
      ).json()) as {
        status: string;
      };
    expect((await poll()).status).toBe("IN_PROGRESS");
    const early = await fetch(api("/1234/threads_publish"), form({ creation_id: containerId }));
    expect(early.status).toBe(400);
    expect((await poll()).status).toBe("IN_PROGRESS");
    expect(await poll()).toEqual({ id: containerId, status: "FINISHED" });

    const published = await fetch(api(`/1234/threads_publish?creation_id=${containerId}`), {
      method: "POST",
      headers: { authorization: "Bearer th-token" },
    });
    const { id: mediaId } = (await published.json()) as { id: string };
    expect(mediaId).toMatch(/^\d+$/);
    const media = await (await fetch(api(`/${mediaId}?fields=permalink&access_token=th-token`))).json();
    expect(media).toEqual({
      id: mediaId,
      permalink: expect.stringMatching(/^https:\/\/www\.threads\.net\/@fake\/post\/\w+$/),
    });
  });

  it("reports ERROR status and Graph errors", async () => {
    await fakes.setThreadsStatus({ finalStatus: "ERROR" });
    const containerId = await createContainer("Will fail");
    const status = await (
      await fetch(api(`/${containerId}?fields=status,error_message&access_token=t`))
    ).json();
    expect(status).toEqual({ id: containerId, status: "ERROR", error_message: "UNKNOWN" });

    const tooLong = await fetch(api("/1234/threads"), form({ media_type: "TEXT", text: "a".repeat(501) }));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({
      error: { type: "OAuthException", code: 100, fbtrace_id: expect.any(String) },
    });
    const unknown = await fetch(api("/1234/threads_publish"), form({ creation_id: "424242" }));
    expect(unknown.status).toBe(400);
  });

  it("counts an emoji as its UTF-8 bytes against 500", async () => {
    const fits = await fetch(
      api("/1234/threads"),
      form({ media_type: "TEXT", text: `${"a".repeat(496)}😴` }),
    );
    expect(fits.status).toBe(200);
    const over = await fetch(
      api("/1234/threads"),
      form({ media_type: "TEXT", text: `${"a".repeat(497)}😴` }),
    );
    expect(over.status).toBe(400);
  });

  it("lists the user's posts newest first and reports and enforces the publishing quota", async () => {
    await fakes.setPlatformLimits({ threads: { quotaUsage: 0, quotaTotal: 1 } });
    const containerId = await createContainer("Only post");
    const published = await fetch(api("/1234/threads_publish"), form({ creation_id: containerId }));
    const { id } = (await published.json()) as { id: string };
    const list = await (await fetch(api("/1234/threads?fields=id,text&access_token=t"))).json();
    expect(list).toMatchObject({ data: [{ id, text: "Only post" }] });
    const limit = await (
      await fetch(api("/1234/threads_publishing_limit?fields=quota_usage,config&access_token=t"))
    ).json();
    expect(limit).toEqual({ data: [{ quota_usage: 1, config: { quota_total: 1, quota_duration: 86400 } }] });
    const second = await createContainer("One too many");
    const refused = await fetch(api("/1234/threads_publish"), form({ creation_id: second }));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { error_subcode: 2207042 } });
  });

  it("a rule path ending in $ matches only at the end of the path", async () => {
    await fakes.fail({ service: "threads", path: "/threads$", status: 500 });
    const limit = await fetch(api("/1234/threads_publishing_limit?access_token=t"));
    expect(limit.status).toBe(200);
    const create = await fetch(api("/1234/threads"), form({ media_type: "TEXT", text: "x" }));
    expect(create.status).toBe(500);
  });

  it("injects Graph-shaped failures", async () => {
    await fakes.fail({ service: "threads", path: "threads_publish", status: 500 });
    const containerId = await createContainer("x");
    const response = await fetch(api("/1234/threads_publish"), form({ creation_id: containerId }));
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({
      error: { type: "OAuthException", code: 1, fbtrace_id: expect.any(String) },
    });
  });
});

describe("failure injection and recording", () => {
  it("applies rules in order, by path, for `times` requests, and records failed requests too", async () => {
    await fakes.fail({ service: "slack", path: "chat.postMessage", status: 429, times: 2, retryAfter: 0 });
    await fakes.fail({ service: "slack", path: "chat.postMessage", status: 500 });
    const call = () =>
      postJson(
        `${urls.SLACK_API_URL}/chat.postMessage`,
        { channel: "C1", text: "x" },
        { authorization: `Bearer ${SLACK_TOKEN}` },
      );

    expect((await slack("auth.test", {})).ok).toBe(true); // other paths unaffected
    const first = await call();
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("0");
    expect(await first.json()).toEqual({ ok: false, error: "ratelimited" });
    expect((await call()).status).toBe(429);
    expect((await call()).status).toBe(500);
    expect((await call()).status).toBe(200);
    expect(await fakes.requests("slack", "chat.postMessage")).toHaveLength(4);
  });

  it("maps non-429 4xx to Slack's HTTP 200 ok:false, and sends a custom body verbatim", async () => {
    await fakes.fail({ service: "slack", status: 404 });
    await fakes.fail({ service: "slack", status: 200, body: { ok: false, error: "is_archived" } });
    expect(await slack("chat.postMessage", { channel: "C1", text: "x" })).toEqual({
      ok: false,
      error: "channel_not_found",
    });
    expect(await slack("chat.postMessage", { channel: "C1", text: "x" })).toEqual({
      ok: false,
      error: "is_archived",
    });
  });

  it("times -1 keeps failing until reset", async () => {
    await fakes.fail({ service: "x", status: 503, times: -1 });
    const tweet = () =>
      postJson(`${urls.X_API_URL}/2/tweets`, { text: `t${Math.random()}` }, { authorization: "Bearer b" });
    expect((await tweet()).status).toBe(503);
    expect((await tweet()).status).toBe(503);
    await fakes.reset();
    expect((await tweet()).status).toBe(201);
  });

  it("delays a successful answer (status 2xx without body) so clients can time out", async () => {
    await fakes.fail({ service: "pubmed", status: 200, delayMs: 300 });
    const started = Date.now();
    const response = await fetch(`${urls.PUBMED_API_URL}/esearch.fcgi?db=pubmed&term=sleep&retmode=json`);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);

    await fakes.fail({ service: "pubmed", status: 200, delayMs: 2000 });
    await expect(
      fetch(`${urls.PUBMED_API_URL}/esearch.fcgi?term=sleep`, { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
  });

  it("status 0 hangs then drops the connection", async () => {
    await fakes.fail({ service: "openai", status: 0, delayMs: 100 });
    const started = Date.now();
    await expect(
      postJson(
        `${urls.OPENAI_BASE_URL}/chat/completions`,
        { model: "m", messages: [] },
        { authorization: "Bearer k" },
      ),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(await fakes.requests("openai")).toHaveLength(1);
  });

  it("reset clears recordings, rules and scripted replies", async () => {
    await fakes.queueAnthropic({ text: "scripted" });
    await fakes.fail({ service: "anthropic", status: 500, times: -1 });
    await slack("auth.test", {});
    await fakes.reset();
    expect(await fakes.requests("slack")).toEqual([]);
    const response = await postJson(
      `${urls.ANTHROPIC_BASE_URL}/v1/messages`,
      { model: "m", max_tokens: 5, messages: [{ role: "user", content: "hello" }] },
      { "x-api-key": "k", "anthropic-version": "2023-06-01" },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ content: [{ text: "Offline fake reply about: hello" }] });
  });

  it("waitForRequests polls until enough requests arrive, or times out", async () => {
    setTimeout(() => void slack("chat.postMessage", { channel: "C1", text: "later" }), 100);
    const found = await fakes.waitForRequests("slack", "chat.postMessage", 1, 2000);
    expect(found[0]).toMatchObject({
      service: "slack",
      method: "POST",
      path: "/chat.postMessage",
      body: { text: "later" },
    });
    expect(found[0]?.at).toBeLessThanOrEqual(Date.now());
    await expect(fakes.waitForRequests("slack", "views.open", 1, 150)).rejects.toThrow(/timed out/);
  });
});
