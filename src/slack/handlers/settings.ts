/**
 * The App Home settings form: default platform, language, time zone, and what readers see
 * under the physician's posts — the readers' country (which national crisis line safe-
 * messaging posts carry), an own crisis-resource line overriding it, and an optional
 * disclaimer line per platform. Invalid fields come back as errors under the inputs.
 */
import { updatePhysicianSettings } from "../../db/physicians";
import { type Language, type Physician, PLATFORMS, type Platform } from "../../db/schema";
import {
  type CrisisCountry,
  crisisLineProblem,
  isCrisisCountry,
  READER_LINE_MAX,
  readerLineLength,
} from "../../pipeline/safe-messaging";
import { isPlatform } from "../draft-command";
import { DISCLAIMER_INPUTS, INPUTS } from "../ids";
import { lexicon } from "../lexicon";
import type { SlackView } from "../payloads/interaction";
import { resolveTimeZone } from "../time-zones";
import type { HandlerContext } from "./context";
import { publishHome } from "./home";
import type { SubmissionReply } from "./submission-reply";
import { viewValues } from "./view-values";

export async function submitSettings(
  ctx: HandlerContext,
  physician: Physician,
  view: SlackView,
): Promise<SubmissionReply> {
  const { services } = ctx;
  const lx = lexicon(physician.language);
  const errors: Record<string, string> = {};

  // The select gives an IANA id; a typed city or zone name (an older form) is resolved too.
  const picked = viewValues.option(view, INPUTS.timezone) ?? viewValues.text(view, INPUTS.timezone);
  const timezone = resolveTimeZone(picked) ?? "";
  if (timezone === "") errors[INPUTS.timezone] = lx.reply.timezoneInvalid;
  const language: Language = viewValues.option(view, INPUTS.language) === "uk" ? "uk" : "en";
  const option = viewValues.option(view, INPUTS.platform);
  const defaultPlatform: Platform = option && isPlatform(option) ? option : physician.defaultPlatform;

  // "Other" (or nothing chosen) stores no country: readers get the generic crisis line.
  const chosen = viewValues.option(view, INPUTS.country);
  const country: CrisisCountry | null = isCrisisCountry(chosen) ? chosen : null;

  const crisisLine = oneLine(viewValues.text(view, INPUTS.crisisLine));
  const problem = crisisLine ? crisisLineProblem(crisisLine) : null;
  if (problem === "too_long")
    errors[INPUTS.crisisLine] = lx.settingsExtra.crisisLineTooLong({ max: READER_LINE_MAX });
  if (problem === "no_contact") errors[INPUTS.crisisLine] = lx.settingsExtra.crisisLineNoContact;

  const disclaimers: Partial<Record<Platform, string>> = {};
  for (const platform of PLATFORMS) {
    const id = DISCLAIMER_INPUTS[platform];
    const line = oneLine(viewValues.text(view, id));
    if (!line) continue;
    if (readerLineLength(line) > READER_LINE_MAX)
      errors[id] = lx.settingsExtra.disclaimerTooLong({ max: READER_LINE_MAX });
    else disclaimers[platform] = line;
  }
  if (Object.keys(errors).length) return { response_action: "errors", errors };

  const settings = {
    timezone,
    language,
    defaultPlatform,
    country,
    crisisLine: crisisLine || null,
    disclaimers: Object.keys(disclaimers).length ? disclaimers : null,
  };
  await updatePhysicianSettings(services.db, physician.id, settings);
  ctx.defer(publishHome(services, { ...physician, ...settings }));
  return null;
}

/** A reader line is one line: any line breaks or runs of spaces become one space. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
