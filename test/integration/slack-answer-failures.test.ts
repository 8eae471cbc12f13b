/**
 * A failure while answering Slack is never an HTTP 500 (which Slack shows as a bare
 * "http_service_error"): the physician gets a short explanation, with HTTP 200.
 * `app_rate_limited` envelopes are acknowledged.
 */
import { describe, expect, it } from "vitest";
import { draftIn, silenceLogs } from "../helpers";
import { blockAction, bodyOf, commandBody, fakes, slackPost, TEAM } from "../slack-helpers";

const EXPIRED = { ok: false, error: "expired_trigger_id" };

describe("failures while answering Slack", () => {
  it("/draft alone with an expired trigger: 200 and an ephemeral explanation", async () => {
    silenceLogs();
    await fakes().fail({ service: "slack", path: "views.open", status: 200, body: EXPIRED });
    const { res } = await slackPost("/slack/commands", commandBody({ text: "" }));
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { response_type: string; text: string };
    expect(reply).toMatchObject({ response_type: "ephemeral", text: expect.stringMatching(/try again/) });
  });

  it("a button whose modal Slack refuses: 200, and the response URL gets the explanation", async () => {
    silenceLogs();
    const draft = await draftIn("ready");
    await fakes().fail({ service: "slack", path: "views.open", status: 503 });
    const { res } = await slackPost("/slack/interactions", blockAction("draft_schedule", draft.id));
    expect(res.status).toBe(200);
    const responses = await fakes().requests("slack", "/response/act");
    expect(responses.map((r) => String(bodyOf(r).text))).toContainEqual(expect.stringMatching(/try again/));
  });

  it("acknowledges app_rate_limited (it has no event_id)", async () => {
    silenceLogs();
    const body = JSON.stringify({
      token: "t",
      type: "app_rate_limited",
      team_id: TEAM,
      minute_rate_limited: 1518467820,
      api_app_id: "A123",
    });
    const { res } = await slackPost("/slack/events", body);
    expect(res.status).toBe(200);
  });
});
