/**
 * What an uploaded guideline must look like before any byte of it is read: an allowed
 * type (PDF, TXT, MD — by extension and by Slack's declared type), at most 10 MB, and a
 * plain file name. Names that try to climb directories are refused, not "fixed".
 */
import { type DocumentFormat, formatFromName } from "./parse";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const ALLOWED_MIME: Record<DocumentFormat, string[]> = {
  pdf: ["application/pdf"],
  txt: ["text/plain"],
  md: ["text/markdown", "text/x-markdown", "text/plain"],
};

export type UploadProblem = "name_invalid" | "wrong_type" | "too_large";

export interface UploadCandidate {
  name: string;
  size: number;
  mimetype?: string | undefined;
}

export type UploadVerdict =
  | { ok: true; name: string; format: DocumentFormat }
  | { ok: false; problem: UploadProblem };

export function checkUpload(file: UploadCandidate): UploadVerdict {
  const name = sanitizeFileName(file.name);
  if (!name) return { ok: false, problem: "name_invalid" };
  const format = formatFromName(name);
  if (!format) return { ok: false, problem: "wrong_type" };
  const mime = (file.mimetype ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (mime && !ALLOWED_MIME[format].includes(mime)) return { ok: false, problem: "wrong_type" };
  if (!Number.isFinite(file.size) || file.size <= 0 || file.size > MAX_UPLOAD_BYTES)
    return { ok: false, problem: "too_large" };
  return { ok: true, name, format };
}

/**
 * A safe display/storage name, or undefined when the name is an attack or empty:
 * path separators, `..`, control characters and leading dots are refused; anything else
 * outside letters, digits, space, `.`, `_`, `-`, `(`, `)` becomes `_`.
 */
export function sanitizeFileName(raw: string): string | undefined {
  const name = raw.normalize("NFC").trim();
  if (!name || name.length > 255) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[/\\]|\.\.|[\u0000-\u001f\u007f]/.test(name) || name.startsWith(".")) return undefined;
  const cleaned = name.replace(/[^\p{L}\p{N} ._()-]/gu, "_").replace(/\s+/g, " ");
  return cleaned.slice(0, 120);
}

/** Only download from Slack: the configured Slack API's origin, or Slack's file hosts. */
export function isSlackFileUrl(url: string, slackApiUrl: string): boolean {
  try {
    const target = new URL(url);
    const api = new URL(slackApiUrl);
    if (target.origin === api.origin) return true;
    return (
      target.protocol === "https:" &&
      (target.hostname === "files.slack.com" || target.hostname.endsWith(".slack.com"))
    );
  } catch {
    return false;
  }
}
