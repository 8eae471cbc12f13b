/**
 * App Home: the physician's own drafts (never anyone else's), grouped by what they need
 * (`HOME_SECTIONS`), each section counted and paged on its own, plus their settings.
 * Published with `views.publish`.
 * Also refreshes the draft view modal opened from App Home after something changed.
 */
import { and, asc, count, desc, eq, inArray, isNull, like, not, or, type SQL, sql } from "drizzle-orm";
import { drafts, type Physician, publications } from "../../db/schema";
import { PUBLISH_PROBLEM_CODES } from "../../db/status-reasons";
import { errorMessage } from "../../lib/log";
import type { Services } from "../../services";
import { preferencesOf } from "../../voice/lessons";
import { HOME_SECTION_SIZE, HOME_SECTIONS, homeView } from "../blocks/home";
import { draftViewModal } from "../blocks/modals";
import type { HomeModel, HomeSection, HomeSectionModel } from "../blocks/models";
import { loadDraftCard } from "../card-model";
import { createSlackClient, slackCall } from "../client";
import { buildAccountsModel } from "./home-accounts";

/** Drafts whose last publish did not go through (back with the physician, listed as failed). */
const publishProblem = or(
  ...PUBLISH_PROBLEM_CODES.flatMap((code) => [
    eq(drafts.statusReason, `reason:${code}`),
    like(drafts.statusReason, `reason:${code}|%`),
  ]),
) as SQL;

/** A publication of the draft's own platform waits for the physician (a part unconfirmed, changed text). */
const awaitingAnswer = sql`exists (select 1 from publications p where p.draft_id = ${drafts.id}
  and p.platform = ${drafts.platform} and p.status in ('uncertain', 'waiting'))`;

/**
 * Which drafts each section holds, and in what order: newest first by when they were ordered
 * (the rows say "created …"), failures and publications by when they happened, scheduled
 * posts soonest first.
 */
const SECTION_QUERY: Record<HomeSection, { where: SQL; order: SQL[] }> = {
  needs_review: {
    where: or(
      and(eq(drafts.status, "needs_review"), not(coalesce(publishProblem))),
      and(eq(drafts.status, "publishing"), awaitingAnswer),
    ) as SQL,
    order: [desc(drafts.createdAt), desc(drafts.id)],
  },
  failed: {
    where: or(
      eq(drafts.status, "failed"),
      and(inArray(drafts.status, ["ready", "needs_review"]), coalesce(publishProblem)),
    ) as SQL,
    order: [desc(drafts.updatedAt), desc(drafts.id)],
  },
  ready: {
    where: and(eq(drafts.status, "ready"), not(coalesce(publishProblem))) as SQL,
    order: [desc(drafts.createdAt), desc(drafts.id)],
  },
  scheduled: { where: eq(drafts.status, "scheduled"), order: [asc(drafts.scheduledAt), asc(drafts.id)] },
  working: {
    where: or(
      inArray(drafts.status, ["queued", "generating"]),
      and(eq(drafts.status, "publishing"), not(awaitingAnswer)),
    ) as SQL,
    order: [desc(drafts.createdAt), desc(drafts.id)],
  },
  published: { where: eq(drafts.status, "published"), order: [desc(drafts.updatedAt), desc(drafts.id)] },
  rejected: { where: eq(drafts.status, "rejected"), order: [desc(drafts.createdAt), desc(drafts.id)] },
};

/** A NULL status reason is "no problem", not "unknown". */
function coalesce(condition: SQL): SQL {
  return sql`coalesce(${condition}, 0)`;
}

export async function buildHomeModel(
  services: Services,
  physician: Physician,
  focus?: { section: HomeSection; page: number },
): Promise<HomeModel> {
  const { db } = services;
  const mine = and(eq(drafts.physicianId, physician.id), isNull(drafts.deletedAt));
  const sections = await Promise.all(
    HOME_SECTIONS.map(async (section): Promise<HomeSectionModel> => {
      const query = SECTION_QUERY[section];
      const where = and(mine, query.where);
      const [totalRow] = await db.select({ n: count() }).from(drafts).where(where);
      const total = totalRow?.n ?? 0;
      const lastPage = Math.max(0, Math.ceil(total / HOME_SECTION_SIZE) - 1);
      const wanted = focus?.section === section ? focus.page : 0;
      const page = Math.min(Math.max(0, wanted), lastPage);
      if (total === 0) return { section, total, page, rows: [] };
      const rows = await db
        .select({
          id: drafts.id,
          topic: drafts.topic,
          platform: drafts.platform,
          status: drafts.status,
          createdAt: drafts.createdAt,
          scheduledAt: drafts.scheduledAt,
          updatedAt: drafts.updatedAt,
          url: publications.url,
        })
        .from(drafts)
        .leftJoin(
          publications,
          and(
            eq(publications.draftId, drafts.id),
            eq(publications.platform, drafts.platform),
            eq(publications.status, "published"),
          ),
        )
        .where(where)
        .orderBy(...query.order)
        .limit(HOME_SECTION_SIZE)
        .offset(page * HOME_SECTION_SIZE);
      return { section, total, page, rows };
    }),
  );
  return {
    language: physician.language,
    timezone: physician.timezone,
    defaultPlatform: physician.defaultPlatform,
    accounts: await buildAccountsModel(services, physician),
    preferences: (await preferencesOf(services.db, physician.id)).map((p) => ({
      id: p.id,
      kind: p.kind,
      data: p.data,
      count: p.count,
    })),
    // Until Slack told us their name, the stored name is their user id: greet without it.
    displayName: physician.displayName === physician.slackUserId ? "" : physician.displayName,
    sections,
  };
}

export async function publishHome(
  services: Services,
  physician: Physician,
  focus?: { section: HomeSection; page: number },
): Promise<void> {
  const model = await buildHomeModel(services, physician, focus);
  const slack = createSlackClient(services.config);
  await slackCall("views.publish", () =>
    slack.views.publish({ user_id: physician.slackUserId, view: homeView(model) }),
  );
}

/** `publishHome` after work that is done either way: a Home that cannot be shown is logged, not thrown. */
export async function refreshHomeQuietly(services: Services, physician: Physician): Promise<void> {
  await publishHome(services, physician).catch((err: unknown) =>
    services.log.warn("home_refresh_failed", { error: errorMessage(err) }),
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
  const loaded = await loadDraftCard(services.db, draftId, services.config);
  if (!loaded) return;
  const slack = createSlackClient(services.config);
  const update: Parameters<typeof slack.views.update>[0] = {
    view_id: view.id,
    view: draftViewModal(loaded.model),
  };
  if (view.hash) update.hash = view.hash;
  await slackCall("views.update", () => slack.views.update(update));
}
