/**
 * The planted bugs of `npm run mutate`: each operator rewrites one occurrence on one line,
 * so every mutant is a single small, realistic mistake.
 */
export interface Mutant {
  file: string;
  line: number;
  change: string;
  apply(source: string): string;
}

/** Pattern → replacement; `label` names the mistake in the report. */
interface Operator {
  pattern: RegExp;
  replace: (match: RegExpExecArray) => string | undefined;
  label: string;
}

const swap = (to: string) => () => to;

// Calls whose argument order does not matter: swapping them is not a bug.
const COMMUTATIVE = /^(Math\.(max|min|hypot)|Object\.is|new Set|Array\.of|Promise\.(all|race))$/;

const OPERATORS: Operator[] = [
  // Comparison flips and boundary shifts.
  { pattern: / === /g, replace: swap(" !== "), label: "=== → !==" },
  { pattern: / !== /g, replace: swap(" === "), label: "!== → ===" },
  { pattern: / >= /g, replace: swap(" > "), label: ">= → >" },
  { pattern: / <= /g, replace: swap(" < "), label: "<= → <" },
  { pattern: / > /g, replace: swap(" >= "), label: "> → >=" },
  { pattern: / < /g, replace: swap(" <= "), label: "< → <=" },
  // Logic.
  { pattern: / && /g, replace: swap(" || "), label: "&& → ||" },
  { pattern: / \|\| /g, replace: swap(" && "), label: "|| → &&" },
  { pattern: /\breturn true;/g, replace: swap("return false;"), label: "return true → false" },
  { pattern: /\breturn false;/g, replace: swap("return true;"), label: "return false → true" },
  { pattern: /\bif \(!/g, replace: swap("if ("), label: "drop ! in if" },
  // Removed await: the promise is started and not waited for.
  { pattern: /^(\s*)await /g, replace: (m) => `${m[1]}void `, label: "drop await" },
  // Dropped guard: a one-line early exit disappears.
  {
    pattern: /^(\s*)if \(.+\) (return\b.*|continue|break|throw\b.*);$/g,
    replace: (m) => `${m[1]}/* guard dropped */`,
    label: "drop guard",
  },
  // Swapped arguments of a two-argument call with plain identifiers.
  {
    pattern: /\b([A-Za-z_$][\w$.]*)\(([A-Za-z_$][\w$]*), ([A-Za-z_$][\w$]*)\)/g,
    replace: (m) => (COMMUTATIVE.test(m[1] ?? "") || m[2] === m[3] ? undefined : `${m[1]}(${m[3]}, ${m[2]})`),
    label: "swap arguments",
  },
];

function inStringOrComment(line: string, index: number): boolean {
  const before = line.slice(0, index);
  if (/^\s*(\/\/|\*|\/\*)/.test(line) || before.includes("//")) return true;
  const quotes = (before.match(/(?<!\\)["'`]/g) ?? []).length;
  return quotes % 2 === 1;
}

/** Type positions (generics, arrow types) are not runtime code. */
function inTypePosition(label: string, text: string, at: number): boolean {
  return (label.startsWith(">") || label.startsWith("<")) && /[<>]\s*[A-Z{(]/.test(text.slice(at, at + 5));
}

const ordinal = (n: number) => `${n}${n === 2 ? "nd" : n === 3 ? "rd" : "th"}`;

export function mutantsOf(file: string, source: string): Mutant[] {
  const lines = source.split("\n");
  const out: Mutant[] = [];
  lines.forEach((text, i) => {
    for (const { pattern, replace, label } of OPERATORS) {
      let occurrence = 0;
      for (const m of text.matchAll(pattern)) {
        occurrence += 1;
        const at = m.index ?? 0;
        if (label !== "drop guard" && inStringOrComment(text, at)) continue;
        if (label === "drop guard" && /^\s*(\/\/|\*)/.test(text)) continue;
        if (inTypePosition(label, text, at)) continue;
        const replacement = replace(m as RegExpExecArray);
        if (replacement === undefined) continue;
        const mutated = text.slice(0, at) + replacement + text.slice(at + m[0].length);
        out.push({
          file,
          line: i + 1,
          // The same change twice on a line: the later ones are told apart by their position.
          change: `${label}${occurrence > 1 ? ` (${ordinal(occurrence)})` : ""}: ${text.trim().slice(0, 120)}`,
          apply: () => [...lines.slice(0, i), mutated, ...lines.slice(i + 1)].join("\n"),
        });
      }
    }
  });
  return out;
}
