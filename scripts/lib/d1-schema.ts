/**
 * Which tables a D1 backup holds. `wrangler d1 export` refuses databases with virtual
 * tables (our FTS5 index), so backups export the regular tables by name, data only; the
 * schema — tables, indexes, the FTS table and its triggers — comes from the migrations at
 * restore time, and the triggers re-fill the FTS index as the chunks are inserted.
 */

/** Tables that belong to the FTS5 virtual table. */
export function isFtsTable(name: string): boolean {
  return name === "knowledge_chunks_fts" || name.startsWith("knowledge_chunks_fts_");
}

/** Regular application tables worth backing up. */
export function isBackedUpTable(name: string): boolean {
  return (
    Boolean(name) &&
    !isFtsTable(name) &&
    name !== "d1_migrations" &&
    !name.startsWith("_cf_") &&
    !name.startsWith("sqlite_")
  );
}
