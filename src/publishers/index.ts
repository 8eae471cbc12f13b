/**
 * Publisher factory: the adapter for a platform, built from config. `configured` tells
 * whether its credentials are set; publishing with an unconfigured one fails with
 * `not_configured` and a message naming the settings (never their values).
 */
import type { Config } from "../config";
import type { Platform } from "../db/schema";
import { createTelegramPublisher } from "./telegram";
import { createThreadsPublisher } from "./threads";
import { DEFAULT_DEPS, type Publisher, type PublisherDeps } from "./types";
import { createXPublisher } from "./x";

export function createPublisher(
  platform: Platform,
  config: Config,
  deps: Partial<PublisherDeps> = {},
): Publisher {
  const resolved: PublisherDeps = { ...DEFAULT_DEPS, ...deps };
  switch (platform) {
    case "telegram":
      return createTelegramPublisher(config, resolved);
    case "x":
      return createXPublisher(config, resolved);
    case "threads":
      return createThreadsPublisher(config, resolved);
  }
}

export { PublishError, type Publisher, type PublishResult } from "./types";
