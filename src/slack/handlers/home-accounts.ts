/** The "Your accounts" part of App Home: the physician's own accounts and nobody else's. */
import { and, count, eq, isNull } from "drizzle-orm";
import { clinicConfigured, destinationLabel, mayUseClinic } from "../../accounts/destination";
import { listAccounts } from "../../accounts/store";
import { offeredChannels } from "../../accounts/telegram-link";
import { drafts, type Physician, PLATFORMS } from "../../db/schema";
import type { Services } from "../../services";
import type { HomeAccountsModel } from "../blocks/models";

export async function buildAccountsModel(
  services: Services,
  physician: Physician,
): Promise<HomeAccountsModel> {
  const { db, config } = services;
  const [own, offered, scheduled] = await Promise.all([
    listAccounts(db, physician.id),
    offeredChannels(db, physician.id),
    db
      .select({ platform: drafts.platform, n: count() })
      .from(drafts)
      .where(
        and(eq(drafts.physicianId, physician.id), eq(drafts.status, "scheduled"), isNull(drafts.deletedAt)),
      )
      .groupBy(drafts.platform),
  ]);
  const rows = PLATFORMS.map((platform) => {
    const account = own.find((a) => a.platform === platform);
    const fallback =
      clinicConfigured(platform, config) && mayUseClinic(physician, config)
        ? destinationLabel({ kind: "clinic", ref: "clinic" }, platform, config)
        : config.ENVIRONMENT !== "production" && config.LOCAL_OUTBOX !== "off"
          ? destinationLabel({ kind: "outbox", ref: "outbox" }, platform, config)
          : null;
    if (!account) return { platform, fallback };
    return {
      platform,
      fallback,
      own: {
        handle: account.handle,
        url: account.url,
        needsReconnect: account.status === "reconnect",
        why: account.lastError,
        scheduled: scheduled.find((s) => s.platform === platform)?.n ?? 0,
      },
    };
  });
  const connectedChat = own.find((a) => a.platform === "telegram")?.externalId;
  return {
    rows,
    offered: offered
      .filter((chat) => chat.chatId !== connectedChat)
      .map((chat) => ({ chatId: chat.chatId, title: chat.username ? `@${chat.username}` : chat.title })),
  };
}
