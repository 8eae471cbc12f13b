import { defineConfig } from "vitest/config";

// `npm run mutate` only: the pure unit tests (no `cloudflare:*` imports) in plain Node, which
// starts in about a second instead of the Workers pool's ~15 s. The suite itself still runs
// them in the Workers runtime (vitest.config.ts).
export default defineConfig({
  test: { include: ["test/unit/**/*.test.ts"], environment: "node" },
});
