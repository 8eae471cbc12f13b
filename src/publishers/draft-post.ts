/**
 * The post a draft becomes on its platform, exactly as publishing sends it: the current
 * version's text without citation markers, then the reader blocks (crisis line for a
 * safe-messaging draft, the physician's disclaimer for the platform, the cited sources),
 * fitted into parts (`post-assembly`). The card's length, part count and preview come from
 * here too, so what the physician sees is what goes out.
 */
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { getCurrentText } from "../db/drafts";
import { getPhysician } from "../db/physicians";
import { citations, type Draft, type Physician, PLATFORMS, type Platform } from "../db/schema";
import type { PlatformFit } from "../pipeline/platform-fit";
import { stripCitationMarkers } from "../pipeline/platform-fit";
import { languageOfDraft } from "../pipeline/prompt";
import { crisisLine } from "../pipeline/safe-messaging";
import { assemblePost } from "./post-assembly";
import { type ReaderBlock, readerBlocks } from "./reader-lines";

export interface DraftPost {
  /** The text readers get, without markers and reader lines (what the style index learns). */
  body: string;
  fit: PlatformFit;
}

/** Undefined when the draft has no text. */
export async function draftPost(
  db: Db,
  draft: Draft,
  platform: Platform = draft.platform,
): Promise<DraftPost | undefined> {
  const raw = (await getCurrentText(db, draft))?.trim() ?? "";
  if (!raw) return undefined;
  const body = stripCitationMarkers(raw).trim();
  const blocks = await readerBlocksFor(db, draft, platform, body);
  return { body, fit: assemblePost(platform, raw, blocks) };
}

/**
 * The reader blocks under this post: the crisis line for a safe-messaging draft, the
 * physician's disclaimer for the platform, and the current version's citations in
 * citation order (with or without a link: guidelines are named).
 */
async function readerBlocksFor(
  db: Db,
  draft: Draft,
  platform: Platform,
  body: string,
): Promise<ReaderBlock[]> {
  const sources = await db
    .select({ kind: citations.kind, ref: citations.ref, title: citations.title, url: citations.url })
    .from(citations)
    .where(and(eq(citations.draftId, draft.id), eq(citations.version, draft.currentVersion)))
    .orderBy(asc(citations.number), asc(citations.id));
  const physician = await getPhysician(db, draft.physicianId);
  // The post's language, so "Sources:" and the crisis line read in the language of the post.
  const language = languageOfDraft(draft, physician ?? { language: "en" });
  const crisis =
    draft.safety === "safe_messaging"
      ? crisisLine({
          country: physician?.country ?? null,
          crisisLine: physician?.crisisLine ?? null,
          language,
        })
      : null;
  return readerBlocks({
    platform,
    language,
    body,
    crisisLine: crisis,
    disclaimer: disclaimerFor(physician, platform),
    sources,
  });
}

const disclaimersSchema = z.partialRecord(z.enum(PLATFORMS), z.string());

/** The physician's disclaimer for `platform`; a malformed stored value reads as none. */
function disclaimerFor(physician: Physician | undefined, platform: Platform): string | null {
  const parsed = disclaimersSchema.safeParse(physician?.disclaimers ?? {});
  return parsed.success ? (parsed.data[platform] ?? null) : null;
}
