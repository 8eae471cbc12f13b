// Standalone fake server for demos and manual runs:
//   tsx test/fakes/cli.ts --port 8788
// Prints the base URLs to configure the Worker with and runs until SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { fakeBaseUrls, startFakeServer } from "./index.js";

const { values } = parseArgs({ options: { port: { type: "string", default: "8788" } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`invalid --port: ${values.port}`);
  process.exit(2);
}

const server = await startFakeServer({ port });
console.log(`Fake external APIs listening on ${server.url} (control API: ${server.url}/__control)`);
for (const [name, url] of Object.entries(fakeBaseUrls(server.url))) console.log(`${name}=${url}`);

const stop = (signal: string) => {
  console.log(`\n${signal}: stopping fakes`);
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", () => stop("SIGINT"));
process.once("SIGTERM", () => stop("SIGTERM"));
