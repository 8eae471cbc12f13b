/**
 * English UI strings. Values interpolated into mrkdwn are escaped here (see types.ts);
 * static strings contain no `&`, `<` or `>` except as entities.
 */
import { decodeRefusal } from "../../publishers/refusal";
import { escapeMrkdwn as esc, slackLink } from "../mrkdwn";
import type { Lexicon } from "./types";
import { voiceEn } from "./voice-texts";

const PLATFORM = { telegram: "Telegram", x: "X", threads: "Threads" } as const;
const LANGUAGE_NAME = { en: "English", uk: "Ukrainian" } as const;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a Telegram post", "an X post": by the sound of the name, not its first letter. */
function article(name: string): string {
  return /^(X|[AEIOU])/.test(name) ? "an" : "a";
}

function waitTime(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  return s < 60 ? plural(s, "second", "seconds") : plural(Math.ceil(s / 60), "minute", "minutes");
}

export const en: Lexicon = {
  locale: "en-GB",
  platform: PLATFORM,
  language: { en: "English", uk: "Українська" },
  voice: voiceEn,
  safety: {
    cardMark:
      "🛟 Safe-messaging topic: no method details, hope and help-seeking; a crisis-resource line is added when it is published.",
  },
  readerLines: {
    sourcesHeading: "Sources",
    crisis: ({ service, phone }) =>
      `If you are having thoughts of suicide or self-harm, you are not alone. Call ${service}: ${phone}.`,
    crisisGeneric: "If you are thinking about suicide, contact your local emergency number or a crisis line.",
  },
  settingsExtra: {
    countryLabel: "Country of your readers",
    countryPlaceholder: "Choose a country",
    countryHint: "Picks the crisis line added to posts about suicide, self-harm or overdose.",
    countries: {
      UA: "Ukraine",
      US: "United States",
      GB: "United Kingdom",
      CA: "Canada",
      IE: "Ireland",
      AU: "Australia",
      DE: "Germany",
      PL: "Poland",
    },
    countryOther: "Other country",
    crisisLineLabel: "Your crisis-resource line",
    crisisLinePlaceholder: "e.g. Lifeline Ukraine: 7333",
    crisisLineHint:
      "Replaces the country's line under posts about suicide, self-harm or overdose. Include a phone number or a web address.",
    disclaimerLabel: {
      telegram: "Disclaimer on Telegram",
      x: "Disclaimer on X",
      threads: "Disclaimer on Threads",
    },
    disclaimerHint: "One line added under every post on this platform; leave empty for none.",
    crisisLineTooLong: ({ max }) => `Keep the crisis line within ${max} characters.`,
    crisisLineNoContact: "Add a phone number or a web address readers can use.",
    disclaimerTooLong: ({ max }) => `Keep the disclaimer within ${max} characters.`,
  },
  check: {
    reasons: {
      unresolved_pmid: ({ detail }) => `${esc(detail)} was never retrieved for this draft — remove it`,
      unresolved_doi: ({ detail }) => `DOI ${esc(detail)} was never retrieved for this draft — remove it`,
      unresolved_url: ({ detail }) => `the link ${esc(detail)} is not one of this draft's sources`,
      missing_marker: ({ detail }) => `${esc(detail)} points to no source`,
      cites_missing_evidence: ({ detail }) => `the checker cited ${esc(detail)}, which does not exist`,
      number_not_in_evidence: ({ detail }) => `no source states ${esc(detail)}`,
      unit_mismatch: ({ detail }) =>
        `the sources give this number with another unit or subject, not ${esc(detail)}`,
      out_of_range: ({ detail }) => `${esc(detail)} is outside the range or limit the sources give`,
      other_subject: ({ detail }) => `the sources state ${esc(detail)} about another substance`,
      substance_not_in_evidence: ({ detail }) => `no source mentions ${esc(detail)}`,
      attribution_unmatched: ({ detail }) => `“${esc(detail)}” matches none of the sources`,
      vague_attribution: ({ detail }) => `“${esc(detail)}” without a numbered source`,
    },
    rulesOnly: "Checked by rules only (numbers, doses, drugs, citations): the AI check did not answer",
    rulesEdit: "Your edit was re-checked by rules (numbers, doses, drugs, citations)",
    blocked: ({ citations }) =>
      `🚫 Cannot be published while it cites sources that were never retrieved: ${esc(citations)}. Edit them out or regenerate.`,
    reviewedBy: ({ mention, count }) =>
      `Publishing confirmed by ${mention} with ${plural(count, "unresolved claim", "unresolved claims")}`,
    reviewButton: "Review",
    modal: {
      title: "Review claims",
      submit: "Confirm",
      intro: ({ count }) =>
        `*${plural(count, "claim is", "claims are")} not supported by the draft's sources.* Check each one before this post goes out under your name.`,
      blockedIntro: ({ citations }) =>
        `*This draft cites sources that were never retrieved: ${esc(citations)}.* It cannot be published until you edit them out (or regenerate).`,
      ackLabel: "Your confirmation",
      ackOption: ({ count }) =>
        `Publish with ${plural(count, "unresolved claim", "unresolved claims")} under my name`,
      ackHint: "Tick this only after checking each claim above against a source you trust.",
      whenLabel: "When",
      whenNow: "Publish now",
      whenSchedule: "Schedule for the date and time below",
      dateLabel: "Date (when scheduling)",
      timeLabel: "Time (when scheduling)",
      timezoneHint: ({ timezone }) => `Times are in ${timezone}.`,
    },
    reply: {
      reviewFirst: "This draft has claims that need your review first. Press *Review* on the card.",
      ackMissing: "Tick the confirmation to publish a draft with unresolved claims.",
      changed: "The draft changed since you opened this review. Open the review again.",
      blocked: ({ citations }) =>
        `Not published: the draft cites sources that were never retrieved (${esc(citations)}). Edit them out first.`,
      scheduleMissing: "Pick a date and a time to schedule.",
    },
  },
  status: {
    queued: "Queued",
    generating: "Writing",
    ready: "Ready",
    needs_review: "Needs review",
    scheduled: "Scheduled",
    publishing: "Publishing",
    published: "Published",
    failed: "Failed",
    rejected: "Rejected",
  },
  statusEmoji: {
    queued: "⏳",
    generating: "✍️",
    ready: "✅",
    needs_review: "⚠️",
    scheduled: "🗓️",
    publishing: "📤",
    published: "🚀",
    failed: "❌",
    rejected: "🚫",
  },
  verdict: {
    supported: "supported",
    unsupported: "not supported by the sources",
    contradicted: "contradicted",
  },
  verdictEmoji: { supported: "✅", unsupported: "⚠️", contradicted: "❌" },
  publication: {
    pending: "waiting",
    publishing: "publishing",
    published: "published",
    failed: "failed",
    uncertain: "not confirmed",
    waiting: "waiting for you",
  },
  publishing: {
    limit: {
      x_window: "X's 15-minute posting limit",
      x_daily: "X's daily posting limit",
      threads_quota: "Threads' 24-hour posting limit",
      threads_rate: "Threads' rate limit",
      telegram_chat: "Telegram's rate limit for the channel",
    },
    delayed: ({ limit, when }) => `⏳ Waiting for ${limit} to reset; next attempt at ${when}.`,
    part: ({ n }) => `part ${n}`,
    liveParts: ({ links }) => `Already live: ${links}`,
    outbox: ({ platform }) => `${PLATFORM[platform]}: published to the local outbox (no account configured)`,
    button: {
      confirmLive: "It's live",
      sendAgain: "Not there, send it",
      continueThread: "Continue the thread",
      newThread: "Post as a new thread",
      stop: "Stop",
      reschedule: "Reschedule",
      cancelSchedule: "Cancel schedule",
      preview: "Preview parts",
    },
    confirmStop: {
      title: "Stop this thread?",
      text: "The parts already live stay online; the rest is not posted. You can edit and publish again.",
      confirm: "Stop",
      deny: "Keep waiting",
    },
    confirmCancelSchedule: {
      title: "Cancel the schedule?",
      text: "The draft stays ready; publish or schedule it again whenever you like.",
      confirm: "Cancel schedule",
      deny: "Keep it",
    },
    preview: {
      title: "Preview",
      partHeading: ({ n, total, length, limit }) => `Part ${n} of ${total} · ${length}/${limit}`,
    },
  },
  stage: {
    style: "Matching your voice",
    evidence: "Gathering evidence",
    drafting: "Drafting",
    checking: "Checking claims",
    fitting: ({ platform }) => `Fitting to ${PLATFORM[platform]}`,
  },
  stageMark: { pending: "▫️", running: "⏳", done: "✅", skipped: "⏭️", failed: "❌", review: "⚠️" },
  versions: {
    menuOption: "Earlier versions",
    previewOption: "Preview parts",
    title: "Versions",
    heading: ({ version, current }) => `Version ${version}${current ? " (current)" : ""}`,
    source: {
      generated: "written for you",
      regenerated: "written again",
      revised: "revised after the check",
      edited: "edited by you",
      manual: "your own post",
      rewritten: "quick edit",
    },
    restore: "Restore",
    note: "Restoring brings back that version's text with the claims and sources it was checked with. No version is lost.",
  },
  quickEdit: {
    placeholder: "Quick edit…",
    option: {
      shorter: "Shorter",
      simpler: "Simpler for patients",
      formal: "More formal",
      translate: "Translate",
      drop_flagged: "Drop the flagged claims",
    },
    translateTo: { en: "Translate into English", uk: "Translate into Ukrainian" },
  },
  refusal: {
    not_configured: ({ platform }) => `${PLATFORM[platform]} is not connected yet`,
    credentials: ({ platform }) => `${PLATFORM[platform]} did not accept the account's sign-in`,
    reconnect: ({ platform }) => `${PLATFORM[platform]} no longer accepts your account's sign-in`,
    destination: ({ platform }) => `${PLATFORM[platform]} does not let the bot post to the channel`,
    duplicate: ({ platform }) => `${PLATFORM[platform]} already has a post with exactly this text`,
    content: ({ platform }) => `${PLATFORM[platform]} did not accept the text (its formatting or content)`,
    unreadable: ({ platform }) => `${PLATFORM[platform]} answered in a way I could not read`,
    other: ({ platform }) => `${PLATFORM[platform]} refused the post`,
  },
  refusalNextStep: {
    not_configured:
      "Connect your account in App Home (Your accounts), or ask your admin for the clinic's, then press Publish again.",
    reconnect: "Press Reconnect (or App Home → Your accounts), then press Publish again.",
    credentials: "Ask your admin to reconnect the account, then press Publish again.",
    destination:
      "Make the bot an administrator of the channel (or ask your admin), then press Publish again.",
    duplicate: "Change the text with Edit, then publish again.",
    content: "Change the text with Edit, then publish again.",
    unreadable: "Check the account before publishing again, so the post does not go out twice.",
    other: "Try again in a few minutes; if it keeps happening, tell your admin.",
  },
  button: {
    publish: "Publish",
    publishNow: "Publish now",
    schedule: "Schedule",
    edit: "Edit",
    regenerate: "Regenerate",
    reject: "Reject",
    retry: "Retry",
    open: "Open",
    delete: "Delete",
    newDraft: "New draft",
    manualPost: "Manual post",
    uploadGuideline: "Upload guideline",
    settings: "Settings",
    previous: "Previous",
    next: "Next",
  },
  confirm: {
    reject: {
      title: "Reject this draft?",
      text: "The draft will not be published and its buttons will disappear.",
      confirm: "Reject",
      deny: "Keep it",
    },
    delete: {
      title: "Delete this draft?",
      text: "It disappears from your list. Posts already published stay online.",
      confirm: "Delete",
      deny: "Cancel",
    },
  },
  modal: {
    cancel: "Cancel",
    close: "Close",
    platformPlaceholder: "Choose a platform",
    generate: {
      title: "New draft",
      submit: "Create draft",
      topicLabel: "Topic",
      topicPlaceholder: "e.g. Sleep hygiene for shift workers",
      platformLabel: "Platform",
      sourceUrlLabel: "Source link",
      sourceUrlPlaceholder: "https://…",
      sourceUrlHint: "An article the post should draw on.",
      languageLabel: "Language of the post",
      languageAuto: "Same as the topic",
    },
    edit: {
      title: "Edit draft",
      submit: "Save",
      textLabel: "Post text",
      textHint:
        "Saving keeps your text as a new version. Claims are not re-checked automatically; press Regenerate to check them again.",
      textMoreLabel: "Post text (continued)",
      textMoreHint: "A Slack field holds 3,000 characters; the rest of a longer post goes here.",
      platformLabel: "Platform",
    },
    schedule: {
      title: "Schedule post",
      submit: "Schedule",
      dateLabel: "Date",
      timeLabel: "Time",
      timezoneHint: ({ timezone }) => `Time in your time zone: ${timezone}. Change it in Settings.`,
    },
    manualPost: {
      title: "Manual post",
      submit: "Create draft",
      textLabel: "Post text",
      textPlaceholder: "Write the post exactly as it should appear",
      platformLabel: "Platform",
      dateLabel: "Date",
      timeLabel: "Time",
      whenHint: ({ timezone }) =>
        `Pick a date and time to schedule it (${timezone}). Either way it arrives as a card in your messages; nothing is published until you press Publish or the time comes.`,
    },
    uploadGuideline: {
      title: "Upload guideline",
      submit: "Upload",
      intro: "Add a clinical guideline to your knowledge base. Drafts will cite it as evidence.",
      fileLabel: "Guideline file",
      fileHint: "PDF, TXT or MD, up to 10 MB.",
    },
    settings: {
      title: "Settings",
      submit: "Save",
      platformLabel: "Default platform",
      languageLabel: "Language",
      timezoneLabel: "Time zone",
      timezonePlaceholder: "Choose your time zone",
      timezoneHint: "Type a city to search, e.g. Kyiv.",
    },
    viewDraft: { title: "Draft" },
  },
  reply: {
    help: [
      "*Serotonin Script* drafts posts in your voice, with every medical claim checked.",
      "• `/draft &lt;topic&gt;` — draft a post for your default platform",
      "• `/draft &lt;topic&gt; | telegram|x|threads` — draft for a specific platform",
      "• `/draft &lt;topic&gt; | x | en` — … and in a specific language (en or uk)",
      "• `/draft` — open the form (topic, platform, source link)",
      "• `/draft help` — show this help",
      "Progress appears in the channel; the finished draft arrives as a card where you can publish, schedule, edit, regenerate or reject it.",
    ].join("\n"),
    accepted: ({ topic, platform, language }) =>
      `Got it: drafting ${article(PLATFORM[platform])} ${PLATFORM[platform]} post in ${LANGUAGE_NAME[language]} on “${esc(topic)}”. Progress will appear in this channel.`,
    topicTooLong: ({ max, length }) =>
      `That topic is ${length} characters long; please keep it under ${max}.`,
    topicMissing: "Please add a topic, e.g. `/draft sleep and depression`. `/draft help` shows all options.",
    unknownPlatform: ({ given }) =>
      `I don't know “${esc(given)}” after a \`|\`. Use a platform (telegram, x or threads) and/or a language (en or uk), each once.`,
    invalidUrl: "That source link doesn't look right. Use a public http(s) address.",
    rateLimited: ({ retryAfterSeconds }) =>
      `You're drafting faster than the limit allows. Please try again in ${waitTime(retryAfterSeconds)}.`,
    notAllowed: "Sorry, Serotonin Script isn't enabled for you here. Ask your administrator for access.",
    alreadyReceived: "Already on it: this request was received, no need to send it again.",
    notOwner: "Only the physician who ordered this draft can do that.",
    invalidState: ({ status }) =>
      `This draft is ${en.status[status].toLowerCase()}, so that action isn't available any more.`,
    alreadyPublishing: "This draft is already being published.",
    alreadyPublished: "This draft is already published; the card has the link.",
    quickEditNoChange:
      "Without the language model there is nothing more I can cut: the text is already short. Edit it yourself, or regenerate.",
    quickEditNeedsModel:
      "That quick edit needs the language model, which is not connected here. Shorter and Drop the flagged claims work without it.",
    scheduleInPast: "That time has already passed. Please pick a time in the future.",
    scheduleInvalid: "Please pick both a date and a time.",
    scheduleNoSuchTime: ({ timezone }) =>
      `That time doesn't exist in ${esc(timezone)}: the clocks skip it for daylight saving. Please pick another time.`,
    draftNotFound: "I couldn't find that draft. It may have been deleted.",
    textEmpty: "The post text can't be empty.",
    textTooLong: ({ max }) => `The post text is too long: the maximum is ${max} characters.`,
    timezoneInvalid: "Choose a time zone from the list (type a city to search).",
    fileTooLarge: ({ maxMb }) => `That file is too large. The maximum is ${maxMb} MB.`,
    fileWrongType: ({ allowed }) => `That file type isn't supported. Allowed: ${esc(allowed)}.`,
    fileNameInvalid: "That file name can't be used. Please rename the file and try again.",
    fileMissing: "Please attach a file.",
    uploadQueued: ({ name }) => `Uploading “${esc(name)}” to your knowledge base…`,
    uploadDone: ({ name, chunks }) =>
      `“${esc(name)}” is in your knowledge base (${plural(chunks, "passage", "passages")} indexed).`,
    uploadFailed: ({ name, reason }) => `Couldn't add “${esc(name)}”: ${esc(reason)}`,
    publishQueued: ({ platform }) => `Publishing to ${PLATFORM[platform]}…`,
    scheduled: ({ when }) => `Scheduled for ${esc(when)}.`,
    rejected: "Draft rejected.",
    deleted: "Draft deleted.",
    regenerating: "Writing a new version…",
    retrying: "Trying again…",
    settingsSaved: "Settings saved.",
    genericError: "Something went wrong on my side. Please try again in a minute.",
  },
  reason: {
    edited: () => "Edited by you; claims were not re-checked.",
    edited_checked: () => "Edited by you; the rules found nothing to review.",
    edited_needs_review: () => "You edited it; the rules re-checked your text.",
    scheduled_unreviewed: () => "Not published at the scheduled time: its claims need your review first.",
    review_required: () => "Not published: its claims need your review first (press Review).",
    claims_need_review: (n) => `${n} claim(s) need your review.`,
    generation_failed: () => "I could not write this draft. Nothing was published. Press Retry to try again.",
    generation_exhausted: () =>
      "I could not write this draft: the language model or a service I depend on still did not answer after several attempts. Nothing was published. Press Retry to try again.",
    generation_stuck: () =>
      "I could not finish this draft: it stopped several times before it was done. Nothing was published. Press Retry to try again.",
    generation_retrying: () => "Trying again.",
    llm_rejected: () =>
      "I could not write this draft: the language model refused the request. Nothing was published, and the team has been alerted. Press Retry to try again.",
    no_llm: () =>
      "I could not write this draft: no language model is connected. Nothing was published. Ask your admin.",
    not_queued: () => "I could not start this draft. Nothing was published. Press Retry to try again.",
    publish_refused: (detail) => {
      const r = decodeRefusal(detail);
      if (!r) return `Not published: ${detail}`;
      const name = PLATFORM[r.platform];
      const live =
        r.live === 0
          ? r.cause === "unreadable"
            ? "It may or may not be live."
            : "Nothing went out."
          : r.total > 0
            ? `${r.live} of ${r.total} parts are live; the rest was not posted.`
            : `${plural(r.live, "part is", "parts are")} live; the rest was not posted.`;
      return `Not published to ${name}: ${en.refusal[r.cause]({ platform: r.platform })}. ${live} ${en.refusalNextStep[r.cause]}`;
    },
    publish_exhausted: () =>
      "Not published: the platform kept failing after several attempts. Try again in a few minutes; if it keeps happening, tell your admin.",
    publish_stuck: () =>
      "Not published: publishing stopped before it finished. Try again; if it keeps happening, tell your admin.",
    publish_delayed: (limit) =>
      `Waiting for ${en.publishing.limit[limit as keyof typeof en.publishing.limit] ?? esc(String(limit))}.`,
    publish_uncertain: (detail) => {
      const [part = "", account] = String(detail).split(" ");
      const check = account ? slackLink(account, "Check the account") : "Check the account";
      return `I could not confirm that part ${esc(part).replace("/", " of ")} went out. ${check}, then tell me below.`;
    },
    publish_changed: (n) =>
      `${n} part(s) are already live and the text has changed since. Continue the thread after them, post the whole text as a new thread, or stop?`,
    publish_stopped: (n) => `Stopped by you with ${n} part(s) live.`,
    scheduled_missed: (minutes) =>
      `Not published: it was due ${Math.round(Number(minutes) / 60)} h ago, while the service was down. Publish now or schedule it again.`,
    scheduled_not_allowed: () =>
      "Not published at the scheduled time: your account is no longer allowed to use this app. Ask your workspace admin.",
    scheduled_account_gone: (detail) =>
      `Not scheduled any more: you disconnected ${esc(String(detail))}, the account it was going to. Choose where it goes (connect an account), then schedule or publish it.`,
    publish_not_queued: () => "Publishing could not be queued. Try again.",
    restored: (n) => `You restored version ${n}.`,
    upload_unreadable: () => "Slack did not let me read the file (check the app's file access).",
    upload_exhausted: () => "Indexing the uploaded file failed after several attempts.",
  },
  card: {
    fallback: ({ topic, platform, status }) =>
      `${en.statusEmoji[status]} ${PLATFORM[platform]} draft: ${esc(topic)} (${en.status[status]})`,
    offlineDraftLabel: "Offline draft — no language model connected; composed from your knowledge base",
    orderedBy: ({ mention }) => `Ordered by ${mention}`,
    version: ({ version }) => `version ${version}`,
    length: ({ count, limit }) => `${count}/${limit} characters`,
    threadLength: ({ parts, longest, limit }) => `${parts} posts · longest ${longest}/${limit}`,
    overLimit: "over the limit",
    evidenceNote: ({ note }) => `Evidence: ${esc(note)}`,
    evidenceNotes: {
      knowledge_unavailable: "The knowledge base could not be searched this time, so it was left out.",
      style_unavailable:
        "Your past posts could not be searched this time, so the draft is not matched to your voice.",
      pubmed_unavailable: "PubMed was unavailable, so this draft rests on the knowledge base only.",
      source_unavailable: "The source link could not be read, so it was left out.",
      no_evidence: "No matching evidence was found; the draft avoids medical facts.",
    },
    claimsClean: ({ count }) =>
      count === 1
        ? "✅ Its one claim is backed by the sources."
        : `✅ All ${count} claims are backed by the sources.`,
    claimsUnchecked: ({ count }) =>
      `No matching evidence was found, so ${count === 1 ? "its claim" : `its ${count} claims`} could not be checked against a source.`,
    noClaims: "No medical claims to check.",
    noClaimsCited: "Its statements are taken from the numbered sources; no separate claims were checked.",
    sourcesHeading: "Sources",
    knowledgeSource: "knowledge base",
    claimsHeading: "Claims",
    more: ({ count }) => `+${count} more`,
    detailsCollapsed: ({ count }) =>
      `${plural(count, "claim needs", "claims need")} review; details are hidden to fit Slack's limits. Open Edit to see the text.`,
    textShortened: "The text is shortened here to fit Slack; Edit shows all of it.",
    emptyText: "(no text yet)",
    publicationsHeading: "Publications",
    viewPost: "View post",
    publicationFailed: ({ platform, error }) => `${PLATFORM[platform]}: failed — ${esc(error)}`,
    publicationPending: ({ platform, status }) => `${PLATFORM[platform]}: ${en.publication[status]}`,
    publicationDone: ({ platform }) => `${PLATFORM[platform]}: published`,
    statusQueued: "⏳ Queued",
    statusGenerating: "✍️ Writing the draft…",
    statusReady: ({ reason }) => `✅ *Ready to publish*${reason ? ` — ${esc(reason)}` : ""}`,
    statusNeedsReview: ({ open, total, reason }) => {
      const claims =
        open === 0
          ? ""
          : `: ${open === total ? (open === 1 ? "its claim is" : `all ${open} claims are`) : `${open} of ${total} claims are`} not backed by the sources (below)`;
      return `⚠️ *Needs your review*${claims}.${reason ? ` ${esc(reason)}` : ""}`;
    },
    statusRetrying: ({ attempt, max, cause, when }) =>
      `🔁 *Retrying (${attempt} of ${max})* — ${en.retryCause[cause]}.${when ? ` Next try at ${esc(when)}.` : ""} Nothing is lost.`,
    statusScheduled: ({ when }) => `🗓️ Scheduled for ${esc(when)}`,
    statusPublishing: "📤 Publishing…",
    statusPublished: "🚀 Published",
    statusFailed: ({ reason }) => `❌ ${reason ? esc(reason) : "*Failed.* Press Retry to try again."}`,
    statusNotPublished: ({ reason }) => `❌ ${esc(reason)}`,
    statusRejected: "🚫 Rejected",
  },
  progress: {
    fallback: ({ topic }) => `✍️ Drafting: ${esc(topic)}`,
    heading: ({ platform }) => `Drafting ${article(PLATFORM[platform])} ${PLATFORM[platform]} post`,
    rewriting: ({ edit }) => `Quick edit: ${esc(edit.toLowerCase())}`,
    retrying: ({ attempt, max, cause }) =>
      `🔁 Attempt ${attempt} of ${max} — last time ${en.retryCause[cause]}.`,
    detail: {
      styleFound: ({ count }) => `${plural(count, "past post", "past posts")} of yours`,
      styleNone: "no past posts yet — using a neutral voice",
      styleSkipped: "your past posts could not be searched — using a neutral voice",
      evidenceFound: ({ count }) => plural(count, "source", "sources"),
      evidenceNone: "no matching sources",
      checkClean: ({ count }) => `${plural(count, "claim", "claims")}, all backed by the sources`,
      checkNone: "no medical claims",
      checkReview: ({ count }) => `${plural(count, "claim", "claims")} for you to review`,
      fitParts: ({ count }) => `${count} posts`,
    },
  },
  retryCause: {
    llm: "the language model did not answer",
    service: "a service I depend on did not answer",
  },
  failure: {
    fallback: ({ topic }) => `❌ Draft failed: ${esc(topic)}`,
  },
  home: {
    header: "Serotonin Script",
    greeting: ({ name }) => (name ? `Hello, ${esc(name)}!` : "Hello!"),
    needsYou: ({ count }) =>
      count === 0
        ? "Nothing waits for you right now."
        : `${plural(count, "draft needs", "drafts need")} you — at the top.`,
    settingsSummary: ({ platform, language, timezone }) =>
      `Default platform: ${PLATFORM[platform]} · Language: ${en.language[language]} · Time zone: ${esc(timezone)}`,
    sectionHeading: {
      needs_review: ({ count }) => `⚠️ Needs your review · ${count}`,
      failed: ({ count }) => `❌ Failed · ${count}`,
      ready: ({ count }) => `✅ Ready to publish · ${count}`,
      scheduled: ({ count }) => `🗓️ Scheduled · ${count}`,
      working: ({ count }) => `✍️ In progress · ${count}`,
      published: ({ count }) => `🚀 Published · ${count}`,
      rejected: ({ count }) => `🚫 Rejected · ${count}`,
    },
    empty: "No drafts yet. Type `/draft &lt;topic&gt;` in any channel or press *New draft*.",
    created: ({ when }) => `created ${esc(when)}`,
    scheduledFor: ({ when }) => `goes out ${esc(when)}`,
    publishedOn: ({ when }) => `published ${esc(when)}`,
    notWritten: "the draft could not be written — open it to retry",
    notPublished: "not published — open it to see why",
    awaitingAnswer: "publishing waits for your answer — open it",
    showing: ({ from, to, total }) => `${from}–${to} of ${total}`,
    deleteOption: "Delete…",
    cancelScheduleOption: "Cancel schedule…",
  },
  accounts: {
    header: "Your accounts",
    own: ({ platform, handle }) => `*${PLATFORM[platform]}* → ${esc(handle)}`,
    needsReconnect: ({ platform, handle, why }) =>
      `*${PLATFORM[platform]}* → ${esc(handle)} · ⚠️ needs reconnecting: ${esc(why)}`,
    viaClinic: ({ platform, label }) =>
      `*${PLATFORM[platform]}* → ${esc(label)} · connect your own to post there instead`,
    none: ({ platform }) => `*${PLATFORM[platform]}* · not connected`,
    offered: ({ title }) => `📣 The bot was added to *${esc(title)}*. Publish your Telegram posts there?`,
    profile: "open",
    connect: "Connect",
    reconnect: "Reconnect",
    test: "Test",
    disconnect: "Disconnect",
    useChannel: "Use this channel",
    disconnectConfirm: ({ handle, scheduled }) => ({
      title: "Disconnect?",
      text:
        scheduled > 0
          ? `${plural(scheduled, "scheduled post goes", "scheduled posts go")} to ${handle}. Disconnected, they come back to you unscheduled, and nothing goes out elsewhere. Disconnect ${handle}?`
          : `Posts will no longer go to ${handle}. Disconnect it?`,
      confirm: "Disconnect",
      deny: "Keep it",
    }),
    continueTo: ({ platform }) => `Continue to ${PLATFORM[platform]}`,
    oauthSteps: ({ platform }) =>
      `Press the button, sign in to ${PLATFORM[platform]} and allow Serotonin Script to post for you. The link works once, for 10 minutes.`,
    oauthOff: ({ platform }) =>
      `Connecting your own ${PLATFORM[platform]} account is not set up yet. Ask your admin (see the runbook: connecting accounts).`,
    telegramSteps: ({ code, bot }) =>
      [
        `1. ${bot ? `Open ${esc(bot)} and press *Start*` : "Open the product's bot in Telegram"}, or send it this code: \`${esc(code)}\` (valid 30 minutes).`,
        "2. Add the bot to your channel as an administrator allowed to post messages.",
        "3. The channel then appears here, under Your accounts, for you alone.",
      ].join("\n"),
    openBot: "Open the bot",
    telegramOff: "Telegram is not set up yet (the product's bot and its webhook). Ask your admin.",
    connected: ({ handle }) => `✅ Connected: your posts go to ${esc(handle)}.`,
    notOffered:
      "That channel is not available to you. Add the bot to it yourself, after sending it your code.",
    cannotPost: ({ title }) =>
      `The bot cannot post in *${esc(title)}*: make it an administrator allowed to post messages, then try again.`,
    tested: ({ handle }) => `✅ ${esc(handle)} works: Serotonin Script can post there.`,
    testFailed: ({ handle, why }) => `❌ ${esc(handle)} does not work: ${esc(why)}`,
    disconnected: ({ platform, handle }) => `${PLATFORM[platform]}: ${esc(handle)} disconnected.`,
    cardTarget: ({ handle }) => `→ ${esc(handle)}`,
    cardNoTarget: ({ platform }) => `→ no ${PLATFORM[platform]} account connected`,
    connectedDm: ({ platform, handle }) =>
      `✅ ${PLATFORM[platform]} account ${esc(handle)} is connected: your ${PLATFORM[platform]} posts go there now. Not you? Disconnect it in App Home (Your accounts).`,
    revoked: ({ handle }) =>
      `⚠️ Threads no longer lets Serotonin Script post as ${esc(handle)} (the access was removed). Reconnect it in App Home (Your accounts → Reconnect) to publish there again.`,
    expiring: ({ handle, when }) =>
      `⚠️ Your Threads account ${esc(handle)} could not be renewed automatically and stops working ${esc(when)}. Reconnect it in App Home (Your accounts → Reconnect) so your posts keep going out.`,
  },
};
