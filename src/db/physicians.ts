/** Physician records: one per Slack team + user, created on first contact. */
import { and, eq } from "drizzle-orm";
import type { Db } from "./client";
import { type Language, type Physician, type Platform, physicians } from "./schema";

export interface PhysicianIdentity {
  slackTeamId: string;
  slackUserId: string;
  displayName?: string;
}

/** Creates the physician's row on first contact; does nothing when it exists. */
export const insertIfNew = (db: Db, who: PhysicianIdentity) =>
  db
    .insert(physicians)
    .values({
      id: crypto.randomUUID(),
      slackTeamId: who.slackTeamId,
      slackUserId: who.slackUserId,
      displayName: who.displayName ?? who.slackUserId,
    })
    .onConflictDoNothing();

/** The physician row of a Slack user. */
export const bySlack = (who: PhysicianIdentity) =>
  and(eq(physicians.slackTeamId, who.slackTeamId), eq(physicians.slackUserId, who.slackUserId));

/** Returns the physician for a Slack user, creating the row on first contact. */
export async function upsertPhysician(db: Db, who: PhysicianIdentity): Promise<Physician> {
  const existing = await findPhysicianBySlack(db, who.slackTeamId, who.slackUserId);
  if (existing) return existing;
  // The insert answers with the new row; only a lost race (another request created the
  // physician in between) needs one more read.
  const [inserted] = await insertIfNew(db, who).returning();
  if (inserted) return inserted;
  const created = await findPhysicianBySlack(db, who.slackTeamId, who.slackUserId);
  if (!created) throw new Error("physician upsert lost");
  return created;
}

export async function findPhysicianBySlack(
  db: Db,
  slackTeamId: string,
  slackUserId: string,
): Promise<Physician | undefined> {
  return db.query.physicians.findFirst({ where: bySlack({ slackTeamId, slackUserId }) });
}

export async function getPhysician(db: Db, id: string): Promise<Physician | undefined> {
  return db.query.physicians.findFirst({ where: eq(physicians.id, id) });
}

export interface PhysicianSettings {
  displayName?: string;
  specialty?: string;
  styleNamespace?: string | null;
  language?: Language;
  timezone?: string;
  defaultPlatform?: Platform;
  /** ISO 3166-1 alpha-2, or null for none (the generic crisis line). */
  country?: string | null;
  crisisLine?: string | null;
  disclaimers?: Partial<Record<Platform, string>> | null;
  clinicAccounts?: boolean;
}

export async function updatePhysicianSettings(
  db: Db,
  id: string,
  settings: PhysicianSettings,
): Promise<void> {
  await db
    .update(physicians)
    .set({ ...settings, updatedAt: Date.now() })
    .where(eq(physicians.id, id));
}

/** The namespace of a physician's style index: their own posts, or a linked sample. */
export function styleNamespaceOf(physician: Physician): string {
  return physician.styleNamespace ?? physician.id;
}
