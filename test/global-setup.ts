/**
 * Starts the loopback fake of every external API once per run (Node side) and hands its
 * URL to the Workers pool, whose bindings point every outbound base URL at it.
 */
import type { TestProject } from "vitest/node";
import { startFakeServer } from "./fakes";

declare module "vitest" {
  export interface ProvidedContext {
    fakesUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startFakeServer();
  project.provide("fakesUrl", server.url);
  return () => server.close();
}
