// The fakes' own test files share one lifecycle: a fake server for the file, its state
// reset before each test, closed after the last.
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { FakeBaseUrls, FakeServer, FakesClient } from "./index.js";
import { createFakesClient, fakeBaseUrls, startFakeServer } from "./index.js";

export interface FakeServerFixture {
  server: FakeServer;
  fakes: FakesClient;
  urls: FakeBaseUrls;
}

/** Registers the hooks; `ready` receives the server, its control client and its base URLs. */
export function useFakeServer(ready: (fixture: FakeServerFixture) => void): void {
  let server: FakeServer | undefined;
  let fakes: FakesClient | undefined;
  beforeAll(async () => {
    server = await startFakeServer();
    fakes = createFakesClient(server.url);
    ready({ server, fakes, urls: fakeBaseUrls(server.url) });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    await fakes?.reset();
  });
}
