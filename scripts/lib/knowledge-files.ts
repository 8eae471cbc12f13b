/**
 * Reads knowledge_base/ into index requests: the physician's style files (split by the
 * Worker at `---` lines, with per-post metadata from metadata.json) and guideline documents.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { IndexJob } from "../../src/queues/messages";

/** What the admin endpoint takes: text, or base64 bytes for a PDF (parsed by the Worker). */
export type DocumentRequest = Omit<IndexJob["document"], "text"> & {
  text?: string;
  contentBase64?: string;
  format?: "md" | "txt" | "pdf";
};

const metadataSchema = z.object({
  physician: z.object({
    id: z.string().min(1),
    display_name: z.string(),
    specialty: z.string().optional(),
    language: z.enum(["en", "uk"]),
    timezone: z.string().optional(),
  }),
  files: z.array(
    z.object({
      file: z.string().min(1),
      language: z.enum(["en", "uk"]),
      posts: z.array(z.object({ platform: z.enum(["telegram", "x", "threads"]), date: z.string() })),
    }),
  ),
});

export type StyleMetadata = z.infer<typeof metadataSchema>;

export interface KnowledgeFiles {
  documents: DocumentRequest[];
  skipped: { source: string; reason: string }[];
  physician?: StyleMetadata["physician"];
}

export async function readKnowledgeBase(root: string): Promise<KnowledgeFiles> {
  const out: KnowledgeFiles = { documents: [], skipped: [] };
  await readStyle(path.join(root, "doctor_style"), out);
  await readGuidelines(path.join(root, "medical_guidelines"), out);
  return out;
}

async function readStyle(dir: string, out: KnowledgeFiles): Promise<void> {
  let raw: string;
  try {
    raw = await readFile(path.join(dir, "metadata.json"), "utf8");
  } catch {
    return;
  }
  const parsed = metadataSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new Error(
      `knowledge_base/doctor_style/metadata.json: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const meta = parsed.data;
  out.physician = meta.physician;
  for (const file of meta.files) {
    const text = await readFile(path.join(dir, file.file), "utf8");
    out.documents.push({
      collection: "style",
      namespace: meta.physician.id,
      source: `doctor_style/${file.file}`,
      title: file.file,
      text,
      metadata: { language: file.language, physician: meta.physician.id },
      postMetadata: file.posts.map((p) => ({ platform: p.platform, date: p.date, language: file.language })),
    });
  }
}

async function readGuidelines(dir: string, out: KnowledgeFiles): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const source = `medical_guidelines/${name}`;
    const ext = path.extname(name).toLowerCase();
    if (ext === ".pdf") {
      const bytes = await readFile(path.join(dir, name));
      out.documents.push({
        collection: "guidelines",
        namespace: "global",
        source,
        title: titleFromName(name),
        contentBase64: bytes.toString("base64"),
        format: "pdf",
        metadata: { format: "pdf" },
      });
      continue;
    }
    if (ext !== ".md" && ext !== ".txt") {
      out.skipped.push({ source, reason: "unsupported type (PDF, TXT and MD are indexed)" });
      continue;
    }
    const text = await readFile(path.join(dir, name), "utf8");
    const firstLine = text.split(/\r?\n/).find((l) => l.trim()) ?? name;
    out.documents.push({
      collection: "guidelines",
      namespace: "global",
      source,
      title: firstLine
        .replace(/^#+\s*/, "")
        .trim()
        .slice(0, 300),
      text,
      metadata: { format: ext.slice(1) },
    });
  }
}

/** "caffeine-sleep-anxiety.pdf" → "Caffeine sleep anxiety". */
function titleFromName(name: string): string {
  const base = name
    .replace(/\.[^.]+$/, "")
    .replace(/[-_]+/g, " ")
    .trim();
  return base.charAt(0).toUpperCase() + base.slice(1);
}
