/**
 * Safe messaging for topics about suicide, self-harm and overdose: detecting such topics
 * (English and Ukrainian), the drafting rules they get, and the crisis-resource line every
 * published post on them carries.
 *
 * Detection errs towards "yes": a false positive only adds a crisis line and stricter
 * drafting rules; a false negative can publish method details without one. Known
 * non-clinical phrases ("suicide gene", "Suicide Squad") and ambiguous abbreviations ("OD"
 * is also "once daily" on prescriptions) are left out.
 */
import { type Language, PLATFORMS, type SAFETY_TOPICS } from "../db/schema";
import { platformLength } from "../publishers/limits";
import { lexicon } from "../slack/lexicon";

export type SafetyTopic = (typeof SAFETY_TOPICS)[number];

/** Countries with a default crisis line (ISO 3166-1 alpha-2), in the settings' order. */
export const CRISIS_COUNTRIES = ["UA", "US", "GB", "CA", "IE", "AU", "DE", "PL"] as const;
export type CrisisCountry = (typeof CRISIS_COUNTRIES)[number];

/**
 * National lines, free and open around the clock (checked 2025 against the services' own
 * pages and national announcements). Service names are proper nouns, the same in every
 * language.
 */
const CRISIS_LINES: Record<CrisisCountry, { service: string; phone: string }> = {
  UA: { service: "Lifeline Ukraine", phone: "7333" },
  US: { service: "988 Suicide & Crisis Lifeline", phone: "988" },
  GB: { service: "Samaritans", phone: "116 123" },
  CA: { service: "9-8-8 Suicide Crisis Helpline", phone: "988" },
  IE: { service: "Samaritans", phone: "116 123" },
  AU: { service: "Lifeline", phone: "13 11 14" },
  DE: { service: "TelefonSeelsorge", phone: "0800 111 0 111" },
  PL: { service: "Centrum Wsparcia", phone: "800 70 2222" },
};

export function isCrisisCountry(value: string | null | undefined): value is CrisisCountry {
  return (CRISIS_COUNTRIES as readonly string[]).includes(value ?? "");
}

// Not a letter or digit on the left: a word start in any script (JS `\b` is ASCII-only).
const START = "(?<![\\p{L}\\p{N}])";

/** Phrases that mention suicide without being about it; removed before matching. */
const NOT_ABOUT_SUICIDE = new RegExp(
  [
    "suicide\\s+squad",
    "suicide\\s+genes?",
    "suicide\\s+(?:inhibitors?|inhibition|substrates?)",
    "(?:cell|cellular)\\s+suicide",
  ].join("|"),
  "giu",
);

const SAFETY_PATTERNS: RegExp[] = [
  // English: suicide, suicidal, suicidality, anti-suicidal; self-harm and self-injury.
  /suicid/iu,
  new RegExp(`${START}self[\\s-]?(?:harm(?!on)|injur|poison|mutilat|inflict)`, "iu"),
  // "cutting" only in its self-harm sense: "cutting myself", "self-cutting".
  new RegExp(`${START}(?:self[\\s-]?)?cutting\\s+(?:my|your|him|her|them|one|our)sel(?:f|ves)`, "iu"),
  new RegExp(`${START}self[\\s-]?cutting`, "iu"),
  new RegExp(`${START}overdos`, "iu"),
  // "OD" alone is also "once daily" (and the right eye): only its verb forms count.
  /(?<![\p{L}\p{N}])OD(?:['’]d|['’]ing|ed|ing)(?![\p{L}\p{N}])/u,
  new RegExp(`${START}kill(?:s|ed|ing)?\\s+(?:my|your|him|her|them|one|our)sel(?:f|ves)`, "iu"),
  new RegExp(
    `${START}(?:take|takes|took|taking|end|ends|ended|ending)\\s+(?:my|your|his|her|their|one's|our)\\s+(?:own\\s+)?life`,
    "iu",
  ),
  new RegExp(`${START}(?:want|wants|wanted|wanting)\\s+to\\s+die`, "iu"),
  // Ukrainian (and the Russian spelling often typed): суїцид/суицид, самогубство,
  // самовбивство, самоушкодження/самопошкодження, передозування, "покінчити з життям",
  // "накласти на себе руки", "звести рахунки з життям". A Latin "i" typed for "і"/"ї" too.
  /су[їiіи]цид/iu,
  /самогубств/iu,
  /самовбивств/iu,
  new RegExp(`${START}само(?:по|у)?шкодж`, "iu"),
  new RegExp(`${START}самокалі`, "iu"),
  new RegExp(`${START}передоз`, "iu"),
  new RegExp(`${START}пок[іi]нч\\p{L}*\\s+(?:з|із)\\s+(?:собою|життям)`, "iu"),
  new RegExp(`${START}накла\\p{L}*\\s+на\\s+себе\\s+руки`, "iu"),
  new RegExp(`${START}зв[еі]\\p{L}*\\s+рахунки\\s+з\\s+життям`, "iu"),
  new RegExp(`${START}(?:ріж\\p{L}*|різа\\p{L}*)\\s+себе`, "iu"),
];

/** `"safe_messaging"` when the topic is about suicide, self-harm or overdose. */
export function safetyTopic(topic: string): SafetyTopic | null {
  const text = topic.normalize("NFC").replace(NOT_ABOUT_SUICIDE, " ");
  return SAFETY_PATTERNS.some((pattern) => pattern.test(text)) ? "safe_messaging" : null;
}

/**
 * Drafting rules for a safe-messaging topic (after WHO / Samaritans media guidance). The
 * crisis-resource line itself is added under the post when it is published, exactly as
 * configured, so the drafter never writes phone numbers (which the claim check would also
 * have to treat as unsourced numbers).
 */
export const SAFE_MESSAGING_RULES = `Safe messaging (this topic concerns suicide, self-harm or overdose)
- Never describe a method or means: no how, where, which substance, amount, dose taken, or sequence of steps; no details of an individual's death or injuries.
- No numbers or comparisons about how lethal a method, substance or amount is.
- No sensational or alarmist framing: never "epidemic", "skyrocketing", "wave of suicides" or dramatic headlines; no glamorising or romanticising.
- Never present suicide or self-harm as a solution, a way out, understandable, inevitable, or caused by a single event (a break-up, an exam, a diagnosis): it is complex and often linked to treatable conditions.
- Say "died by suicide", not "committed suicide"; never "successful" or "failed" attempt.
- Give hope: crises pass, treatment works, people recover. Name warning signs and one thing a reader can do (ask directly, listen, stay with the person).
- Encourage help-seeking: talking to someone they trust, their doctor or a crisis line. A crisis-resource line with the right number is added under the post automatically; do not write phone numbers or hotline names yourself.`;

/**
 * The crisis-resource line for a physician's readers: their own line when set, else their
 * country's national line, else a generic one — in the physician's language.
 */
export function crisisLine(p: {
  country: string | null;
  crisisLine: string | null;
  language: Language;
}): string {
  const own = p.crisisLine?.replace(/\s+/g, " ").trim();
  if (own) return own;
  const lines = lexicon(p.language).readerLines;
  const country = p.country?.toUpperCase();
  if (isCrisisCountry(country)) return lines.crisis(CRISIS_LINES[country]);
  return lines.crisisGeneric;
}

/**
 * Whether `text` already carries `line`: the line itself (ignoring case and spacing), or
 * every phone number and URL in it (a drafter or physician may phrase it differently).
 */
export function containsCrisisLine(text: string, line: string): boolean {
  const flat = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();
  if (flat(text).includes(flat(line))) return true;
  const wanted = contacts(line);
  if (wanted.length === 0) return false;
  const present = new Set(contacts(text));
  return wanted.every((contact) => present.has(contact));
}

/** Phone numbers (digits only, ≥ 3) and URLs (lower-cased, without scheme) in `text`. */
function contacts(text: string): string[] {
  // Digits with single spaces, dots or hyphens between them: "116 123", "0800-111-0-111".
  const phones = [...text.matchAll(/\+?\d(?:[ .-]?\d)*/g)]
    .map((m) => m[0].replace(/\D/g, ""))
    .filter((digits) => digits.length >= 3);
  const urls = [...text.matchAll(/\b(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/[^\s]*)?/giu)]
    .map((m) =>
      m[0]
        .toLowerCase()
        .replace(/^https?:\/\//, "")
        .replace(/[/.,;]+$/, ""),
    )
    .filter((url) => /[a-z]/.test(url));
  return [...phones, ...urls];
}

/** The longest a configured crisis line or disclaimer may be, as any platform counts it. */
export const READER_LINE_MAX = 200;

export type CrisisLineProblem = "too_long" | "no_contact";

/** A reader line's length as the strictest platform counts it (X weighs emoji and CJK 2). */
export function readerLineLength(line: string): number {
  return Math.max(...PLATFORMS.map((platform) => platformLength(platform, line)));
}

/**
 * Checks a physician's own crisis line: at most READER_LINE_MAX characters on every
 * platform, and it must give readers a way to reach someone (a phone number of at least
 * three digits, or a web address).
 */
export function crisisLineProblem(line: string): CrisisLineProblem | null {
  if (readerLineLength(line) > READER_LINE_MAX) return "too_long";
  return contacts(line).length > 0 ? null : "no_contact";
}
