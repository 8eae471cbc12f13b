/**
 * npm run ops:query -- <name>   (or --list)
 *
 * Runs one of the named Analytics Engine queries (observability/queries.ts) against
 * production with CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN, and prints the rows.
 * `--sql` prints the query instead, to paste into the dashboard or curl.
 */
import { parseArgs } from "node:util";
import { analyticsSqlRunner } from "../src/observability/measure-analytics";
import { QUERIES, type QueryName } from "../src/observability/queries";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { list: { type: "boolean" }, sql: { type: "boolean" } },
  });
  const name = positionals[0];
  if (values.list || !name) {
    for (const [key, query] of Object.entries(QUERIES)) console.log(`${key.padEnd(30)} ${query.description}`);
    return name || values.list ? 0 : 1;
  }
  if (!(name in QUERIES)) {
    console.error(`no query named ${name}; --list shows them`);
    return 1;
  }
  const query = QUERIES[name as QueryName];
  if (values.sql) {
    console.log(query.sql);
    return 0;
  }
  const { CLOUDFLARE_ACCOUNT_ID: accountId, CLOUDFLARE_API_TOKEN: apiToken } = process.env;
  if (!accountId || !apiToken) {
    console.error("set CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN (Account Analytics: Read)");
    return 2;
  }
  const run = analyticsSqlRunner({
    accountId,
    apiToken,
    baseUrl: process.env.CLOUDFLARE_API_BASE_URL ?? "https://api.cloudflare.com/client/v4",
  });
  console.table(await run(query.sql));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
