import { defineConfig } from "vitest/config";

// Node-side tests: the fake external servers themselves and the end-to-end suite that
// drives a real `wrangler dev --local` over HTTP.
export default defineConfig({
  test: {
    include: ["test/fakes/**/*.test.ts", "test/e2e/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
