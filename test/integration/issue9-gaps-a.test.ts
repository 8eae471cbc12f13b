/**
 * Issue 9, gaps found by planting bugs: behaviours that no test checked.
 * - A draft whose Worker died mid-generation (stuck in "generating", attempts left) is
 *   put back in the queue by the stuck-job sweep, and the re-sent job finishes it.
 * - In generation, a source URL whose host name resolves (DNS over HTTPS) to a private
 *   address is refused before any request reaches it; the draft still completes.
 */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDraft } from "../../src/db/drafts";
import worker from "../../src/index";
import { physicianWithKnowledge, queuedDraft, runGenerate } from "../generation-helpers";
import { db, silenceLogs } from "../helpers";
import { fakes } from "../slack-helpers";

afterEach(() => vi.restoreAllMocks());

const TEN_MINUTES_AGO = () => Date.now() - 10 * 60_000;

/** Runs the every-minute cron with a generation queue that records what it is sent. */
async function sweepRecording(): Promise<unknown[]> {
  const sent: unknown[] = [];
  const queue = {
    send: async (body: unknown) => {
      sent.push(body);
    },
  } as unknown as Queue;
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), {
    ...env,
    GENERATE_QUEUE: queue,
  });
  return sent;
}

describe("a draft whose Worker died mid-generation is recovered by the stuck-job sweep", () => {
  for (const attempts of [1, 3]) {
    it(`re-queues a stuck generating draft with ${attempts} attempt(s) used, and the re-sent job completes it`, async () => {
      silenceLogs();
      const physician = await physicianWithKnowledge();
      const draft = await queuedDraft(physician);
      // The attempt claimed the draft ten minutes ago, then its Worker was gone.
      await env.DB.prepare(
        "UPDATE drafts SET status = 'generating', attempts = ?, updated_at = ? WHERE id = ?",
      )
        .bind(attempts, TEN_MINUTES_AGO(), draft.id)
        .run();

      const sent = await sweepRecording();

      expect(sent).toEqual([
        expect.objectContaining({ type: "generate", draftId: draft.id, reason: "sweep" }),
      ]);
      expect((await getDraft(db(), draft.id))?.status).toBe("queued");

      await runGenerate(draft.id, { reason: "sweep" });
      expect((await getDraft(db(), draft.id))?.status).toBe("ready");
    });
  }

  it("does not re-queue a generating draft whose attempt is still within its budget", async () => {
    silenceLogs();
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(physician);
    await env.DB.prepare("UPDATE drafts SET status = 'generating', attempts = 1, updated_at = ? WHERE id = ?")
      .bind(Date.now(), draft.id)
      .run();

    expect(await sweepRecording()).toEqual([]);
    expect((await getDraft(db(), draft.id))?.status).toBe("generating");
  });
});

describe("a source URL whose name resolves to a private address is refused in generation", () => {
  const PRIVATE_HOST = "intranet.clinic.example"; // the DoH fake answers A 10.0.0.5
  const SECRET = "Internal protocol: do not share outside the clinic.";

  it("never requests the page, still completes the draft, and notes the source as unavailable", async () => {
    silenceLogs();
    const realFetch = globalThis.fetch;
    const hostsFetched: string[] = [];
    // Stands in for the intranet: if the guard let the request through, it would get a page.
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      hostsFetched.push(url.hostname);
      if (url.hostname === PRIVATE_HOST) {
        return new Response(
          `<html><head><title>Intranet</title></head><body><p>${SECRET}</p></body></html>`,
          {
            headers: { "content-type": "text/html; charset=utf-8" },
          },
        );
      }
      return realFetch(input, init);
    });
    const physician = await physicianWithKnowledge();
    const draft = await queuedDraft(
      physician,
      "Caffeine and sleep",
      "telegram",
      `https://${PRIVATE_HOST}/protocols/caffeine`,
    );

    await runGenerate(draft.id, { env: { DOH_URL: `${env.FAKES_URL}/doh/dns-query` } });

    expect(hostsFetched).not.toContain(PRIVATE_HOST);
    const after = await getDraft(db(), draft.id);
    expect(after?.status).toBe("ready");
    expect(after?.evidenceNote ?? "").toContain("source_unavailable");
    const cited = await env.DB.prepare(
      "SELECT count(*) AS n FROM citations WHERE draft_id = ? AND ref LIKE ?",
    )
      .bind(draft.id, `%${PRIVATE_HOST}%`)
      .first<{ n: number }>();
    expect(cited?.n).toBe(0);
    // Refused because of what the name resolves to: it was looked up over DNS over HTTPS.
    const lookups = await fakes().requests("doh", "/dns-query");
    expect(lookups.map((r) => r.query.name)).toContain(PRIVATE_HOST);
  });
});
