/**
 * Per-test: a fresh database (migrations applied), a clean fake server (recordings and
 * failure rules) and no leftover Durable Object state.
 */
import { applyD1Migrations, reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach } from "vitest";
import { createFakesClient } from "./fakes/client";

beforeEach(async () => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  await createFakesClient(env.FAKES_URL).reset();
});

afterEach(async () => {
  await reset();
});
