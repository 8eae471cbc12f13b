/**
 * Generates the sample guideline PDF shipped in knowledge_base/medical_guidelines/.
 *
 *   npx tsx scripts/make_sample_pdf.ts [output.pdf]
 *
 * Writes a small, valid, text-extractable PDF 1.4 using only Node built-ins: one Helvetica
 * (and Helvetica-Bold) Type1 font with WinAnsiEncoding, text drawn with BT/Tf/Td/Tj, lines
 * wrapped at ~90 characters, as many A4 pages as needed, and a cross-reference table with
 * exact byte offsets. The source text lives below (ASCII only) and the output is byte-for-byte
 * deterministic, so re-running the script leaves the committed PDF unchanged.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Source text. Line 1 is the title; ALL-CAPS lines are headings; "- " and "1. " lines are list
// items (one per line); other lines are joined into paragraphs separated by blank lines. Keep it ASCII (the script refuses anything else).
const SOURCE = `Caffeine, sleep and anxiety
Source summary: Neutral summary of evidence on caffeine timing and sleep (Drake et al. 2013; Gardiner et al. 2023), the EFSA 2015 Scientific Opinion on the safety of caffeine, and caffeine sensitivity in anxiety and panic disorder (Klevebrant and Frick 2022). Caffeine amounts are dietary intake levels, not medication doses. Sample knowledge-base document, not medical advice.

HOW CAFFEINE AFFECTS SLEEP

Caffeine is an adenosine receptor antagonist. Adenosine accumulates in the brain during waking hours and is one of the signals of homeostatic sleep pressure; blocking its receptors reduces sleepiness and increases arousal. The elimination half-life of caffeine averages roughly five hours in healthy adults but varies widely between people (from about two to about ten hours), so a substantial part of an afternoon dose can still be active at bedtime. Pregnancy, oral contraceptives, liver disease and CYP1A2 inhibitors such as fluvoxamine prolong the half-life; smoking shortens it.

In sleep studies caffeine lengthens the time taken to fall asleep, increases wakefulness after sleep onset, reduces total sleep time and sleep efficiency, and shifts sleep from deep (slow-wave) stages toward lighter stages. Habitual users develop partial tolerance to some effects, but sleep disruption is still measurable in regular consumers.

TIMING: WHAT THE STUDIES SHOW

Drake et al. (2013) gave 12 healthy normal sleepers a fixed 400 mg dose of caffeine or placebo at 0, 3 or 6 hours before their habitual bedtime and measured sleep at home with a sleep diary and a portable sleep monitor. Caffeine taken at bedtime, 3 hours before, and even 6 hours before bedtime significantly disrupted sleep compared with placebo. When caffeine was taken 6 hours before bed, objectively measured total sleep time was reduced by more than one hour, yet participants were less likely to notice the disruption themselves. The authors concluded that the findings support advice to refrain from substantial caffeine use for at least 6 hours before bedtime.

Gardiner et al. (2023) pooled 24 studies in a systematic review and meta-analysis. Caffeine reduced total sleep time by about 45 minutes and sleep efficiency by about 7 percentage points, increased sleep onset latency by about 9 minutes and wake after sleep onset by about 12 minutes, increased light (N1) sleep and reduced deep (N3) sleep. From their model the authors estimated that, to avoid a reduction in total sleep time, a standard cup of coffee (about 107 mg per 250 ml) should be consumed at least 8.8 hours before bedtime, and a typical serving of a pre-workout supplement (about 217.5 mg) at least 13.2 hours before bedtime.

HOW MUCH IS SAFE (EFSA 2015)

The European Food Safety Authority concluded that, for healthy non-pregnant adults, habitual caffeine intake of up to 400 mg per day and single doses of up to 200 mg do not raise safety concerns. For pregnant women, intake of up to 200 mg per day does not raise safety concerns for the fetus. For children and adolescents, about 3 mg per kg body weight per day was considered unlikely to raise concerns. EFSA also noted that single doses of 100 mg may increase sleep latency and shorten sleep in some adults, particularly when taken close to bedtime. A safe daily total is therefore not the same as an intake that is good for sleep: timing matters as much as quantity.

CAFFEINE AND ANXIETY

At higher intakes caffeine produces nervousness, restlessness, tremor, palpitations, gastrointestinal upset and insomnia, which overlap with the physical symptoms of anxiety. DSM-5 recognises caffeine intoxication, caffeine withdrawal and caffeine-induced anxiety and sleep disorders.

People with panic disorder are particularly sensitive. In a systematic review and meta-analysis of blinded, placebo-controlled caffeine challenge studies, Klevebrant and Frick (2022) found that about half of patients with panic disorder (51.1 percent) had a panic attack after a high dose of caffeine, compared with none after placebo, and patients were far more vulnerable than healthy controls (53.9 percent versus 1.7 percent in studies that included both). Patients also showed greater increases in subjective anxiety.

WITHDRAWAL

Regular users who stop abruptly may develop caffeine withdrawal: headache, tiredness, low mood, irritability, poor concentration and sometimes flu-like symptoms, typically starting 12 to 24 hours after the last intake and lasting from two to nine days. Withdrawal symptoms can themselves be mistaken for anxiety or depression. Reducing intake gradually over one to two weeks usually avoids them.

PRACTICAL ADVICE FOR CLINICIANS

- Take a caffeine history from all sources (coffee, tea, energy drinks, cola, pre-workout supplements, some analgesics) when assessing insomnia, anxiety or palpitations.
- For people with insomnia, advise a caffeine cut-off time rather than only a daily limit; a cut-off in the early afternoon is a reasonable starting point, later for people who metabolise caffeine quickly.
- For people with anxiety or panic disorder, suggest a gradual reduction and review symptoms after two to four weeks.
- Consider interactions and metabolic changes: fluvoxamine, ciprofloxacin and oral contraceptives raise caffeine levels; stopping smoking can raise them substantially; caffeine can raise clozapine levels.
- Do not rely on self-report alone: people often underestimate the effect of afternoon caffeine on their sleep, and a two-week sleep diary with caffeine timing is more informative.

REFERENCES

1. Drake C, Roehrs T, Shambroom J, Roth T. Caffeine effects on sleep taken 0, 3, or 6 hours before going to bed. Journal of Clinical Sleep Medicine. 2013;9(11):1195-1200. doi:10.5664/jcsm.3170
2. Gardiner C, Weakley J, Burke LM, Roach GD, Sargent C, Maniar N, Townshend A, Halson SL. The effect of caffeine on subsequent sleep: a systematic review and meta-analysis. Sleep Medicine Reviews. 2023;69:101764. doi:10.1016/j.smrv.2023.101764
3. EFSA Panel on Dietetic Products, Nutrition and Allergies (NDA). Scientific Opinion on the safety of caffeine. EFSA Journal. 2015;13(5):4102. doi:10.2903/j.efsa.2015.4102
4. Klevebrant L, Frick A. Effects of caffeine on anxiety and panic attacks in patients with panic disorder: a systematic review and meta-analysis. General Hospital Psychiatry. 2022;74:22-31. doi:10.1016/j.genhosppsych.2021.11.005
5. Juliano LM, Griffiths RR. A critical review of caffeine withdrawal: empirical validation of symptoms and signs, incidence, severity, and associated features. Psychopharmacology (Berl). 2004;176(1):1-29.
6. American Psychiatric Association. Diagnostic and Statistical Manual of Mental Disorders, Fifth Edition (DSM-5). Arlington, VA: American Psychiatric Publishing; 2013.
`;

const DEFAULT_OUTPUT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "knowledge_base",
  "medical_guidelines",
  "caffeine-sleep-anxiety.pdf",
);

// A4 portrait, in points.
const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN_LEFT = 56;
const MARGIN_RIGHT = 56;
const MARGIN_TOP = 60;
const MARGIN_BOTTOM = 64;
const WRAP_CHARS = 90;
const BULLET_INDENT = 12;
const LIST_ITEM = /^(- |\d+\. )/;

type FontKey = "F1" | "F2";

interface Style {
  font: FontKey;
  size: number;
  leading: number;
  spaceBefore: number;
}

const STYLES = {
  title: { font: "F2", size: 16, leading: 20, spaceBefore: 0 },
  heading: { font: "F2", size: 11, leading: 15, spaceBefore: 10 },
  body: { font: "F1", size: 10, leading: 13.5, spaceBefore: 6 },
  bullet: { font: "F1", size: 10, leading: 13.5, spaceBefore: 3 },
} satisfies Record<string, Style>;

interface Line {
  text: string;
  style: Style;
  indent: number;
  /** Extra vertical space before this line (first line of a block). */
  gap: number;
}

interface PlacedLine {
  text: string;
  font: FontKey;
  size: number;
  x: number;
  y: number;
}

// Helvetica advance widths (1/1000 em) for ASCII 32..126, from the standard Adobe AFM, with
// code 39 mapped to quotesingle and code 96 to grave as in WinAnsiEncoding.
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
// Helvetica-Bold glyphs are at most 25% wider than their regular counterparts (i, j, l: 278 vs
// 222), so this factor gives a conservative upper bound when measuring bold text.
const BOLD_FACTOR = 1.25;

function assertAscii(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 10 && (code < 32 || code > 126)) {
      const line = text.slice(0, i).split("\n").length;
      throw new Error(
        `Non-ASCII or control character U+${code.toString(16).padStart(4, "0")} on source line ${line}`,
      );
    }
  }
}

function textWidth(text: string, style: Style): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    units += HELVETICA_WIDTHS[text.charCodeAt(i) - 32] ?? 556;
  }
  const factor = style.font === "F2" ? BOLD_FACTOR : 1;
  return (units / 1000) * style.size * factor;
}

/** Greedy word wrap at `limit` characters; a single word longer than the limit is split. */
function wrap(text: string, limit: number): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let current = "";
  for (let word of words) {
    while (word.length > limit) {
      if (current) {
        lines.push(current);
        current = "";
      }
      lines.push(word.slice(0, limit));
      word = word.slice(limit);
    }
    if (!current) current = word;
    else if (current.length + 1 + word.length <= limit) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

function isHeading(line: string): boolean {
  return /[A-Z]/.test(line) && line === line.toUpperCase() && line.length <= 60;
}

function layoutSource(source: string): { title: string; lines: Line[] } {
  const raw = source.replace(/\r\n?/g, "\n").split("\n");
  const title = (raw[0] ?? "").trim();
  const lines: Line[] = [];
  const push = (text: string, style: Style, indent: number, limit: number) => {
    wrap(text, limit).forEach((t, i) => {
      lines.push({ text: t, style, indent, gap: i === 0 ? style.spaceBefore : 0 });
    });
  };
  push(title, STYLES.title, 0, WRAP_CHARS);

  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) push(paragraph.join(" "), STYLES.body, 0, WRAP_CHARS);
    paragraph = [];
  };
  for (const rawLine of raw.slice(1)) {
    const line = rawLine.trim();
    if (!line) {
      flush();
    } else if (LIST_ITEM.test(line)) {
      flush();
      const marker = LIST_ITEM.exec(line)?.[0] ?? "";
      const [first = "", ...rest] = wrap(line.slice(marker.length), WRAP_CHARS - marker.length);
      lines.push({
        text: `${marker}${first}`,
        style: STYLES.bullet,
        indent: 0,
        gap: STYLES.bullet.spaceBefore,
      });
      for (const t of rest) lines.push({ text: t, style: STYLES.bullet, indent: BULLET_INDENT, gap: 0 });
    } else if (isHeading(line)) {
      flush();
      push(line, STYLES.heading, 0, WRAP_CHARS);
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return { title, lines };
}

function paginate(lines: Line[]): PlacedLine[][] {
  const pages: PlacedLine[][] = [];
  let page: PlacedLine[] = [];
  let y = PAGE_HEIGHT - MARGIN_TOP;
  let first = true;
  for (const line of lines) {
    const maxWidth = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT - line.indent;
    const width = textWidth(line.text, line.style);
    if (width > maxWidth) {
      throw new Error(`Line too wide (${width.toFixed(1)}pt > ${maxWidth}pt): ${line.text}`);
    }
    let next = first ? y : y - line.gap - line.style.leading;
    // Keep a heading together with at least two lines of the text that follows it.
    const needed = line.style === STYLES.heading ? 2 * STYLES.body.leading : 0;
    if (next - needed < MARGIN_BOTTOM) {
      pages.push(page);
      page = [];
      next = PAGE_HEIGHT - MARGIN_TOP;
    }
    y = next;
    first = false;
    page.push({
      text: line.text,
      font: line.style.font,
      size: line.style.size,
      x: MARGIN_LEFT + line.indent,
      y,
    });
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** Escapes a string for a PDF literal string: backslash and both parentheses. */
function escapePdfString(text: string): string {
  return text.replace(/[\\()]/g, (c) => `\\${c}`);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
}

function contentStream(page: PlacedLine[], footer: string): string {
  const ops: string[] = [];
  for (const l of page) {
    ops.push(`BT /${l.font} ${fmt(l.size)} Tf ${fmt(l.x)} ${fmt(l.y)} Td (${escapePdfString(l.text)}) Tj ET`);
  }
  ops.push(
    `BT /F1 8 Tf ${fmt(MARGIN_LEFT)} ${fmt(MARGIN_BOTTOM - 28)} Td (${escapePdfString(footer)}) Tj ET`,
  );
  return ops.join("\n");
}

function buildPdf(source: string): Buffer {
  assertAscii(source);
  const { title, lines } = layoutSource(source);
  const pages = paginate(lines);

  // Object numbers: 1 catalog, 2 page tree, 3-4 fonts, 5 info, then (page, content) pairs.
  const pageObj = (i: number) => 6 + i * 2;
  const contentObj = (i: number) => 7 + i * 2;
  const objects = new Map<number, string>();
  objects.set(1, "<< /Type /Catalog /Pages 2 0 R >>");
  objects.set(
    2,
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${pageObj(i)} 0 R`).join(" ")}] /Count ${pages.length} >>`,
  );
  objects.set(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  objects.set(4, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
  objects.set(
    5,
    `<< /Title (${escapePdfString(title)}) /Author (Serotonin Script sample knowledge base) ` +
      "/Subject (Sample guideline summary - not medical advice) /Producer (scripts/make_sample_pdf.ts) >>",
  );
  pages.forEach((page, i) => {
    const footer = `${title} - sample knowledge-base document, not medical advice - page ${i + 1} of ${pages.length}`;
    const stream = contentStream(page, footer);
    objects.set(
      pageObj(i),
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] ` +
        `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${contentObj(i)} 0 R >>`,
    );
    objects.set(
      contentObj(i),
      `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`,
    );
  });

  const chunks: Buffer[] = [];
  let offset = 0;
  const write = (s: string) => {
    const b = Buffer.from(s, "latin1");
    chunks.push(b);
    offset += b.length;
  };
  // The second header line holds bytes > 127 so tools treat the file as binary.
  write("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  const count = objects.size + 1;
  const offsets: number[] = [];
  for (let n = 1; n < count; n++) {
    const body = objects.get(n);
    if (body === undefined) throw new Error(`missing object ${n}`);
    offsets[n] = offset;
    write(`${n} 0 obj\n${body}\nendobj\n`);
  }
  const xrefAt = offset;
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation,
  // space, type, space, newline.
  let xref = `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (let n = 1; n < count; n++) {
    xref += `${String(offsets[n]).padStart(10, "0")} 00000 n \n`;
  }
  write(xref);
  write(`trailer\n<< /Size ${count} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat(chunks);
}

function main(): void {
  const out = path.resolve(process.argv[2] ?? DEFAULT_OUTPUT);
  const pdf = buildPdf(SOURCE);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, pdf);
  console.log(`wrote ${path.relative(process.cwd(), out)} (${pdf.length} bytes)`);
}

main();
