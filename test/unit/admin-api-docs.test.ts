/** docs/api.md documents every admin route the Worker serves, and no route it does not. */
import { describe, expect, it } from "vitest";
import apiDoc from "../../docs/api.md?raw";
import { adminRoutes } from "../../src/routes/admin";

const served = [
  ...new Set(adminRoutes.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`)),
];
const documented = [...apiDoc.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`?[ ]*)/g)].map(
  (m) => `${m[1]} ${m[2]}`,
);

describe("docs/api.md", () => {
  it.each(served)("documents %s", (route) => {
    expect(documented).toContain(route);
  });

  it("names no route the Worker does not serve", () => {
    expect(documented.filter((route) => !served.includes(route))).toEqual([]);
  });
});
