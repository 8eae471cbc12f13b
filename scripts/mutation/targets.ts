/**
 * The modules whose bugs would break a promise the product makes (issue 9), each with the
 * test files that cover it. `npm run mutate` plants bugs in these files only and runs only
 * these tests, so a survivor means: no test checks that behaviour.
 */
export interface MutationTarget {
  file: string;
  tests: string[];
}

/**
 * Mutants that change no behaviour (the mutated code computes the same result), so no test
 * can kill them. Each names the exact change as reported and why it is equivalent.
 */
export const EQUIVALENT: { file: string; change: string; why: string }[] = [
  {
    file: "src/publishers/limits.ts",
    change:
      "drop guard: if (!EMOJI.test(text)) return text.length - (text.match(SURROGATE_PAIRS)?.length ?? 0);",
    why: "the guard is the fast path for text without emoji: the segmenting loop below counts the same code points for such text, only slower",
  },
  {
    file: "src/publishers/limits.ts",
    change: '=== → !==: typeof twitterText.parseTweet === "function"',
    why: "twitter-text is CommonJS: under Vite and wrangler's esbuild the namespace and its `default` both carry the same functions, so either branch yields the same library",
  },
  {
    file: "src/slack/verify.ts",
    change:
      "< → <=: for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);",
    why: "writing one index past a typed array's end is a no-op",
  },
  {
    file: "src/slack/verify.ts",
    change: "|| → &&: if (!timestamp || !signature || !/^\\d{1,12}$/.test(timestamp)) return false;",
    why: "a missing timestamp still fails the digits test and a missing signature fails the v0= pattern two lines down: refused either way",
  },
  {
    file: "src/publishers/oauth1.ts",
    change: "drop guard: if (a === b) return 0;",
    why: "equal pairs are identical name=value strings, so their order in the sorted list cannot show",
  },
  {
    file: "src/publishers/oauth1.ts",
    change: "< → <=: return a < b ? -1 : 1;",
    why: "a === b has already returned 0 on the line above",
  },
  {
    file: "src/pipeline/thread-split.ts",
    change: "> → >=: if (children.length > 1 && first) {",
    why: "a level that yields one child is the unit itself one level down; the next expand reaches the same split",
  },
  {
    file: "src/pipeline/thread-split.ts",
    change: "&& → ||: if (children.length > 1 && first) {",
    why: "`first` exists whenever there is a child, so this is the same as `>= 1` (see above)",
  },
  {
    file: "src/pipeline/thread-split.ts",
    change: "=== → !==: if (rest || units.length === 0) units.push({ sep, text: rest, level });",
    why: "the text is trimmed and every unit ends before a whitespace run, so `rest` is empty only for an empty text, where both versions yield one empty piece",
  },
  {
    file: "src/pipeline/check/rules.ts",
    change: '> → >=: if (cited.length > 0) kinds.add("general");',
    why: '"general" alone with no reason returns nothing either way, and it is the last of the kinds when others exist',
  },
  {
    file: "src/pipeline/check/citations.ts",
    change: "drop guard: if (!e.url) return false;",
    why: 'an item without a URL normalises to the host "undefined", which no URL a draft can cite (it needs a dot) equals',
  },
  {
    file: "src/slack/mrkdwn.ts",
    change: "> → >=: if (cut > 0 && cut < text.length) {",
    why: "at a cut of 0 the character before is charCodeAt(-1), NaN, which is no surrogate",
  },
  {
    file: "src/slack/mrkdwn.ts",
    change: "< → <=: if (amp >= from && amp < cut) {",
    why: 'lastIndexOf("&", cut - 1) never returns cut',
  },
  {
    file: "src/slack/mrkdwn.ts",
    change: "&& → ||: if (amp >= from && amp < cut) {",
    why: 'an "&" before `from` is too far back for its entity (at most 5 characters) to reach the cut',
  },
  {
    file: "src/slack/mrkdwn.ts",
    change: "<= → <: if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));",
    why: "at max 1 the general path cuts at 0 and also returns the ellipsis alone",
  },
  {
    file: "src/slack/mrkdwn.ts",
    change: ">= → >: if (paragraph >= 0 && paragraph + 2 >= min) return paragraph + 2;",
    why: "the text is trimmed, so a paragraph break is never at index 0",
  },
  {
    file: "src/slack/mrkdwn.ts",
    change: ">= → >: if (space >= 0 && Math.min(space + 1, max) >= min) return Math.min(space + 1, max);",
    why: "the text is trimmed, so a space is never at index 0",
  },
  {
    file: "src/slack/mrkdwn.ts",
    change: "<= → <: if (cut <= 0) cut = safeCutIndex(rest, max);",
    why: "lastBoundary returns -1 or an index of at least min (≥ 1), never 0",
  },
  {
    file: "src/slack/mrkdwn.ts",
    change: "> → >=: if (piece.length > 0) pieces.push(piece);",
    why: "the rest is trimmed at the start, so a cut of at least one character is never all whitespace",
  },
  {
    file: "src/slack/mrkdwn.ts",
    change: "|| → &&: if (url === null || url === undefined) return text;",
    why: "new URL(null) and new URL(undefined) throw, and the catch returns the same text",
  },
  {
    file: "src/slack/mrkdwn.ts",
    change: "drop guard: if (url === null || url === undefined) return text;",
    why: "new URL(null) and new URL(undefined) throw, and the catch returns the same text",
  },
  {
    file: "src/slack/handlers/draft-actions.ts",
    change:
      'drop guard: if (!canTransition(draft.status, "scheduled")) return { kind: "invalid_state", status: draft.status };',
    why: "only ready and needs_review reach this line, and both may move to scheduled",
  },
  {
    file: "src/pipeline/check/citations.ts",
    change: '> → >=: if (opened > 0 && url.slice(out.length).startsWith(")")) out += ")";',
    why: 'the URL pattern takes a ")" only inside a balanced pair, so a stripped tail starting with ")" always leaves one open',
  },
  {
    file: "src/pipeline/check/citations.ts",
    change: '&& → ||: if (opened > 0 && url.slice(out.length).startsWith(")")) out += ")";',
    why: 'an open "(" after stripping can only come from stripping its ")", so the tail starts with it',
  },
  {
    file: "src/pipeline/check/quantities.ts",
    change: "drop guard: if (end - phrase.length < 0) return false;",
    why: "a negative index reads no token, so the phrase's first word fails to match anyway",
  },
  {
    file: "src/pipeline/check/quantities.ts",
    change: "return true → false: if (!token) return true;",
    why: "isNameOrOrdinal is only called with the index of a token that exists",
  },
  {
    file: "src/pipeline/check/quantities.ts",
    change: "drop guard: if (!token) return true;",
    why: "isNameOrOrdinal is only called with the index of a token that exists",
  },
  {
    file: "src/pipeline/check/quantities.ts",
    change: "< → <=: while (i < tokens.length) {",
    why: "one step past the end reads no token and the next line leaves the loop",
  },
  {
    file: "src/pipeline/check/quantities.ts",
    change: "drop guard: if (!token) break;",
    why: "inside the loop the index is always below the token count",
  },
  {
    file: "src/queues/publication-store.ts",
    change: 'drop guard: if (!row) throw new Error("publication row missing after insert");',
    why: "the row was inserted (or already there) one statement earlier, so it is always found",
  },
];

export const MUTATION_TARGETS: MutationTarget[] = [
  // Slack signature and request de-dup
  {
    file: "src/slack/verify.ts",
    tests: ["test/unit/slack-verify.test.ts", "test/integration/slack-endpoints.test.ts"],
  },
  {
    file: "src/db/slack-requests.ts",
    tests: [
      "test/integration/slack-commands.test.ts",
      "test/integration/issue9-gaps-b.test.ts",
      "test/integration/slack-home.test.ts",
      "test/integration/slack-upload.test.ts",
      "test/unit/unique-violation.test.ts",
      "test/integration/slack-modals.test.ts",
      "test/integration/ack-round-trips.test.ts",
      "test/integration/draft-action-guards.test.ts",
    ],
  },
  // Ownership checks and draft actions
  {
    file: "src/slack/handlers/draft-actions.ts",
    tests: [
      "test/integration/draft-action-guards.test.ts",
      "test/integration/action-limits.test.ts",
      "test/integration/slack-actions.test.ts",
      "test/integration/draft-edit-delete.test.ts",
      "test/integration/evidence-honesty.test.ts",
      "test/integration/issue9-gaps-b.test.ts",
      "test/integration/slack-modals.test.ts",
      "test/integration/voice-lessons.test.ts",
    ],
  },
  // Rate limiter
  { file: "src/durable/physician-rate-limiter.ts", tests: ["test/integration/rate-limiter.test.ts"] },
  // Draft lifecycle and the stuck-job sweeper
  {
    file: "src/db/lifecycle.ts",
    tests: ["test/unit/lifecycle.test.ts", "test/integration/drafts-db.test.ts"],
  },
  {
    file: "src/queues/sweeper.ts",
    tests: [
      "test/integration/generate-job-more.test.ts",
      "test/integration/issue9-gaps-a.test.ts",
      "test/integration/sweeper-races.test.ts",
    ],
  },
  // Publish claim, enqueue and the review gate
  {
    file: "src/queues/publish-consumer.ts",
    tests: [
      "test/integration/publish-job.test.ts",
      "test/integration/mutation-survivors.test.ts",
      "test/integration/publish-job-edges.test.ts",
      "test/integration/publish-reader-lines.test.ts",
      "test/integration/publish-resume.test.ts",
      "test/integration/publish-lost-answers.test.ts",
      "test/integration/publish-limits.test.ts",
      "test/integration/publish-guards.test.ts",
      "test/integration/account-tokens.test.ts",
    ],
  },
  // Resume, lost answers, quotas (issue 10)
  {
    file: "src/queues/publication-store.ts",
    tests: [
      "test/integration/publish-resume.test.ts",
      "test/integration/publish-lost-answers.test.ts",
      "test/integration/publish-job.test.ts",
    ],
  },
  {
    file: "src/queues/publish-delay.ts",
    tests: ["test/integration/publish-limits.test.ts", "test/integration/publish-job.test.ts"],
  },
  {
    file: "src/queues/enqueue-publish.ts",
    tests: ["test/integration/publish-enqueue.test.ts", "test/integration/issue9-gaps-b.test.ts"],
  },
  {
    file: "src/db/review-gate.ts",
    tests: ["test/integration/evidence-honesty.test.ts", "test/integration/review-gate.test.ts"],
  },
  // Publishers: signing and lengths; thread split
  { file: "src/publishers/oauth1.ts", tests: ["test/unit/oauth1.test.ts"] },
  {
    file: "src/publishers/limits.ts",
    tests: ["test/unit/platform-limits.test.ts", "test/unit/issue9-gaps-b.test.ts"],
  },
  {
    file: "src/pipeline/thread-split.ts",
    tests: ["test/unit/platform-fit.test.ts", "test/unit/thread-split.test.ts"],
  },
  // Claim check
  {
    file: "src/pipeline/check/rules.ts",
    tests: [
      "test/unit/claim-rules.test.ts",
      "test/unit/claim-cases.test.ts",
      "test/unit/claim-rules-verdicts.test.ts",
      "test/unit/mutation-survivors.test.ts",
    ],
  },
  {
    file: "src/pipeline/check/quantities.ts",
    tests: [
      "test/unit/quantities-support.test.ts",
      "test/unit/claim-rules.test.ts",
      "test/unit/claim-cases.test.ts",
      "test/unit/claim-rules-verdicts.test.ts",
      "test/unit/quantities-table.test.ts",
      "test/unit/mutation-survivors.test.ts",
    ],
  },
  {
    file: "src/pipeline/check/citations.ts",
    tests: [
      "test/unit/citations-read.test.ts",
      "test/unit/claim-rules.test.ts",
      "test/unit/claim-cases.test.ts",
      "test/unit/claim-rules-verdicts.test.ts",
      "test/unit/mutation-survivors.test.ts",
    ],
  },
  {
    file: "src/pipeline/claims.ts",
    tests: [
      "test/unit/claim-merge.test.ts",
      "test/unit/claim-rules.test.ts",
      "test/unit/claim-cases.test.ts",
      "test/unit/claim-rules-verdicts.test.ts",
      "test/unit/pipeline-parts.test.ts",
    ],
  },
  // Evidence and retrieval cut-offs
  {
    file: "src/pipeline/retrieval/relevance.ts",
    tests: ["test/unit/relevance-cutoff.test.ts", "test/integration/evidence-relevance.test.ts"],
  },
  // SSRF guard and private ranges
  {
    file: "src/platform/private-address.ts",
    tests: [
      "test/unit/private-address-table.test.ts",
      "test/unit/fetch-guard.test.ts",
      "test/unit/issue9-gaps-a.test.ts",
      "test/unit/mutation-survivors.test.ts",
    ],
  },
  {
    file: "src/platform/fetch-guard.ts",
    tests: ["test/unit/fetch-guard.test.ts", "test/unit/fetch-guard-edges.test.ts"],
  },
  // mrkdwn escaping
  {
    file: "src/slack/mrkdwn.ts",
    tests: [
      "test/unit/mrkdwn-edges.test.ts",
      "test/unit/slack-mrkdwn.test.ts",
      "test/unit/issue9-gaps-a.test.ts",
    ],
  },
  // Retry and backoff
  {
    file: "src/queues/retry.ts",
    tests: ["test/integration/queue-consumer.test.ts", "test/integration/generate-job.test.ts"],
  },
  { file: "src/lib/retry-after.ts", tests: ["test/unit/retry-after.test.ts"] },
];
