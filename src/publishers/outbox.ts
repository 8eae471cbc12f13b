/**
 * The local outbox: outside production, a platform without credentials publishes into D1
 * (`outbox`) instead of refusing, so `npm start` with no accounts shows a post going out.
 * Parts are stored as the platform would receive them, threaded by `reply_to`. Ids are
 * `outbox:<row>`; the card says "published to the local outbox". Production never uses it:
 * there an unconfigured platform stays a clear `not_configured` refusal.
 */
import { desc } from "drizzle-orm";
import type { Db } from "../db/client";
import { outbox, type Platform } from "../db/schema";
import { type PostedPart, PublishError, type Publisher } from "./types";

export const OUTBOX_PREFIX = "outbox:";

export function isOutboxId(id: string | null | undefined): boolean {
  return id?.startsWith(OUTBOX_PREFIX) === true;
}

export function createOutboxPublisher(platform: Platform, db: Db, draftId: string): Publisher {
  return {
    platform,
    configured: true,
    async publish(parts, _idempotencyKey, options = {}) {
      const posted: PostedPart[] = [...(options.alreadyPosted ?? [])];
      // A local row written by a lost attempt is harmless to write again; nothing to reconcile.
      for (const [index, text] of parts.entries()) {
        if (index < posted.length) continue;
        await options.onSending?.(index);
        const previous = posted.findLast((part) => part.id !== "")?.id;
        const [row] = await db
          .insert(outbox)
          .values({
            draftId,
            platform,
            part: index,
            replyTo: previous ? Number(previous.slice(OUTBOX_PREFIX.length)) : null,
            text,
          })
          .returning({ id: outbox.id });
        if (!row) throw new PublishError("transient", "The local outbox did not store the post.");
        posted.push({ id: `${OUTBOX_PREFIX}${row.id}`, url: null });
        await options.onPosted?.([...posted]);
      }
      const head = posted[0];
      if (head === undefined)
        throw new PublishError("rejected", "Nothing to publish: the post is empty.", undefined, {
          cause: "content",
        });
      return { externalId: head.id, url: null, parts: posted };
    },
  };
}

/** The newest outbox posts (admin API, playground). */
export async function listOutbox(db: Db, limit = 50) {
  return db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit);
}
