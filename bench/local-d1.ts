/** SQL on a running `wrangler dev --local` server's D1, through `wrangler d1 execute`. */
import { runWranglerStdout } from "../scripts/lib/wrangler";
import type { DevServer } from "../test/e2e/dev-server";

export async function localD1(server: DevServer, sql: string, config?: string): Promise<string> {
  const args = ["d1", "execute", "DB", "--local", "--persist-to", server.state, "--json", "--command", sql];
  if (config) args.push("--config", config);
  return runWranglerStdout(args);
}
