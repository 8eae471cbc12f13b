/** Test-only bindings added by vitest.config.ts. */
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    FAKES_URL: string;
  }
}

/** Vite `?raw` imports: a file's text (used to check code against wrangler.toml). */
declare module "*?raw" {
  const text: string;
  export default text;
}
