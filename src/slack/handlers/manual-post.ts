/**
 * Manual post (App Home): the physician's own text, for now or a time in their zone. It
 * becomes a draft like any other (ready, version 1 "manual") and arrives as a card in their
 * messages; nothing is published from the form. The card is the confirmation every draft
 * gets — Publish (with the publish limit and review gate of any draft), Schedule, Preview
 * parts — and a date and time in the form schedule it, which the card states with Cancel.
 */
import { createDraftStatement, getDraft } from "../../db/drafts";
import { claims, draftVersions, type Physician, slackRequests } from "../../db/schema";
import { isUniqueViolation, REQUEST_KEY } from "../../db/slack-requests";
import { reason } from "../../db/status-reasons";
import { checkByRules, problems } from "../../pipeline/claims";
import { refreshCard } from "../card-sender";
import { isPlatform } from "../draft-command";
import { INPUTS } from "../ids";
import { lexicon } from "../lexicon";
import { SLACK_TEXT_INPUT_MAX } from "../limits";
import type { SlackView } from "../payloads/interaction";
import { zonedTimeToEpoch } from "../time";
import type { HandlerContext } from "./context";
import { schedule } from "./draft-actions";
import { outcomeText } from "./outcome-text";
import type { SubmissionReply } from "./submission-reply";
import { viewValues } from "./view-values";

export async function submitManualPost(
  ctx: HandlerContext,
  physician: Physician,
  view: SlackView,
  requestKey: string,
): Promise<SubmissionReply> {
  // `requestKey` makes a re-sent submission a no-op (one draft, one card).
  const { services } = ctx;
  const lx = lexicon(physician.language);
  const text = viewValues.text(view, INPUTS.text);
  const option = viewValues.option(view, INPUTS.platform);
  const platform = option && isPlatform(option) ? option : physician.defaultPlatform;
  const date = viewValues.date(view, INPUTS.date);
  const time = viewValues.time(view, INPUTS.time);

  if (!text) return { response_action: "errors", errors: { [INPUTS.text]: lx.reply.textEmpty } };
  if (text.length > SLACK_TEXT_INPUT_MAX)
    return {
      response_action: "errors",
      errors: { [INPUTS.text]: lx.reply.textTooLong({ max: SLACK_TEXT_INPUT_MAX }) },
    };
  let at: number | undefined;
  if (date || time) {
    at = zonedTimeToEpoch(date ?? "", time ?? "", physician.timezone);
    if (at === undefined)
      return {
        response_action: "errors",
        errors: { [date ? INPUTS.time : INPUTS.date]: lx.reply.scheduleInvalid },
      };
    if (at <= Date.now() + 60_000)
      return { response_action: "errors", errors: { [INPUTS.time]: lx.reply.scheduleInPast } };
  }

  const draftId = crypto.randomUUID();
  // The same checks as any draft: the rules read every sentence (against no evidence, so a
  // number, dose or drug is for the physician to confirm in the review before publishing).
  const check = checkByRules(text, []);
  const flagged = problems(check.claims).length;
  try {
    await services.db.batch([
      services.db.insert(slackRequests).values({ key: requestKey, kind: "manual_post", draftId }),
      createDraftStatement(services.db, {
        id: draftId,
        physicianId: physician.id,
        topic: text.split("\n")[0]?.slice(0, 120) ?? text.slice(0, 120),
        platform,
        status: flagged > 0 ? "needs_review" : "ready",
        statusReason: flagged > 0 ? reason("claims_need_review", flagged) : null,
        currentVersion: 1,
      }),
      services.db.insert(draftVersions).values({
        draftId,
        version: 1,
        text,
        source: "manual",
        createdBy: physician.slackUserId,
        checkMode: "rules",
      }),
      ...check.claims.map((claim, ordinal) =>
        services.db.insert(claims).values({
          draftId,
          version: 1,
          ordinal,
          text: claim.text,
          kind: claim.kind,
          verdict: claim.verdict,
          note: claim.note ?? null,
          reasons: claim.reasons?.length ? claim.reasons : null,
          source: claim.source ?? null,
        }),
      ),
    ]);
  } catch (err) {
    if (isUniqueViolation(err, REQUEST_KEY)) return null; // the same submission again: already handled
    throw err;
  }
  const draft = await getDraft(services.db, draftId);
  if (!draft) throw new Error("manual draft vanished after insert");
  // Nothing is published from the form: the card is the confirmation, as for any draft
  // (Publish, Schedule, Preview parts). A date and time schedule it, and the card says so.
  if (at !== undefined) {
    const outcome = await schedule(services, draft, at);
    if (outcomeText(lx, outcome)) {
      services.log.warn("manual_post_not_scheduled", { draft_id: draftId, outcome: outcome.kind });
    }
  }
  ctx.defer(refreshCard(services, draftId));
  return null;
}
