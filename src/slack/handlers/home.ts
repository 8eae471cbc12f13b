/**
 * App Home: the physician's own drafts (never anyone else's), newest first, 10 a page,
 * plus upcoming scheduled posts and their settings. Published with `views.publish`.
 */
import { and, asc, count, eq, isNull } from "drizzle-orm";
import { listDraftsForPhysician } from "../../db/drafts";
import { drafts, type Physician } from "../../db/schema";
import type { Services } from "../../services";
import { homeView } from "../blocks/home";
import type { HomeModel } from "../blocks/models";
import { createSlackClient, slackCall } from "../client";

export const HOME_PAGE_SIZE = 10;

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
      .select()
      .from(drafts)
      .where(
        and(eq(drafts.physicianId, physician.id), eq(drafts.status, "scheduled"), isNull(drafts.deletedAt)),
      )
      .orderBy(asc(drafts.scheduledAt))
      .limit(5),
  ]);
  const row = (d: (typeof rows)[number]) => ({
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
