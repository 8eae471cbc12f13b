/**
 * Keyset pagination for the admin API: `?limit=` (1–100, default 50) and an opaque
 * `?cursor=` from the previous page's `nextCursor`. Stable under inserts, unlike offsets.
 */
import { z } from "zod";
import { BadRequestError } from "../lib/errors";

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

export interface Cursor {
  at: number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify([cursor.at, cursor.id])).replace(/=+$/, "");
}

const cursorShape = z.tuple([z.number(), z.string()]);

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const [at, id] = cursorShape.parse(JSON.parse(atob(raw)));
    return { at, id };
  } catch {
    throw new BadRequestError("cursor is not one this API gave out", "invalid_cursor");
  }
}

/** The page and the cursor of the next one (null on the last page). */
export function page<T>(
  rows: T[],
  limit: number,
  key: (row: T) => Cursor,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}

/** Parses query parameters with a schema; a bad one is a 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(query: Record<string, string>, schema: S): z.infer<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => i.path.join(".") || "query");
    throw new BadRequestError(`invalid query parameter: ${[...new Set(names)].join(", ")}`, "invalid_query");
  }
  return parsed.data;
}
