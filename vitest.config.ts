import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Workers-runtime tests: real D1 (migrations applied in test/setup.ts), Queues and Durable
// Objects from wrangler.toml; external APIs are the loopback fakes started in globalSetup.
export default defineConfig({
  plugins: [
    cloudflareTest(async ({ inject }) => {
      const fakesUrl = inject<string>("fakesUrl");
      const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
      return {
        main: "./src/index.ts",
        remoteBindings: false,
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          compatibilityFlags: ["service_binding_extra_handlers"],
          bindings: {
            ENVIRONMENT: "test",
            TEST_MIGRATIONS: migrations,
            FAKES_URL: fakesUrl,
            ADMIN_TOKEN: "test-admin-token",
            SLACK_SIGNING_SECRET: "test-signing-secret",
            SLACK_BOT_TOKEN: "xoxb-test-token",
            RETRY_BASE_DELAY_S: "1",
            SLACK_API_URL: `${fakesUrl}/slack/api`,
            ANTHROPIC_BASE_URL: `${fakesUrl}/anthropic`,
            OPENAI_BASE_URL: `${fakesUrl}/openai/v1`,
            PUBMED_API_URL: `${fakesUrl}/pubmed`,
            TELEGRAM_API_URL: `${fakesUrl}/telegram`,
            X_API_URL: `${fakesUrl}/x`,
            THREADS_API_URL: `${fakesUrl}/threads/v1.0`,
            X_AUTHORIZE_URL: `${fakesUrl}/x/i/oauth2/authorize`,
            THREADS_AUTHORIZE_URL: `${fakesUrl}/threads/oauth/authorize`,
          },
        },
      };
    }),
  ],
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    setupFiles: ["./test/setup.ts"],
    // One fake server serves every file; files run one at a time so recordings never mix.
    fileParallelism: false,
    experimental: { fsModuleCache: true },
  },
});
