/**
 * npm run rebuild-vectors -- [--target URL]
 *
 * Asks the Worker to re-embed every chunk kept in D1 into the vector store (after a lost
 * or recreated Vectorize index, or a new embedding model), then follows /admin/stats
 * until the vector count reaches the chunk count (local store) or prints the index total.
 */
import { parseArgs } from "node:util";
import { readDevVars } from "./lib/dev-vars";

interface Stats {
  vector_backend: string;
  totals: { chunks: number; vectors: number | null };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { target: { type: "string" }, "timeout-s": { type: "string" } } });
  const token = process.env.ADMIN_TOKEN ?? readDevVars().ADMIN_TOKEN;
  if (!token) throw new Error("ADMIN_TOKEN is not set: export it or put it in .dev.vars");
  const target = (values.target ?? `http://127.0.0.1:${process.env.PORT ?? "8787"}`).replace(/\/+$/, "");
  const headers = { authorization: `Bearer ${token}` };
  const res = await fetch(`${target}/admin/vectors/rebuild`, { method: "POST", headers });
  if (res.status !== 202) throw new Error(`rebuild request failed: HTTP ${res.status}`);
  console.log("Rebuild queued; following progress…");
  const deadline = Date.now() + Number(values["timeout-s"] ?? "600") * 1000;
  while (Date.now() < deadline) {
    const stats = (await (await fetch(`${target}/admin/stats`, { headers })).json()) as Stats;
    console.log(`  vectors ${stats.totals.vectors ?? "?"} / chunks ${stats.totals.chunks}`);
    if (stats.vector_backend !== "local") {
      console.log("Vectorize counts update asynchronously; check /admin/stats again in a minute.");
      return;
    }
    if (stats.totals.vectors === stats.totals.chunks) {
      console.log("Rebuild complete.");
      return;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error("the rebuild did not finish in time; see `wrangler tail` for vectors_rebuild_page lines");
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
