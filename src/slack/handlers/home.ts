/**
 * App Home: the physician's own drafts (never anyone else's), newest first, 10 a page,
 * plus upcoming scheduled posts and their settings. Published with `views.publish`.
 * Also refreshes the draft view modal opened from App Home after something changed.
 */
import { and, asc, count, eq, isNull } from "drizzle-orm";
import { listDraftsForPhysician } from "../../db/drafts";
import { drafts, type Physician } from "../../db/schema";
import type { Services } from "../../services";
import { HOME_PAGE_SIZE, homeView } from "../blocks/home";
import { draftViewModal } from "../blocks/modals";
import type { HomeDraftRow, HomeModel } from "../blocks/models";
import { loadDraftCard } from "../card-model";
import { createSlackClient, slackCall } from "../client";

/**
 * Upcoming rows fetched: every one a physician plausibly has, so the builder's "+N more"
 * (past the `UPCOMING_MAX` it lists) is the real number, not a fixed "+1".
 */
const UPCOMING_FETCH_MAX = 100;

export async function buildHomeModel(
  services: Services,
  physician: Physician,
  page: number,
): Promise<HomeModel> {
  const { db } = services;
  const [totalRow] = await db
    .select({ n: count() })
    .from(drafts)
    .where(and(eq(drafts.physicianId, physician.id), isNull(drafts.deletedAt)));
  const total = totalRow?.n ?? 0;
  const lastPage = Math.max(0, Math.ceil(total / HOME_PAGE_SIZE) - 1);
  const current = Math.min(Math.max(0, page), lastPage);
  const [rows, upcoming] = await Promise.all([
    listDraftsForPhysician(db, physician.id, { limit: HOME_PAGE_SIZE, offset: current * HOME_PAGE_SIZE }),
    db
      .select({
        id: drafts.id,
        topic: drafts.topic,
        platform: drafts.platform,
        status: drafts.status,
        createdAt: drafts.createdAt,
        scheduledAt: drafts.scheduledAt,
      })
      .from(drafts)
      .where(
        and(eq(drafts.physicianId, physician.id), eq(drafts.status, "scheduled"), isNull(drafts.deletedAt)),
      )
      .orderBy(asc(drafts.scheduledAt))
      .limit(UPCOMING_FETCH_MAX),
  ]);
  const row = (d: HomeDraftRow): HomeDraftRow => ({
    id: d.id,
    topic: d.topic,
    platform: d.platform,
    status: d.status,
    createdAt: d.createdAt,
    scheduledAt: d.scheduledAt,
  });
  return {
    language: physician.language,
    timezone: physician.timezone,
    defaultPlatform: physician.defaultPlatform,
    displayName: physician.displayName,
    drafts: rows.map(row),
    page: current,
    hasPrev: current > 0,
    hasNext: current < lastPage,
    upcoming: upcoming.map(row),
  };
}

export async function publishHome(services: Services, physician: Physician, page = 0): Promise<void> {
  const model = await buildHomeModel(services, physician, page);
  const slack = createSlackClient(services.config);
  await slackCall("views.publish", () =>
    slack.views.publish({ user_id: physician.slackUserId, view: homeView(model) }),
  );
}

/**
 * Shows the refreshed draft card in the App Home draft view modal `viewId` (after an action
 * or a form pushed over it changed the draft). `hash` guards against overwriting a newer view.
 */
export async function refreshDraftView(
  services: Services,
  draftId: string,
  view: { id: string; hash?: string },
): Promise<void> {
  const loaded = await loadDraftCard(services.db, draftId);
  if (!loaded) return;
  const slack = createSlackClient(services.config);
  const update: Parameters<typeof slack.views.update>[0] = {
    view_id: view.id,
    view: draftViewModal(loaded.model),
  };
  if (view.hash) update.hash = view.hash;
  await slackCall("views.update", () => slack.views.update(update));
}
